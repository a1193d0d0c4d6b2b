"""Alembic environment of the async FastAPI + SQLModel fixture (README.md).

As in the real project: the settings object gives the URL, the project
directory is put on sys.path by hand, and the models come in with a star
import of the `app.models` package, whose __init__ re-exports every table.
The real project migrates through an async engine (asyncpg); the reference
venv has no async driver, so this one is synchronous.
"""

import pathlib
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

sys.path.append(str(pathlib.Path(__file__).resolve().parents[1]))

from app.core.config import Settings  # noqa: E402
from app.models import *  # noqa: E402,F401,F403 - registers every table

settings = Settings()
config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = SQLModel.metadata


def run_migrations_offline():
    context.configure(
        url=str(settings.DATABASE_URI),
        target_metadata=target_metadata,
        literal_binds=True,
        compare_type=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection):
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = create_engine(str(settings.DATABASE_URI), poolclass=pool.NullPool)
    with connectable.connect() as connection:
        do_run_migrations(connection)
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
