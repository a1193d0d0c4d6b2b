#!/usr/bin/env python3
"""Time the stairway test of N revisions: `aludel test` against pytest-alembic.

    .venv/bin/python bench/stairway_bench.py ALUDEL_BIN [--revisions 100] [--rounds 3]
        [--dialects sqlite,postgresql] [--jobs N]

The project: `tests/fixtures/gen_project.py OUT linear N --plain` (the
default template's files and an env.py that takes pytest-alembic's
connection), with the empty bodies filled in turn by four kinds of
revision, each with its downgrade: a table (four columns, a foreign key to
the table before it, an index); a column and an index on it; a unique
constraint; a column type widened (the last two in batch_alter_table, as
SQLite needs).

Contenders, each on its own fresh database, interleaved round by round
(round 0 warms caches and is dropped):

- `aludel test` (its scratch databases on the same server);
- pytest-alembic's built-in tests `test_single_head_revision`,
  `test_upgrade` and `test_up_down_consistency` (`pytest --test-alembic`),
  which upgrade through every revision one at a time and then downgrade
  through them;
- the same plus the experimental `downgrade_leaves_no_trace`, the one of
  its tests that, like `aludel test`, compares the schema after each
  revision's upgrade and downgrade with the schema before it.

Prints the mean time of each and the ratio to `aludel test`. PostgreSQL runs
against 127.0.0.1:5432 as `postgres` (pytest-alembic's database
`aludel_bench_stairway` is made and dropped here).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "tests", "fixtures", "gen_project.py")
PG_ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
PG_DB = "aludel_bench_stairway"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"

ENV_PY = '''\
"""Migration environment of the stairway benchmark: pytest-alembic hands
its connection over in config.attributes; alembic and aludel use the URL."""
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine import Connection

from alembic import context

config = context.config
target_metadata = None


def migrate(connection):
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        migrate(given)
        return
    engine = given or engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        migrate(connection)


run_online()
'''

CONFTEST = '''\
import os

import pytest
import sqlalchemy


@pytest.fixture
def alembic_engine():
    engine = sqlalchemy.create_engine(os.environ["BENCH_URL"])
    yield engine
    engine.dispose()
'''


def bodies(i):
    """The upgrade and downgrade bodies of revision i (0-based)."""
    t, kind = divmod(i, 4)
    table = f"t_{t:03d}"
    if kind == 0:
        fk = (
            f"        sa.ForeignKeyConstraint(['parent_id'], ['t_{t - 1:03d}.id'], name='fk_{table}_parent'),\n"
            if t
            else ""
        )
        up = (
            f"    op.create_table(\n"
            f"        '{table}',\n"
            f"        sa.Column('id', sa.Integer(), nullable=False),\n"
            f"        sa.Column('name', sa.String(length=50), nullable=False),\n"
            f"        sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),\n"
            f"        sa.Column('parent_id', sa.Integer(), nullable=True),\n"
            f"{fk}"
            f"        sa.PrimaryKeyConstraint('id'),\n"
            f"    )\n"
            f"    op.create_index('ix_{table}_name', '{table}', ['name'], unique=False)\n"
        )
        down = f"    op.drop_index('ix_{table}_name', table_name='{table}')\n    op.drop_table('{table}')\n"
    elif kind == 1:
        up = (
            f"    op.add_column('{table}', sa.Column('email', sa.String(length=100), nullable=True))\n"
            f"    op.create_index('ix_{table}_email', '{table}', ['email'], unique=False)\n"
        )
        down = (
            f"    op.drop_index('ix_{table}_email', table_name='{table}')\n"
            f"    with op.batch_alter_table('{table}') as batch_op:\n"
            f"        batch_op.drop_column('email')\n"
        )
    elif kind == 2:
        up = (
            f"    with op.batch_alter_table('{table}') as batch_op:\n"
            f"        batch_op.create_unique_constraint('uq_{table}_email', ['email'])\n"
        )
        down = (
            f"    with op.batch_alter_table('{table}') as batch_op:\n"
            f"        batch_op.drop_constraint('uq_{table}_email', type_='unique')\n"
        )
    else:
        up = (
            f"    with op.batch_alter_table('{table}') as batch_op:\n"
            f"        batch_op.alter_column('name', existing_type=sa.String(length=50), type_=sa.String(length=120), existing_nullable=False)\n"
        )
        down = (
            f"    with op.batch_alter_table('{table}') as batch_op:\n"
            f"        batch_op.alter_column('name', existing_type=sa.String(length=120), type_=sa.String(length=50), existing_nullable=False)\n"
        )
    return up, down


def write_project(root, n):
    subprocess.run([sys.executable, GEN, root, "linear", str(n), "--plain"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "alembic", "env.py"), "w") as f:
        f.write(ENV_PY)
    os.makedirs(os.path.join(root, "tests"))
    with open(os.path.join(root, "tests", "conftest.py"), "w") as f:
        f.write(CONFTEST)
    with open(os.path.join(root, "pytest.ini"), "w") as f:
        f.write("[pytest]\naddopts = -p no:cacheprovider\n")
    versions = os.path.join(root, "alembic", "versions")
    # gen_project.py numbers revisions in creation order; its manifest says which file is which
    import json

    with open(os.path.join(root, "gen_manifest.json")) as f:
        manifest = json.load(f)["revisions"]
    for i, rev in enumerate(manifest):
        path = os.path.join(versions, rev["file"])
        with open(path) as f:
            text = f.read()
        up, down = bodies(i)
        text, n_up = re.subn(r'(def upgrade\(\) -> None:\n    """Upgrade schema."""\n)    pass\n', lambda m: m.group(1) + up, text)
        text, n_down = re.subn(r'(def downgrade\(\) -> None:\n    """Downgrade schema."""\n)    pass\n?', lambda m: m.group(1) + down, text)
        if n_up != 1 or n_down != 1:
            sys.exit(f"unexpected revision layout in {path}")
        with open(path, "w") as f:
            f.write(text)


def set_url(root, url):
    ini = os.path.join(root, "alembic.ini")
    with open(ini) as f:
        text = f.read()
    text = re.sub(r"^sqlalchemy\.url = .*$", f"sqlalchemy.url = {url}", text, flags=re.M)
    with open(ini, "w") as f:
        f.write(text)


def pytest_ini(root, experimental):
    with open(os.path.join(root, "pytest.ini"), "w") as f:
        f.write(
            "[pytest]\naddopts = -p no:cacheprovider\n"
            "pytest_alembic_include = single_head_revision, upgrade, up_down_consistency\n"
        )
        if experimental:
            f.write("pytest_alembic_include_experimental = downgrade_leaves_no_trace\n")


def run(cmd, cwd, env, ok=(0,)):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout.decode()[-3000:]}\n{proc.stderr.decode()[-3000:]}")
    return elapsed, proc.stdout.decode()


def fresh_pg():
    subprocess.run(
        PG_ADMIN
        + ["-c", "SET client_min_messages = warning", "-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)", "-c", f"CREATE DATABASE {PG_DB}"],
        check=True,
    )


def bench_dialect(dialect, args, root, env):
    pytest = os.path.join(os.path.dirname(sys.executable), "pytest")
    if dialect == "sqlite":
        db = os.path.join(root, "bench.db")
        url = f"sqlite:///{db}"

        def fresh():
            if os.path.exists(db):
                os.remove(db)
    else:
        url = PG_URL
        fresh = fresh_pg
    set_url(root, url)
    env = dict(env, BENCH_URL=url)
    aludel = [args.aludel, "test"] + (["--jobs", str(args.jobs)] if args.jobs else [])

    def pytest_alembic(experimental):
        def go():
            pytest_ini(root, experimental)
            return run([pytest, "--test-alembic", "-q", "tests"], root, env)
        return go

    contenders = {
        "aludel test": lambda: run(aludel, root, env),
        "pytest-alembic (upgrade, up_down_consistency)": pytest_alembic(False),
        "pytest-alembic + downgrade_leaves_no_trace": pytest_alembic(True),
    }
    times = {name: [] for name in contenders}
    said = {}
    for r in range(args.rounds + 1):  # round 0 warms caches and is dropped
        for name, fn in contenders.items():
            fresh()
            t, out = fn()
            said[name] = out.strip().splitlines()[-1] if out.strip() else ""
            if r:
                times[name].append(t)
    base = statistics.mean(times["aludel test"])
    print(f"\n## {dialect}: stairway of {args.revisions} revisions ({args.rounds} rounds)\n")
    print("| contender | mean | ± | vs aludel test |")
    print("|---|---:|---:|---:|")
    for name, ts in times.items():
        mean = statistics.mean(ts)
        sd = statistics.stdev(ts) if len(ts) > 1 else 0.0
        print(f"| {name} | {mean:.2f} s | {sd:.2f} s | {mean / base:.1f}× |")
    print()
    for name, line in said.items():
        print(f"- {name}: {line}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("aludel")
    p.add_argument("--revisions", type=int, default=100)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--dialects", default="sqlite,postgresql")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--keep", action="store_true", help="keep the generated project")
    args = p.parse_args()
    args.aludel = os.path.abspath(args.aludel)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    root = tempfile.mkdtemp(prefix="aludel-stairway-bench-")
    shutil.rmtree(root)
    try:
        write_project(root, args.revisions)
        for dialect in args.dialects.split(","):
            bench_dialect(dialect.strip(), args, root, env)
    finally:
        if args.keep:
            print(f"\nproject kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
        if "postgresql" in args.dialects:
            subprocess.run(PG_ADMIN + ["-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], check=False)


if __name__ == "__main__":
    main()
