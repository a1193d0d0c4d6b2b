#!/usr/bin/env python3
"""Measure what the real Alembic does with every model corpus case and
write it into the cases' case.toml.

    python3 tests/corpus/models/measure.py [--env v50|v24 ...] [CASE ...]

For each reference environment (v50: `$ALUDEL_REF_VENV` or .venv; v24:
`$ALUDEL_REF_VENV_V24` or .venv-sqlmodel024) this starts
tests/oracle/autogen_oracle.py with that venv's Python, makes scratch
databases on the test servers (PostgreSQL 127.0.0.1:5432 as postgres,
MariaDB 127.0.0.1:3306 as root), and for every case listed for the
environment, on every database of the case:

  * `create_all` of every model version (the models must import and their
    DDL must run; failures are recorded as `create_all_errors`);
  * `evolve` (autogenerate + upgrade per version, downgrade base, upgrade
    head, check), on SQLite twice: with render_as_batch (target `sqlite`)
    and without (target `sqlite_nobatch`).

Everything from the MEASURED marker line of a case.toml on is replaced by
tables `[alembic.<env>.<target>]`: render_as_batch, ok (every step
succeeded), failed / skipped step names, same_as_create_all (and _unordered: columns
compared by name), the first create_all_differences, `errors` (step -> Alembic's message) and
`create_all_errors` (version -> message).  Plain Python 3.11 (tomllib);
the two environments run side by side.
"""

import json
import os
import subprocess
import sys
import threading
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
ORACLE = os.path.join(ROOT, "tests", "oracle", "autogen_oracle.py")
MARKER = "# ---- MEASURED by measure.py from here on; do not edit by hand ----"

ENVIRONMENTS = {
    "v50": ("ALUDEL_REF_VENV", ".venv"),
    "v24": ("ALUDEL_REF_VENV_V24", ".venv-sqlmodel024"),
}
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MARIADB_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/"
# (target, database, render_as_batch)
TARGETS = {
    "sqlite": [("sqlite", True), ("sqlite_nobatch", False)],
    "postgresql": [("postgresql", False)],
    "mariadb": [("mariadb", False)],
}
ERROR_LIMIT = 600
DIFFERENCE_LIMIT = 5


def venv_python(env):
    var, default = ENVIRONMENTS[env]
    venv = os.environ.get(var) or os.path.join(ROOT, default)
    return os.path.join(venv, "bin", "python")


