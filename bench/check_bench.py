#!/usr/bin/env python3
"""`aludel check` beside `alembic check` on a generated SQLModel schema.

    .venv/bin/python bench/check_bench.py [--tables 500] [--runs 10]
        [--databases sqlite,postgresql] [--aludel target/release/aludel]

For each database: writes a project under bench/out/check-<tables>/ (the
scratch-project shape of tests/oracle/autogen_project: alembic.ini, env.py
reading DATABASE_URL, `models.py` with the generated table classes), brings
a fresh database to head with the real Alembic (`revision --autogenerate`,
`upgrade head`), then runs each tool's `check` alternately `--runs` times
under the same clean environment and prints, per database: mean and
standard deviation of the wall time, the ratio alembic/aludel, peak memory
(max RSS of the process), the catalog queries each sent, and what each
check said. A result table is also written to bench/out/check-results-<time>.md.

Not a test: nothing fails on a slow result. Needs the PostgreSQL test
server (127.0.0.1:5432, user postgres) for the postgresql rows.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TEMPLATE = os.path.join(ROOT, "tests", "oracle", "autogen_project")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

# Counts the statements SQLAlchemy sends, then runs `alembic check`.
COUNTING_ALEMBIC = r"""
import sys
import sqlalchemy
from sqlalchemy import event
count = [0]
@event.listens_for(sqlalchemy.engine.Engine, "before_cursor_execute")
def _count(*args, **kw):
    count[0] += 1
from alembic.config import main
try:
    main(argv=["check"], prog="alembic")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write("ALEMBIC_STATEMENTS=%d\n" % count[0])
