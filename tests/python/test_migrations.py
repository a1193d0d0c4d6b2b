"""Migration tests in the style of the SQLModel guides: upgrade a scratch
database with ``command.upgrade(cfg, "head")``, look at it with SQLAlchemy's
inspector, downgrade, look again; seed rows before a data migration.

The same tests run against ``alembic.command`` and ``aludel.command``
(conftest.py, ``ALUDEL_COMMAND_MODULE``): a difference between the two is a
failure of one run.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time
from argparse import Namespace

import pytest
import sqlalchemy as sa
from conftest import MODULE, Config, command, util

HEAD_TABLES = {"alembic_version", "hero", "team"}


def tables(engine) -> set:
    return set(sa.inspect(engine).get_table_names())


def versions(engine) -> list:
    with engine.connect() as connection:
        if "alembic_version" not in tables(engine):
            return []
        return [row[0] for row in connection.execute(sa.text("SELECT version_num FROM alembic_version"))]


def test_the_module_under_test():
    assert command.__name__ == MODULE + ".command"
    assert Config.__module__ == MODULE + ".config"


def test_upgrade_head_builds_the_models_tables(alembic_config, engine):
    command.upgrade(alembic_config, "head")

    assert tables(engine) == HEAD_TABLES
    inspector = sa.inspect(engine)
    hero = {c["name"]: c for c in inspector.get_columns("hero")}
    assert list(hero) == ["id", "name", "secret_name", "age", "team_id", "slug"]
    assert hero["slug"]["nullable"] is False
    assert hero["age"]["nullable"] is True
    indexes = {i["name"]: i for i in inspector.get_indexes("hero")}
    assert set(indexes) == {"ix_hero_age", "ix_hero_name", "ix_hero_slug"}
    assert indexes["ix_hero_slug"]["unique"]
    (fk,) = inspector.get_foreign_keys("hero")
    assert (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"]) == (
        ["team_id"],
        "team",
        ["id"],
    )
    assert versions(engine) == ["0003"]


def test_downgrade_base_removes_them_again(alembic_config, engine):
    command.upgrade(alembic_config, "head")
    command.downgrade(alembic_config, "base")

    assert tables(engine) == {"alembic_version"}
    assert versions(engine) == []


def test_every_revision_goes_up_down_and_up_again(alembic_config, engine):
    expected = {
        "0001": {"alembic_version", "hero"},
        "0002": HEAD_TABLES,
        "0003": HEAD_TABLES,
    }
    for revision, names in expected.items():
        command.upgrade(alembic_config, revision)
        assert tables(engine) == names
        command.downgrade(alembic_config, "-1")
        command.upgrade(alembic_config, "+1")
        assert versions(engine) == [revision]
    hero_columns = [c["name"] for c in sa.inspect(engine).get_columns("hero")]
    assert hero_columns[-1] == "slug"


def test_data_migration_fills_the_new_column_from_existing_rows(alembic_config, engine):
    command.upgrade(alembic_config, "0002")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, headquarters) VALUES (1, 'Preventers', 'Sharp Tower')")
        )
        connection.execute(
            sa.text("INSERT INTO hero (name, secret_name, age, team_id) VALUES (:n, :s, :a, :t)"),
            [
                {"n": "Deadpond", "s": "Dive Wilson", "a": None, "t": 1},
                {"n": "Spider Boy", "s": "Pedro Parqueador", "a": None, "t": None},
                {"n": "Rusty Man", "s": "Tommy Sharp", "a": 48, "t": 1},
            ],
        )

    command.upgrade(alembic_config, "head")

    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT name, slug, team_id FROM hero ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        ("Deadpond", "deadpond", 1),
        ("Spider Boy", "spider-boy", None),
        ("Rusty Man", "rusty-man", 1),
    ]

    command.downgrade(alembic_config, "0002")
    with engine.connect() as connection:
        names = connection.execute(sa.text("SELECT name FROM hero ORDER BY id")).scalars().all()
    assert names == ["Deadpond", "Spider Boy", "Rusty Man"]
    assert "slug" not in {c["name"] for c in sa.inspect(engine).get_columns("hero")}


def printing_config(project, database_url):
    """A Config that prints on the ``sys.stdout`` of now: Alembic's default
    ``stdout`` is the ``sys.stdout`` of when alembic.config was imported,
    which capsys does not see."""
    cfg = Config(str(project / "alembic.ini"), stdout=sys.stdout)
    cfg.set_main_option("sqlalchemy.url", database_url)
    return cfg


def test_current_heads_and_history_print_the_revisions(project, database_url, capsys):
    alembic_config = printing_config(project, database_url)
    command.upgrade(alembic_config, "0002")
    capsys.readouterr()

    command.current(alembic_config)
    assert capsys.readouterr().out == "0002\n"

    command.heads(alembic_config)
    assert capsys.readouterr().out == "0003 (head)\n"

    command.history(alembic_config)
    assert capsys.readouterr().out.splitlines() == [
        "0002 -> 0003 (head), hero slug",
        "0001 -> 0002, create team",
        "<base> -> 0001, create hero",
    ]

    command.history(alembic_config, rev_range="0001:0002", indicate_current=True)
    assert capsys.readouterr().out.splitlines() == [
        "0001 -> 0002 (current), create team",
        "<base> -> 0001, create hero",
    ]

    command.current(alembic_config, verbose=True)
    out = capsys.readouterr().out
    assert "Rev: 0002" in out
    assert "Revises: 0001" in out


def test_output_goes_to_the_configs_stdout_and_quiet_silences_it(project, database_url):
    buffer = io.StringIO()
    cfg = Config(str(project / "alembic.ini"), stdout=buffer)
    cfg.set_main_option("sqlalchemy.url", database_url)
    command.heads(cfg)
    assert buffer.getvalue() == "0003 (head)\n"

    quiet = Config(str(project / "alembic.ini"), stdout=buffer, cmd_opts=Namespace(quiet=True, x=[]))
    quiet.set_main_option("sqlalchemy.url", database_url)
    command.heads(quiet)
    command.upgrade(quiet, "head")
    assert buffer.getvalue() == "0003 (head)\n"


def test_sql_mode_writes_the_script_to_the_output_buffer(project, database_url, engine):
    script = io.StringIO()
    cfg = Config(str(project / "alembic.ini"), output_buffer=script)
    cfg.set_main_option("sqlalchemy.url", database_url)

    command.upgrade(cfg, "0001", sql=True)

    text = script.getvalue()
    assert "CREATE TABLE hero" in text
    assert "INSERT INTO alembic_version (version_num) VALUES ('0001')" in text
    assert tables(engine) == set()


def test_stamp_and_ensure_version(alembic_config, engine):
    command.ensure_version(alembic_config)
    assert tables(engine) == {"alembic_version"}
    assert versions(engine) == []

    command.stamp(alembic_config, "0002")
    assert versions(engine) == ["0002"]
    assert tables(engine) == {"alembic_version"}

    command.stamp(alembic_config, "0001", purge=True)
    assert versions(engine) == ["0001"]
    command.stamp(alembic_config, "base")
    assert versions(engine) == []


def test_revision_writes_a_file_and_returns_its_script(project, database_url, capsys):
    alembic_config = printing_config(project, database_url)
    script = command.revision(alembic_config, message="add power", rev_id="0004")

    assert script.revision == "0004"
    assert script.down_revision == "0003"
    assert script.doc == "add power"
    assert os.path.isfile(script.path)
    assert os.path.dirname(script.path) == str(project / "migrations" / "versions")
    capsys.readouterr()
    command.heads(alembic_config)
    assert capsys.readouterr().out == "0004 (head)\n"


def test_check_passes_at_head_and_names_a_difference(project, database_url, engine, capsys):
    alembic_config = printing_config(project, database_url)
    command.upgrade(alembic_config, "0002")
    with pytest.raises(util.CommandError, match="Target database is not up to date"):
        command.check(alembic_config)

    command.upgrade(alembic_config, "head")
    capsys.readouterr()
    command.check(alembic_config)
    assert capsys.readouterr().out == "No new upgrade operations detected.\n"

    with engine.begin() as connection:
        connection.execute(sa.text("DROP INDEX ix_hero_age"))
    with pytest.raises(util.AutogenerateDiffsDetected) as caught:
        command.check(alembic_config)
    assert str(caught.value).startswith("New upgrade operations detected: [('add_index'")
    assert "ix_hero_age" in str(caught.value)


def test_an_unknown_revision_raises_command_error(alembic_config, engine):
    with pytest.raises(util.CommandError, match="Can't locate revision identified by 'nope'"):
        command.upgrade(alembic_config, "nope")
    with pytest.raises(util.CommandError):
        command.downgrade(alembic_config, "0001:base")


def test_config_reads_and_sets_like_alembics(project, database_url):
    ini = str(project / "alembic.ini")
    cfg = Config(ini, config_args={"extra": "x"})
    assert cfg.config_file_name == ini
    assert cfg.get_main_option("script_location") == (project / "migrations").as_posix()
    assert cfg.get_main_option("missing", "fallback") == "fallback"
    assert cfg.get_section_option("logger_alembic", "level") == "INFO"
    assert cfg.get_section("handler_console")["class"] == "StreamHandler"
    assert cfg.get_section("no_such_section") is None
    assert cfg.get_main_option("extra") == "x"
    cfg.set_main_option("sqlalchemy.url", database_url)
    assert cfg.get_main_option("sqlalchemy.url") == database_url
    cfg.attributes["anything"] = 1
    assert cfg.attributes == {"anything": 1}
    with pytest.raises(util.CommandError):
        cfg.get_section_option("no_such_section", "x")


def test_values_set_in_code_reach_the_migrations(project, database_url, engine):
    # Config() without a file: everything is set in code, as the Alembic
    # docs show for programmatic use.
    cfg = Config()
    cfg.set_main_option("script_location", (project / "migrations").as_posix())
    cfg.set_main_option("prepend_sys_path", project.as_posix())
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("sqlalchemy.url", database_url)
    command.upgrade(cfg, "0001")
    assert versions(engine) == ["0001"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What each tool raises when the database cannot be reached: aludel's
# CommandError; Alembic lets SQLAlchemy's OperationalError through.
if MODULE == "alembic":
    from sqlalchemy.exc import OperationalError

    UNREACHABLE = (util.CommandError, OperationalError)
else:
    UNREACHABLE = util.CommandError


def test_a_failed_connection_never_shows_the_password(project):
    port = free_port()
    cfg = Config(str(project / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg://app:s3cr3t-pw@127.0.0.1:%d/app" % port)

    with pytest.raises(UNREACHABLE) as caught:
        command.upgrade(cfg, "head")

    text = str(caught.value)
    assert "s3cr3t-pw" not in text
    assert str(port) in text


# A server that accepts connections and closes each after a second, in its
# own process so that it runs whatever the test's interpreter does.
SLOW_SERVER = """
import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
server.settimeout(20)
print(server.getsockname()[1], flush=True)
while True:
    try:
        client, _ = server.accept()
    except OSError:
        break
    time.sleep(1.0)
    client.close()
