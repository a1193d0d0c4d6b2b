"""Migration environment, run by Alembic (created by `aludel init`).

aludel reads the same configuration without running this file. To keep the
two tools on the same database, the URL comes from the DATABASE_URL
environment variable when it is set, else from sqlalchemy.url in the ini
file. (aludel additionally reads DATABASE_URL from a .env file beside the ini
file, and a url from aludel.toml / [tool.aludel].)
"""

import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

# The Alembic Config: the ini file's values, the command-line options.
config = context.config

# Set up Python logging from the ini file's [loggers] / [handlers] sections.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The MetaData of your models, compared with the database by
# `revision --autogenerate`. With SQLModel, for example:
#
#     from sqlmodel import SQLModel
#     import myapp.models  # noqa: F401 - importing registers the tables
#     target_metadata = SQLModel.metadata
target_metadata = None


def database_url() -> str | None:
    """DATABASE_URL when set, else sqlalchemy.url from the ini file."""
    return os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline() -> None:
    """Write the migrations out as SQL (`--sql`) instead of running them.

    Only the URL is used, to pick the SQL dialect: no connection is made and
    no database driver is needed.
    """
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect to the database and run the migrations in it."""
    # Every "sqlalchemy.*" option of the main section is an engine argument.
    engine_options = config.get_section(config.config_ini_section, {})
    if os.environ.get("DATABASE_URL"):
        engine_options["sqlalchemy.url"] = os.environ["DATABASE_URL"]
    engine = engine_from_config(
        engine_options,
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