sys.exit(code or 0)
"""


def models_source(tables):
    """`tables` SQLModel classes of seven columns each: keys, an indexed
    string, a unique code, a datetime, optional float and text, a boolean
    with a server default, and (every other table) a foreign key to the
    previous table."""
    out = [
        "from datetime import datetime",
        "from typing import Optional",
        "",
        "from sqlmodel import Field, SQLModel",
        "",
    ]
    for i in range(tables):
        out += [
            "",
            "class Table%04d(SQLModel, table=True):" % i,
            "    id: Optional[int] = Field(default=None, primary_key=True)",
            "    name: str = Field(max_length=50, index=True)",
            "    code: str = Field(max_length=20, unique=True)",
            "    created: datetime",
            "    amount: Optional[float] = None",
            "    note: Optional[str] = None",
            "    active: bool = Field(default=True, sa_column_kwargs={'server_default': '1'})",
        ]
        if i % 2 == 1:
            out.append(
                "    parent_id: Optional[int] = Field(default=None, foreign_key='table%04d.id')" % (i - 1)
            )
    return "\n".join(out) + "\n"


def build_project(path, tables):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(os.path.join(path, "alembic", "versions"))
    shutil.copyfile(os.path.join(TEMPLATE, "alembic.ini"), os.path.join(path, "alembic.ini"))
    for name in ("env.py", "script.py.mako"):
        shutil.copyfile(os.path.join(TEMPLATE, name), os.path.join(path, "alembic", name))
    with open(os.path.join(path, "models.py"), "w", encoding="utf-8") as f:
        f.write(models_source(tables))
    # The template's env.py computes target_metadata in a function, which
    # aludel does not follow: name the module for it.
    with open(os.path.join(path, "aludel.toml"), "w", encoding="utf-8") as f:
        f.write('models = ["models"]\n')


def clean_env(url):
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", DATABASE_URL=url, PYTHONDONTWRITEBYTECODE="0")
    return env


def run(cmd, cwd, env, check=True):
    """Runs `cmd`; returns (seconds, exit code, stdout, stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if check and proc.returncode not in (0, 1):
        raise SystemExit("%s failed (%d):\n%s%s" % (" ".join(cmd), proc.returncode, proc.stdout, proc.stderr))
    return seconds, proc.returncode, proc.stdout, proc.stderr


def peak_rss(cmd, cwd, env):
    """Peak RSS of one run of `cmd`, in MiB, measured in a fresh child."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe] + cmd, cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024.0


def fresh_database(kind, tables, out):
    if kind == "sqlite":
        path = os.path.join(out, "bench.db")
        if os.path.exists(path):
            os.remove(path)
        return "sqlite:///" + path
    import sqlalchemy as sa

    name = "aludel_check_bench_%d" % tables
    engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text('DROP DATABASE IF EXISTS "%s"' % name))
        conn.execute(sa.text('CREATE DATABASE "%s"' % name))
    engine.dispose()
    return "postgresql://postgres@127.0.0.1:5432/" + name


def first_line(text):
    for line in text.splitlines():
        if line.strip() and not line.startswith("INFO"):
            return line.strip()[:100]
    return ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--aludel", default=os.path.join(ROOT, "target", "release", "aludel"))
    args = parser.parse_args()
    alembic_python = sys.executable
    aludel = os.path.abspath(args.aludel)
    if not os.path.exists(aludel):
        raise SystemExit("no aludel binary at %s (cargo build --release -p aludel-cli)" % aludel)
    rows = []
    for kind in args.databases.split(","):
        out = os.path.join(HERE, "out", "check-%d-%s" % (args.tables, kind))
        build_project(out, args.tables)
        url = fresh_database(kind, args.tables, out)
        env = clean_env(url)
        alembic = [alembic_python, "-m", "alembic"]
        print("%s: %d tables, bringing the database to head with alembic..." % (kind, args.tables), flush=True)
        subprocess.run(alembic + ["revision", "--autogenerate", "-m", "init", "--rev-id", "0001"],
                       cwd=out, env=env, check=True, capture_output=True)
        subprocess.run(alembic + ["upgrade", "head"], cwd=out, env=env, check=True, capture_output=True)
        tools = {
            "aludel": [aludel, "check"],
            "alembic": [alembic_python, "-c", COUNTING_ALEMBIC],
        }
        times = {name: [] for name in tools}
        said = {}
        for _ in range(args.runs):
            for name, cmd in tools.items():
                seconds, code, stdout, stderr = run(cmd, out, env)
                times[name].append(seconds)
                said[name] = (code, first_line(stdout + "\n" + stderr), stderr)
        _, _, js, _ = run([aludel, "check", "--json"], out, env)
        try:
            aludel_queries = json.loads(js).get("against", {}).get("catalog_queries")
        except ValueError:
            aludel_queries = None
        alembic_queries = None
        for line in said["alembic"][2].splitlines():
            if line.startswith("ALEMBIC_STATEMENTS="):
                alembic_queries = int(line.split("=", 1)[1])
        memory = {name: peak_rss(cmd, out, env) for name, cmd in tools.items()}
        mean = {n: statistics.mean(t) for n, t in times.items()}
        dev = {n: statistics.pstdev(t) for n, t in times.items()}
        rows.append({
            "database": kind,
            "tables": args.tables,
            "aludel_s": mean["aludel"], "aludel_sd": dev["aludel"],
            "alembic_s": mean["alembic"], "alembic_sd": dev["alembic"],
            "ratio": mean["alembic"] / mean["aludel"] if mean["aludel"] else float("inf"),
            "aludel_mib": memory["aludel"], "alembic_mib": memory["alembic"],
            "aludel_queries": aludel_queries, "alembic_queries": alembic_queries,
            "aludel_said": "exit %d: %s" % said["aludel"][:2],
            "alembic_said": "exit %d: %s" % said["alembic"][:2],
        })
    lines = [
        "| database | tables | aludel check | alembic check | ratio | peak MiB aludel / alembic | catalog queries aludel / SQL statements alembic |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            "| %s | %d | %.3f s ± %.3f | %.3f s ± %.3f | %.1f× | %.0f / %.0f | %s / %s |" % (
                r["database"], r["tables"], r["aludel_s"], r["aludel_sd"], r["alembic_s"],
                r["alembic_sd"], r["ratio"], r["aludel_mib"], r["alembic_mib"],
                r["aludel_queries"], r["alembic_queries"]))
    lines.append("")
    for r in rows:
        lines.append("- %s: aludel %s; alembic %s" % (r["database"], r["aludel_said"], r["alembic_said"]))
    text = "\n".join(lines)
    print()
    print(text)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    with open(os.path.join(HERE, "out", "check-results-%s.md" % stamp), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(os.path.join(HERE, "out", "check-results-%s.json" % stamp), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
