"""Fixtures of the guide-style migration tests.

The suite is written as the SQLModel migration guides write theirs, against
``alembic.command``; ``ALUDEL_COMMAND_MODULE=aludel`` (the default) runs the
same tests against ``aludel.command`` instead, ``=alembic`` against real
Alembic. tests/python/run.sh runs it both ways.
"""

from __future__ import annotations

import importlib
import os
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

MODULE = os.environ.get("ALUDEL_COMMAND_MODULE", "aludel")
if MODULE not in ("alembic", "aludel"):
    raise RuntimeError("ALUDEL_COMMAND_MODULE must be alembic or aludel, not %r" % MODULE)

command = importlib.import_module(MODULE + ".command")
Config = importlib.import_module(MODULE + ".config").Config
util = importlib.import_module(MODULE + ".util")

PROJECT = Path(__file__).parent / "project"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def pytest_report_header(config):
    return "command module: %s (%s)" % (MODULE, command.__file__)


def unavailable(reason: str):
    """Skips a test that needs something missing; under CI that is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch):
    # The tests choose the database through the Config, as the guides do;
    # a DATABASE_URL of the developer's shell would win for aludel.
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the SQLModel project (revisions may be written into it)."""
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    return target


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A scratch database: a temporary SQLite file, or a PostgreSQL
    database created for the test and dropped after it."""
    if request.param == "sqlite":
        yield "sqlite:///" + (tmp_path / "test.db").as_posix()
        return
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as error:
        unavailable("no PostgreSQL at 127.0.0.1:5432: %s" % error)
    name = "aludel_py_" + uuid.uuid4().hex[:12]
    with admin:
        admin.execute('CREATE DATABASE "%s"' % name)
        try:
            yield PG_URL.format(name=name)
        finally:
            admin.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


@pytest.fixture
def alembic_config(project, database_url):
    """``Config("alembic.ini")`` pointed at the scratch database."""
    cfg = Config(str(project / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", database_url)
    return cfg


@pytest.fixture
def engine(database_url):
    engine = sa.create_engine(database_url, poolclass=NullPool)
    yield engine
    engine.dispose()
