#!/usr/bin/env python3
"""Precision and recall of `aludel lint`, per rule.

Two labelled corpora, each case saying which codes a correct review
reports (and, by omission, which it must not):

1. the documented cases of crates/lint/tests/cases/*.py (squawk's
   PostgreSQL scenarios, unsafe and safe forms, and the MySQL / SQLite
   ones): each becomes a two-revision Alembic project (setup(), then the
   case's upgrade()) and `aludel lint` reviews the second revision through
   the CLI, for every database the case names;
2. revisions the real Alembic autogenerate writes: a SQLModel project is
   migrated to a first version of its models on a scratch database, the
   models are changed (a required field, an index, a type, a foreign key,
   a removed model...), `alembic revision --autogenerate` writes the
   revision, and `aludel lint` reviews what Alembic wrote. On SQLite
   (render_as_batch, as SQLite projects set it) and PostgreSQL.

Prints a table of true / false positives, false negatives, precision and
recall per code, and every disagreement. Exit status 0 either way: it is a
measurement (the test suite holds the cases' expectations).

    .venv/bin/python bench/lint_precision.py [--no-autogenerate]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "crates/lint/tests/cases"
VENV = Path(os.environ.get("ALUDEL_REF_VENV", REPO / ".venv"))
ALEMBIC = VENV / "bin/alembic"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

INI = """[alembic]
script_location = %(here)s/alembic
prepend_sys_path = .

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

REVISION = '''"""{message}

Revision ID: {rev}
Revises: {down}
"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down_value}
branch_labels = None
depends_on = None


{upgrade}

def downgrade():
    pass
'''


def aludel_binary() -> Path:
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "aludel"
        if path.exists():
            return path
    subprocess.run(["cargo", "build", "-q", "-p", "aludel-cli", "--bin", "aludel"], cwd=REPO, check=True)
    return REPO / "target/debug/aludel"


def lint_codes(project: Path, rev: str, dialect: str | None, url: str | None = None) -> list[str]:
    cmd = [str(aludel_binary()), "lint", rev, "--format", "json"]
    if dialect:
        cmd += ["--dialect", dialect]
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    done = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"aludel lint failed in {project}: {done.stderr}")
    report = json.loads(done.stdout)
    for note in report.get("notes", []):
        print(f"  note: {note}", file=sys.stderr)
    return sorted({f["code"] for f in report["findings"]})


def header(source: str, key: str) -> str | None:
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


def function_source(source: str, name: str) -> str:
    module = ast.parse(source)
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(source, node)
    raise KeyError(name)


def documented_cases():
    """(label, target, expected codes, found codes) for every case file."""
    for path in sorted(CASES.glob("*.py")):
        source = path.read_text()
        setup = function_source(source, "setup").replace("def setup():", "def upgrade():", 1)
        upgrade = function_source(source, "upgrade")
        for target in header(source, "target").split():
            expected = header(source, f"expect {target}")
            if expected is None:
                expected = header(source, "expect")
            with tempfile.TemporaryDirectory() as tmp:
                project = Path(tmp)
                versions = project / "alembic/versions"
                versions.mkdir(parents=True)
                (project / "alembic.ini").write_text(INI)
                (project / "alembic/env.py").write_text("")
                (versions / "0001_setup.py").write_text(
                    REVISION.format(message="setup", rev="0001", down=None, down_value=None, upgrade=setup)
                )
                (versions / "0002_case.py").write_text(
                    REVISION.format(message=path.stem, rev="0002", down="0001", down_value="'0001'", upgrade=upgrade)
                )
                found = lint_codes(project, "0002", target)
            yield f"{path.stem} [{target}]", sorted(expected.split()), found


# ---------------------------------------------------------------- autogenerate

BASE_MODELS = '''
from typing import Optional
from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)
    secret_name: Optional[str] = Field(default=None, max_length=50)
    power: int = 0
    legacy: Optional[str] = None
    team_id: Optional[int] = None
{extra}
'''