class Oracle:
    def __init__(self, python):
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen(
            [python, ORACLE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env=env, cwd=ROOT,
        )

    def ask(self, **request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("autogen_oracle.py ended on %r" % (request,))
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class Databases:
    """One scratch database per kind for one environment."""

    def __init__(self, oracle, env, scratch):
        self.oracle = oracle
        name = "aludel_measure_%s_%d" % (env, os.getpid())
        self.urls = {
            "sqlite": "sqlite:///" + os.path.join(scratch, "measure_%s.db" % env),
            "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/" + name,
            "mariadb": "mysql+pymysql://root@127.0.0.1:3306/" + name,
        }
        self.name = name
        for admin in (PG_ADMIN, MARIADB_ADMIN):
            self._sql(admin, ["DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name])

    def _sql(self, url, statements):
        reply = self.oracle.ask(op="sql", url=url, statements=statements)
        if "error" in reply:
            sys.exit("cannot set up %s: %s" % (url, reply["error"]))

    def drop(self):
        for admin in (PG_ADMIN, MARIADB_ADMIN):
            self._sql(admin, ["DROP DATABASE IF EXISTS " + self.name])


def short(text):
    text = text or ""
    return text if len(text) <= ERROR_LIMIT else text[:ERROR_LIMIT] + " ..."


def measure_target(oracle, case_dir, versions, url, batch):
    result = {"render_as_batch": batch}
    create_errors = {}
    for version in versions:
        reply = oracle.ask(op="create_all", models=os.path.join(case_dir, version + ".py"), url=url)
        if "error" in reply:
            create_errors[version] = short(reply["error"])
    answer = oracle.ask(op="evolve", case=case_dir, url=url, render_as_batch=batch)
    steps = answer["steps"]
    result["ok"] = all(s["ok"] for s in steps)
    result["failed"] = [s["step"] for s in steps if not s["ok"] and not s["skipped"]]
    result["skipped"] = [s["step"] for s in steps if s["skipped"]]
    for key in ("same_as_create_all", "same_as_create_all_unordered"):
        if answer[key] is not None:
            result[key] = answer[key]
    if answer["create_all_error"]:
        result["create_all_error"] = short(answer["create_all_error"])
    result["create_all_differences"] = [
        d if len(d) <= 300 else d[:300] + " ..."
        for d in answer["create_all_differences"][:DIFFERENCE_LIMIT]
    ]
    result["errors"] = {s["step"]: short(s["error"]) for s in steps if s["error"]}
    result["create_all_errors"] = create_errors
    return result


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + "".join("    %s,\n" % toml_value(v) for v in value) + "]"
    raise TypeError(value)


def render(results):
    out = [MARKER, ""]
    for env in sorted(results, key=lambda e: list(ENVIRONMENTS).index(e)):
        for target, result in results[env].items():
            out.append("[alembic.%s.%s]" % (env, target))
            tables = {}
            for key, value in result.items():
                if isinstance(value, dict):
                    tables[key] = value
                else:
                    out.append("%s = %s" % (key, toml_value(value)))
            for key, table in tables.items():
                if table:
                    out.append("")
                    out.append("[alembic.%s.%s.%s]" % (env, target, key))
                    for k, v in table.items():
                        out.append("%s = %s" % (json.dumps(k), toml_value(v)))
            out.append("")
    return "\n".join(out)


def versions_of(case_dir):
    found = []
    for name in os.listdir(case_dir):
        if name.startswith("v") and name.endswith(".py") and name[1:-3].isdigit():
            found.append((int(name[1:-3]), name[:-3]))
    return [v for _, v in sorted(found)]


def run_env(env, cases, results, scratch):
    oracle = Oracle(venv_python(env))
    dbs = Databases(oracle, env, scratch)
    try:
        for name, meta in cases:
            if env not in meta.get("environments", list(ENVIRONMENTS)):
                continue
            case_dir = os.path.join(HERE, name)
            versions = versions_of(case_dir)
            for database in meta["databases"]:
                for target, batch in TARGETS[database]:
                    result = measure_target(oracle, case_dir, versions, dbs.urls[database], batch)
                    results.setdefault(name, {}).setdefault(env, {})[target] = result
                    mark = "ok" if result["ok"] else "FAILED " + ", ".join(result["failed"])
                    print("%s %s %s: %s" % (env, name, target, mark), flush=True)
    finally:
        dbs.drop()
        oracle.close()


def main(argv):
    envs = []
    names = []
    args = iter(argv)
    for arg in args:
        if arg == "--env":
            envs.append(next(args))
        else:
            names.append(arg)
    envs = envs or list(ENVIRONMENTS)
    names = names or sorted(
        n for n in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, n, "case.toml"))
    )
    cases = []
    for name in names:
        with open(os.path.join(HERE, name, "case.toml"), "rb") as f:
            cases.append((name, tomllib.load(f)))

    import tempfile

    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        threads = [threading.Thread(target=run_env, args=(env, cases, results, scratch)) for env in envs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    for name, _ in cases:
        path = os.path.join(HERE, name, "case.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        head = text.split(MARKER)[0].rstrip("\n") + "\n"
        measured = {}
        # keep what an environment not measured this time recorded before
        with open(path, "rb") as f:
            old = tomllib.load(f).get("alembic", {})
        for env in ENVIRONMENTS:
            if env in results.get(name, {}):
                measured[env] = results[name][env]
            elif env in old:
                measured[env] = old[env]
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + "\n" + render(measured))
        tomllib.loads(head + "\n" + render(measured))  # stays valid TOML


if __name__ == "__main__":
    main(sys.argv[1:])
