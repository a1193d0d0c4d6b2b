"""Run revision functions with the real Alembic in offline mode.

Reads JSON from stdin: {"dialects": ["sqlite", ...], "runs": [{"path": "...",
"function": "upgrade"}, ...]}. For each run and dialect, imports the revision
file fresh, calls the function under Alembic's `Operations` with
`as_sql=True` and `literal_binds=True` (what `alembic upgrade --sql` sets up
in the default env.py) and prints a JSON list with one entry per run:
{dialect: {"ok": "<sql as printed>"} or {"err": "<ExceptionType>: <message>"}}.
"""

import io
import json
import runpy
import sys
import warnings

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.runtime.environment import EnvironmentContext

warnings.simplefilter("ignore")


def run(path, function, dialect):
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        # as the stock env.py configures offline runs
        dialect_opts={"paramstyle": "named"},
        dialect_name=dialect,
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    # `alembic.context` as env.py sees it, for `context.get_context()`.
    env = EnvironmentContext(Config(), None)
    env._migration_context = ctx
    with env, Operations.context(ctx):
        try:
            module = runpy.run_path(path)
            module[function]()
        except Exception as e:  # the comparison only needs to know it failed
            return {"err": f"{type(e).__name__}: {e}"}
    return {"ok": buf.getvalue()}


def main():
    req = json.load(sys.stdin)
    out = []
    for r in req["runs"]:
        out.append({d: run(r["path"], r["function"], d) for d in req["dialects"]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
