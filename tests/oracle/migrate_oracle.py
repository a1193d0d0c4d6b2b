#!/usr/bin/env python3
"""A long-lived helper for the differential migration tests: runs alembic
command lines and dumps databases, one request at a time.

    .venv/bin/python tests/oracle/migrate_oracle.py

The Rust harness (crates/cli/tests/diff_migrate.rs) interleaves alembic and
aludel steps and compares the databases after each; starting Python for every
alembic step and every dump would cost most of the test's time, so this
process stays up and answers one JSON line with one JSON line:

    {"op": "alembic", "args": [...], "cwd": DIR, "env": {...}}
        -> {"stdout": ..., "stderr": ..., "code": N}
           (exactly as alembic_batch.py runs a command)
    {"op": "dump", "url": URL}
        -> the object dump_schema.py prints for URL, or {"error": TEXT}
    {"op": "sql", "url": URL, "statements": [TEXT, ...]}
        -> {"ok": true} or {"error": TEXT}   (autocommit; for setting up
           databases and seeding rows the way an application would)

A malformed request ends the process with a traceback on stderr.
"""

import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import alembic_batch  # noqa: E402 - after the path is set
import dump_schema  # noqa: E402


def run_sql(url, statements):
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def answer(runner, request):
    op = request["op"]
    if op == "alembic":
        return runner.run(request)
    try:
        if op == "dump":
            return dump_schema.dump(request["url"])
        if op == "sql":
            run_sql(request["url"], request["statements"])
            return {"ok": True}
    except Exception:  # noqa: BLE001 - the harness prints it
        return {"error": traceback.format_exc()}
    raise ValueError("unknown op %r" % (op,))


def main():
    runner = alembic_batch.BatchRunner()
    reply_to = runner.real_stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        reply = answer(runner, json.loads(line))
        # What the dump or SQL printed (warnings) is not part of an answer.
        runner.out.take()
        runner.err.take()
        reply_to.write(json.dumps(reply, sort_keys=True, ensure_ascii=False) + "\n")
        reply_to.flush()
    runner.close()


if __name__ == "__main__":
    main()
