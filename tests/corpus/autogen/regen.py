#!/usr/bin/env python3
"""Regenerate the autogenerate fixture projects with the real Alembic.

    .venv/bin/python tests/corpus/autogen/regen.py

For each target (SQLite, and PostgreSQL on 127.0.0.1:5432 as user postgres),
builds tests/corpus/autogen_<target>/ from scratch: alembic.ini, env.py and
script.py.mako from this folder, then for each models version (models_v1.py,
models_v2.py) copies it to <project>/models.py, runs
`alembic revision --autogenerate --rev-id <fixed id>` against a fresh
database and upgrades that database to the new head.  The revision files are
Alembic's output unchanged except for the `Create Date:` line, set to a
fixed date so that regenerating gives the same files.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
ALEMBIC = os.path.join(os.path.dirname(sys.executable), "alembic")
PG_ADMIN = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
PG_DB = "aludel_autogen_regen"

# (models file, revision id, message) per target, in order
STEPS = {
    "sqlite": [
        ("models_v1.py", "8f1d2c3b4a50", "initial models"),
        ("models_v2.py", "9e2d3c4b5a61", "missions, hero rank and power"),
    ],
    "postgresql": [
        ("models_v1.py", "7a1b2c3d4e50", "initial models"),
        ("models_v2.py", "7b2c3d4e5f61", "missions, hero rank and power"),
    ],
}
FIXED_DATE = "Create Date: 2026-11-01 12:00:00.000000"


def run(cmd, cwd, env):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("%s failed in %s:\n%s%s" % (" ".join(cmd), cwd, done.stdout, done.stderr))
    return done


def fresh_database(target, scratch):
    if target == "sqlite":
        return "sqlite:///" + os.path.join(scratch, "regen.db")
    env = dict(os.environ)
    run(PG_ADMIN + ["DROP DATABASE IF EXISTS %s" % PG_DB], HERE, env)
    run(PG_ADMIN + ["CREATE DATABASE %s" % PG_DB], HERE, env)
    return "postgresql+psycopg://postgres@127.0.0.1:5432/%s" % PG_DB


def drop_database(target):
    if target == "postgresql":
        run(PG_ADMIN + ["DROP DATABASE IF EXISTS %s" % PG_DB], HERE, dict(os.environ))


def build_project(target):
    project = os.path.join(CORPUS, "autogen_%s" % target)
    # Only what this script writes is replaced (steps.txt, written by hand,
    # stays).
    if os.path.isdir(os.path.join(project, "alembic")):
        shutil.rmtree(os.path.join(project, "alembic"))
    versions = os.path.join(project, "alembic", "versions")
    os.makedirs(versions)
    # the ini is the corpus one: no sqlalchemy.url, stock logging
    shutil.copyfile(os.path.join(CORPUS, "shop", "alembic.ini"), os.path.join(project, "alembic.ini"))
    for name in ("env.py", "script.py.mako"):
        shutil.copyfile(os.path.join(HERE, name), os.path.join(project, "alembic", name))
    return project


def fix_dates(versions):
    for name in sorted(os.listdir(versions)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(versions, name)
        with open(path) as f:
            text = f.read()
        text = re.sub(r"^Create Date: .*$", FIXED_DATE, text, count=1, flags=re.M)
        with open(path, "w") as f:
            f.write(text)


def regenerate(target):
    project = build_project(target)
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ)
        env["DATABASE_URL"] = fresh_database(target, scratch)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            for models, rev_id, message in STEPS[target]:
                shutil.copyfile(os.path.join(HERE, models), os.path.join(project, "models.py"))
                run([ALEMBIC, "revision", "--autogenerate", "-m", message, "--rev-id", rev_id], project, env)
                run([ALEMBIC, "upgrade", "head"], project, env)
        finally:
            drop_database(target)
    fix_dates(os.path.join(project, "alembic", "versions"))
    print("regenerated %s" % os.path.relpath(project, os.getcwd()))


def main():
    targets = sys.argv[1:] or sorted(STEPS)
    for target in targets:
        regenerate(target)


if __name__ == "__main__":
    main()
