"""Alembic environment of the scratch projects of tests/oracle/autogen_oracle.py.

The stock env.py shape with:
  * the database URL from DATABASE_URL;
  * the target metadata of `models.py` (the oracle copies one model version
    of a corpus case there): the module's own `target_metadata` when it
    defines one, else SQLModel.metadata plus `Base.metadata` when the module
    has a plain SQLAlchemy declarative `Base` (see `models_metadata`);
  * compare_server_default=True;
  * render_as_batch when ALUDEL_RENDER_AS_BATCH=1.
"""

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import MetaData, create_engine, pool
from sqlmodel import SQLModel

import models

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def models_metadata(module):
    """What autogenerate compares with: a MetaData or a list of them."""
    explicit = getattr(module, "target_metadata", None)
    if explicit is not None:
        return explicit
    found = [SQLModel.metadata]
    base = getattr(module, "Base", None)
    base_metadata = getattr(base, "metadata", None)
    if isinstance(base_metadata, MetaData) and base_metadata is not SQLModel.metadata:
        if not SQLModel.metadata.tables:
            return base_metadata
        found.append(base_metadata)
    return found[0] if len(found) == 1 else found


target_metadata = models_metadata(models)
render_as_batch = os.environ.get("ALUDEL_RENDER_AS_BATCH") == "1"


def run_migrations_offline() -> None:
    context.configure(
        url=os.environ["DATABASE_URL"],
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        compare_server_default=True,
        render_as_batch=render_as_batch,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = create_engine(os.environ["DATABASE_URL"], poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_server_default=True,
            render_as_batch=render_as_batch,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
