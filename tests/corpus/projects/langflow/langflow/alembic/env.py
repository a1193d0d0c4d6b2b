"""Alembic environment of the Langflow fixture (README.md).

As in the real project: SQLModel comes from the database service module
(which imports the models), env.py gives the metadata a naming convention,
every revision is rendered in batch mode (SQLite is the default database),
SQLite transactions are opened with BEGIN EXCLUSIVE, and PostgreSQL runs
take a transaction-level advisory lock.  The real project migrates through
an async engine (aiosqlite / asyncpg) whose URL it sets at run time; the
reference venv has no async driver, so this one is synchronous and reads
DATABASE_URL.
"""

import hashlib
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool, text
from sqlalchemy.event import listen

from langflow.services.database.service import SQLModel

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

target_metadata = SQLModel.metadata
target_metadata.naming_convention = NAMING_CONVENTION


def database_url() -> str:
    return os.environ["DATABASE_URL"]


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_connect(dbapi_connection, connection_record):
    # pysqlite must not open transactions itself ...
    dbapi_connection.isolation_level = None


def _sqlite_begin(conn):
    # ... this listener does, and locks the database for the whole run
    conn.exec_driver_sql("PRAGMA busy_timeout = 60000")
    conn.exec_driver_sql("BEGIN EXCLUSIVE")


def _run(connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # one migrating process per database
            key = int(hashlib.sha256(str(connection.engine.url).encode()).hexdigest()[:16], 16)
            connection.execute(text("SET LOCAL lock_timeout = '60s';"))
            connection.execute(text(f"SELECT pg_advisory_xact_lock({key % (2**63 - 1)});"))
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        listen(engine, "connect", _sqlite_connect)
        listen(engine, "begin", _sqlite_begin)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
