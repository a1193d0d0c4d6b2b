"""Print what real Alembic emits OFFLINE (--sql) on SQLite for batch blocks
given `copy_from=` a table.

Reads JSON from stdin: [{"create": <CreateTable op>, "op": <Batch op>}, ...]
(aludel-core's `Op`, serialised by serde). The table of "create" is built as
SQLAlchemy objects (render_ops.py) and passed as `copy_from`; the batch runs
through `op.batch_alter_table` in an `as_sql` migration context.

Prints a JSON list: {"ok": "<script text>"} or {"err": "<Type>: <message>"}.
"""

import io
import json
import os
import sys
import warnings

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

sys.path.insert(0, os.path.dirname(__file__))
import batch_online as b  # noqa: E402
import render_ops as r  # noqa: E402

warnings.simplefilter("ignore")


def run_case(case):
    _, create = r.tag(case["create"])
    items = [r.column(c) for c in create["columns"]] + [
        r.constraint(c) for c in create["constraints"]
    ]
    table = sa.Table(create["table"], sa.MetaData(), *items, schema=create["schema"])
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        # as the stock env.py configures offline runs
        dialect_opts={"paramstyle": "named"},
        dialect_name="sqlite",
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    op = Operations(ctx)
    _, v = r.tag(case["op"])
    try:
        with op.batch_alter_table(
            v["table"], schema=v["schema"], recreate=v["recreate"].lower(), copy_from=table
        ) as batch:
            for inner in v["ops"]:
                ik, iv = r.tag(inner)
                b.run_in_batch(batch, ik, iv, v["placements"])
    except Exception as e:  # noqa: BLE001 - the error is the observation
        return {"err": f"{type(e).__name__}: {e}"}
    return {"ok": buf.getvalue()}


def main():
    json.dump([run_case(c) for c in json.load(sys.stdin)], sys.stdout)


if __name__ == "__main__":
    main()