"""


def test_a_command_lets_other_python_threads_run(project):
    server = subprocess.Popen([sys.executable, "-c", SLOW_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        cfg = Config(str(project / "alembic.ini"))
        cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg://app:pw@127.0.0.1:%d/app" % port)
        ticks = [0]
        done = threading.Event()

        def tick():
            while not done.is_set():
                ticks[0] += 1
                time.sleep(0.01)

        ticker = threading.Thread(target=tick)
        ticker.start()
        try:
            before = ticks[0]
            started = time.monotonic()
            with pytest.raises(UNREACHABLE):
                command.current(cfg)
            elapsed = time.monotonic() - started
            during = ticks[0] - before
        finally:
            done.set()
            ticker.join()
    finally:
        server.kill()
        server.wait()
    assert elapsed >= 0.9
    # a held GIL would have stopped the ticker for the whole second
    assert during >= 20, (during, elapsed)


def test_revision_autogenerate_writes_what_the_models_need(project, database_url, engine):
    cfg = Config(str(project / "alembic.ini"), stdout=io.StringIO())
    cfg.set_main_option("sqlalchemy.url", database_url)
    command.upgrade(cfg, "head")
    with engine.begin() as connection:
        connection.execute(sa.text("DROP INDEX ix_hero_age"))

    script = command.revision(cfg, message="restore age index", autogenerate=True, rev_id="0004")

    with open(script.path, encoding="utf-8") as file:
        text = file.read()
    assert "create_index" in text and "ix_hero_age" in text
    command.upgrade(cfg, "head")
    assert "ix_hero_age" in {i["name"] for i in sa.inspect(engine).get_indexes("hero")}
    command.check(cfg)


@pytest.mark.skipif(MODULE != "aludel", reason="Alembic runs the file; aludel evaluates it")
def test_an_error_names_the_file_and_line(alembic_config, project):
    (project / "migrations" / "versions" / "0004_dynamic.py").write_text(
        '"""dynamic"""\n'
        "from alembic import op\n\n"
        "revision = '0004'\ndown_revision = '0003'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        "    op.execute(open('seed.sql').read())\n\n\n"
        "def downgrade():\n"
        "    pass\n"
    )
    with pytest.raises(util.CommandError) as caught:
        command.upgrade(alembic_config, "head")
    error = caught.value
    assert error.message == (
        "Cannot run upgrade() of revision 0004: calling `open()` here is not supported by aludel"
    )
    assert any("0004_dynamic.py:11:16" in line for line in error.details), error.details
    assert "0004_dynamic.py:11:16" in str(error)
