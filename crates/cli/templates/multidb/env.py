"""Migration environment for several databases, run by Alembic (created by
`aludel init`).

The main section of the ini file lists the databases in its "databases"
option; each name has a section of its own with that database's
sqlalchemy.url. Every migration runs once per database, with the database's
name passed to the revision's upgrade() / downgrade().

aludel reads this configuration without running this file, and migrates one
database per invocation (chosen with --url or DATABASE_URL).
"""

import logging
import re
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

# Set to True to commit all databases with two-phase commit.
USE_TWOPHASE = False

# The Alembic Config: the ini file's values, the command-line options.
config = context.config

# Set up Python logging from the ini file's [loggers] / [handlers] sections.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

# The database names, e.g. "engine1, engine2" -> ["engine1", "engine2"].
db_names = [
    name
    for name in re.split(r",\s*", config.get_main_option("databases", "") or "")
    if name
]

# The MetaData of each database's models, by database name, compared with
# that database by `revision --autogenerate`, for example:
#
#     from myapp import models
#     target_metadata = {"engine1": models.metadata1, "engine2": models.metadata2}
target_metadata = {}


def run_migrations_offline() -> None:
    """Write each database's migrations as SQL to <name>.sql (`--sql`)."""
    for name in db_names:
        url = config.get_section_option(name, "sqlalchemy.url")
        logger.info("Migrating database %s" % name)
        file_name = "%s.sql" % name
        logger.info("Writing output to %s" % file_name)
        with open(file_name, "w") as buffer:
            context.configure(
                url=url,
                output_buffer=buffer,
                target_metadata=target_metadata.get(name),
                literal_binds=True,
                dialect_opts={"paramstyle": "named"},
            )
            with context.begin_transaction():
                context.run_migrations(engine_name=name)


def run_migrations_online() -> None:
    """Run the migrations in every database, committing all of them only
    when all of them succeeded."""
    connections = {}
    transactions = {}
    try:
        for name in db_names:
            engine = engine_from_config(
                config.get_section(name, {}),
                prefix="sqlalchemy.",
                poolclass=pool.NullPool,
            )
            connections[name] = engine.connect()
            if USE_TWOPHASE:
                transactions[name] = connections[name].begin_twophase()
            else:
                transactions[name] = connections[name].begin()

        for name in db_names:
            logger.info("Migrating database %s" % name)
            context.configure(
                connection=connections[name],
                upgrade_token="%s_upgrades" % name,
                downgrade_token="%s_downgrades" % name,
                target_metadata=target_metadata.get(name),
            )
            context.run_migrations(engine_name=name)

        if USE_TWOPHASE:
            for transaction in transactions.values():
                transaction.prepare()
        for transaction in transactions.values():
            transaction.commit()
    except BaseException:
        for transaction in transactions.values():
            transaction.rollback()
        raise
    finally:
        for connection in connections.values():
            connection.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
