#!/usr/bin/env python3
"""Time `upgrade head` of N revisions: aludel, Alembic and the floor.

    .venv/bin/python bench/upgrade_bench.py ALUDEL_BIN [--revisions 1000] [--rounds 3]
        [--dialects sqlite,postgresql]

The project: N revisions in a line, each creating a table (4 columns, a
foreign key to the previous table) and an index, the shape of a real
history's early years. The floor is the same SQL (Alembic's own
`upgrade head --sql`) fed to `sqlite3` / `psql`: SQLite in one transaction
and with one transaction per revision, PostgreSQL as `psql -f`.

Every round runs each contender once on a fresh database, interleaved, so
that machine noise hits all of them alike. Prints means, and each one's
ratio to aludel and to the floor.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PG_ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
PG_DB = "aludel_bench_upgrade"
PG_URL = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"

REVISION = '''"""table {i}

Revision ID: {rev}
Revises: {down_doc}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "t{i:05d}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
{fk}        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_t{i:05d}_name"), "t{i:05d}", ["name"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_t{i:05d}_name"), table_name="t{i:05d}")
    op.drop_table("t{i:05d}")
'''


def write_project(root, n):
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write(
            "import os\nfrom alembic import context\nfrom sqlalchemy import create_engine\n"
            "url = context.config.get_main_option('sqlalchemy.url')\n"
            "if context.is_offline_mode():\n"
            "    context.configure(url=url, literal_binds=True)\n"
            "    with context.begin_transaction():\n        context.run_migrations()\n"
            "else:\n"
            "    with create_engine(url).connect() as conn:\n"
            "        context.configure(connection=conn)\n"
            "        with context.begin_transaction():\n            context.run_migrations()\n"
        )
    with open(os.path.join(root, "migrations", "script.py.mako"), "w") as f:
        f.write("")
    prev = None
    for i in range(n):
        rev = f"{i:012x}"
        fk = (
            f'        sa.ForeignKeyConstraint(["parent_id"], ["t{i - 1:05d}.id"]),\n'
            if i
            else ""
        )
        text = REVISION.format(
            i=i, rev=rev, down=repr(prev), down_doc=prev or "", fk=fk
        )
        with open(os.path.join(versions, f"{rev}_table_{i}.py"), "w") as f:
            f.write(text)
        prev = rev


def set_url(root, url):
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(f"[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = {url}\n")


def run(cmd, cwd, stdin=None, env=None):
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-2000:]}")
    return elapsed, proc.stdout


def fresh_pg():
    subprocess.run(
        PG_ADMIN + ["-c", "SET client_min_messages = warning", "-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)", "-c", f"CREATE DATABASE {PG_DB}"],
        check=True,
    )


def per_migration_script(sql):
    """The floor with one transaction per revision: BEGIN/COMMIT around each step."""
    out, first = [], True
    for chunk in sql.split("-- Running upgrade"):
        if first:
            out.append(chunk)
            first = False
            continue
        out.append("COMMIT;\nBEGIN;\n-- Running upgrade" + chunk)
    return "BEGIN;\n" + "".join(out) + "COMMIT;\n"


def bench_dialect(dialect, args, root, env):
    alembic = os.path.join(os.path.dirname(sys.executable), "alembic")
    contenders = {}
    if dialect == "sqlite":
        db = os.path.join(root, "bench.db")
        set_url(root, f"sqlite:///{db}")
        _, sql = run([alembic, "upgrade", "head", "--sql"], root, env=env)
        one_txn = os.path.join(root, "floor_one.sql")
        per_mig = os.path.join(root, "floor_per.sql")
        with open(one_txn, "wb") as f:
            f.write(b"BEGIN;\n" + sql + b"COMMIT;\n")
        with open(per_mig, "w") as f:
            f.write(per_migration_script(sql.decode()))

        def fresh():
            if os.path.exists(db):
                os.remove(db)

        def floor(path):
            with open(path, "rb") as f:
                return run(["sqlite3", db], root, stdin=f)[0]

        contenders["aludel upgrade head"] = lambda: run([args.aludel, "upgrade", "head"], root, env=env)[0]
        contenders["alembic upgrade head"] = lambda: run([alembic, "upgrade", "head"], root, env=env)[0]
        contenders["sqlite3 < sql (1 txn)"] = lambda: floor(one_txn)
        contenders["sqlite3 < sql (txn/rev)"] = lambda: floor(per_mig)
        floor_name = "sqlite3 < sql (1 txn)"
    else:
        set_url(root, PG_URL)
        _, sql = run([alembic, "upgrade", "head", "--sql"], root, env=env)
        script = os.path.join(root, "floor_pg.sql")
        with open(script, "wb") as f:
            f.write(sql)
        fresh = fresh_pg
        psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-v", "ON_ERROR_STOP=1", "-f", script]
        contenders["aludel upgrade head"] = lambda: run([args.aludel, "upgrade", "head"], root, env=env)[0]
        contenders["alembic upgrade head"] = lambda: run([alembic, "upgrade", "head"], root, env=env)[0]
        contenders["psql -f sql"] = lambda: run(psql, root)[0]
        floor_name = "psql -f sql"
    # --sql needs no database; timed on the same project
    contenders["aludel upgrade head --sql"] = lambda: run([args.aludel, "upgrade", "head", "--sql"], root, env=env)[0]
    contenders["alembic upgrade head --sql"] = lambda: run([alembic, "upgrade", "head", "--sql"], root, env=env)[0]

    times = {name: [] for name in contenders}
    for r in range(args.rounds + 1):  # round 0 warms caches and is dropped
        for name, fn in contenders.items():
            fresh()
            t = fn()
            if r:
                times[name].append(t)
    aludel = statistics.mean(times["aludel upgrade head"])
    floor = statistics.mean(times[floor_name])
    print(f"\n## {dialect}: upgrade head, {args.revisions} revisions ({args.rounds} rounds)\n")
    print("| contender | mean | ± | vs aludel | vs floor |")
    print("|---|---:|---:|---:|---:|")
    for name, ts in times.items():
        mean = statistics.mean(ts)
        sd = statistics.stdev(ts) if len(ts) > 1 else 0.0
        print(f"| {name} | {mean * 1000:.0f} ms | {sd * 1000:.0f} ms | {mean / aludel:.2f}× | {mean / floor:.2f}× |")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("aludel")
    p.add_argument("--revisions", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--dialects", default="sqlite,postgresql")
    args = p.parse_args()
    args.aludel = os.path.abspath(args.aludel)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    root = tempfile.mkdtemp(prefix="aludel-bench-")
    try:
        write_project(root, args.revisions)
        for dialect in args.dialects.split(","):
            bench_dialect(dialect, args, root, env)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if "postgresql" in args.dialects:
            subprocess.run(PG_ADMIN + ["-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"])


if __name__ == "__main__":
    main()