# (name, replacement for a line of BASE_MODELS or extra lines, expected codes by database)
CHANGES = [
    (
        "required field added",
        [("    legacy: Optional[str] = None", "    legacy: Optional[str] = None\n    age: int")],
        {"postgresql": ["AL101", "AL117"], "sqlite": ["AL101"]},
    ),
    (
        "optional indexed field added",
        [("    legacy: Optional[str] = None", "    legacy: Optional[str] = None\n    nickname: Optional[str] = Field(default=None, index=True)")],
        {"postgresql": ["AL105", "AL117"], "sqlite": []},
    ),
    (
        "optional field made required",
        [("    secret_name: Optional[str] = Field(default=None, max_length=50)", "    secret_name: str = Field(max_length=50)")],
        {"postgresql": ["AL102", "AL117"], "sqlite": ["AL116"]},
    ),
    (
        "field removed",
        [("    legacy: Optional[str] = None\n", "")],
        # Alembic's batch drop_column rebuilds the SQLite table.
        {"postgresql": ["AL109", "AL117"], "sqlite": ["AL109", "AL116"]},
    ),
    (
        "string widened",
        [("    name: str = Field(max_length=50)\n    secret_name", "    name: str = Field(max_length=80)\n    secret_name")],
        {"postgresql": ["AL117"], "sqlite": ["AL116"]},
    ),
    (
        "integer made bigint",
        [("    power: int = 0", "    power: int = Field(default=0, sa_type=sa.BigInteger)"), ("from typing import Optional", "from typing import Optional\nimport sqlalchemy as sa")],
        {"postgresql": ["AL108", "AL117"], "sqlite": ["AL116"]},
    ),
    (
        "unique added",
        [("class Team(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str = Field(max_length=50)", "class Team(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str = Field(max_length=50, unique=True)")],
        {"postgresql": ["AL114", "AL117"], "sqlite": ["AL114", "AL116"]},
    ),
    (
        "foreign key added",
        [("    team_id: Optional[int] = None", "    team_id: Optional[int] = Field(default=None, foreign_key=\"team.id\")")],
        {"postgresql": ["AL103", "AL117"], "sqlite": ["AL116"]},
    ),
    (
        "model removed",
        [("class Team(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str = Field(max_length=50)\n", "")],
        {"postgresql": ["AL110", "AL117"], "sqlite": ["AL110"]},
    ),
    (
        "model added",
        [("{extra}", "")],
        {"postgresql": [], "sqlite": []},
        ),
]


def models(changes) -> str:
    text = BASE_MODELS
    for old, new in changes:
        if old == "{extra}":
            text = text.replace("{extra}", "\n\nclass Mission(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    code: str = Field(index=True)\n")
            continue
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.replace("{extra}", "")


def run_alembic(project: Path, url: str, *args: str) -> str:
    env = dict(os.environ, DATABASE_URL=url)
    done = subprocess.run([str(ALEMBIC), *args], cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"alembic {' '.join(args)} failed: {done.stderr}")
    return done.stdout + done.stderr


def scratch_url(dialect: str, tmp: Path):
    if dialect == "sqlite":
        return f"sqlite:///{tmp / 'db.sqlite'}", None
    import psycopg

    name = f"aludel_lintbench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def autogenerated_cases():
    for name, changes, expected_by in CHANGES:
        for dialect, expected in expected_by.items():
            with tempfile.TemporaryDirectory() as tmp_name:
                tmp = Path(tmp_name)
                url, drop = scratch_url(dialect, tmp)
                try:
                    (tmp / "alembic").mkdir()
                    (tmp / "alembic/versions").mkdir()
                    (tmp / "alembic.ini").write_text(INI)
                    shutil.copy(REPO / "tests/corpus/autogen/env.py", tmp / "alembic/env.py")
                    shutil.copy(REPO / "tests/corpus/autogen/script.py.mako", tmp / "alembic/script.py.mako")
                    (tmp / "models.py").write_text(models([]))
                    run_alembic(tmp, url, "revision", "--autogenerate", "-m", "first", "--rev-id", "0001")
                    run_alembic(tmp, url, "upgrade", "head")
                    (tmp / "models.py").write_text(models(changes))
                    run_alembic(tmp, url, "revision", "--autogenerate", "-m", "second", "--rev-id", "0002")
                    found = lint_codes(tmp, "0002", dialect)
                finally:
                    if drop:
                        drop()
            yield f"autogenerate: {name} [{dialect}]", sorted(expected), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-autogenerate", action="store_true", help="only the documented cases")
    args = parser.parse_args()
    tallies = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    disagreements = []
    corpora = [documented_cases()]
    if not args.no_autogenerate:
        corpora.append(autogenerated_cases())
    total = 0
    for corpus in corpora:
        for label, expected, found in corpus:
            total += 1
            for code in set(expected) | set(found):
                if code in expected and code in found:
                    tallies[code][0] += 1
                elif code in found:
                    tallies[code][1] += 1
                else:
                    tallies[code][2] += 1
            if expected != found:
                disagreements.append(f"{label}: expected {expected}, found {found}")
    print(f"{total} reviews\n")
    print("| code | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|")
    for code in sorted(tallies):
        tp, fp, fn = tallies[code]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"| {code} | {tp} | {fp} | {fn} | {precision:.2f} | {recall:.2f} |")
    if disagreements:
        print("\nDisagreements:")
        for line in disagreements:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
