"""Run operations with the real Alembic ONLINE against fresh SQLite databases.

Reads JSON from stdin: [{"setup": ["<sql>", ...], "op": <op>}, ...] where
<op> is aludel-core's `Op` serialised by serde (see render_ops.py). For each
case: a new in-memory SQLite database, the setup statements, then the op
through `Operations(MigrationContext.configure(conn))` (a `Batch` through
`op.batch_alter_table`), recording what SQLAlchemy sends to the database
with a `before_cursor_execute` listener (reflection queries left out).

Prints a JSON list, one entry per case:
  {"statements": [...], "master": [[type, name, tbl_name, sql], ...],
   "data": {table: [[value, ...], ...]}}  or  {"err": "<Type>: <message>"}
"""

import json
import os
import sys
import warnings

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

sys.path.insert(0, os.path.dirname(__file__))
import render_ops as r  # noqa: E402

warnings.simplefilter("ignore")


def is_reflection(sql):
    """Queries SQLAlchemy's reflection sends (not part of the migration)."""
    s = sql.strip()
    return s.startswith("PRAGMA") or "sqlite_temp_master" in s or s.startswith(
        "SELECT sql FROM"
    )


def run_in_batch(b, k, v, placements):
    """One `batch_op.*` call."""
    if k == "AddColumn":
        place = next((p for p in placements if p["column"] == v["column"]["name"]), None)
        kw = {}
        if place and place["before"]:
            kw["insert_before"] = place["before"]
        if place and place["after"]:
            kw["insert_after"] = place["after"]
        b.add_column(r.column(v["column"]), **kw)
    elif k == "DropColumn":
        b.drop_column(v["column"])
    elif k == "AlterColumn":
        kw = {}
        if v.get("nullable") is not None:
            kw["nullable"] = v["nullable"]
        if v.get("type_") is not None:
            kw["type_"] = r.sql_type(v["type_"])
        if "server_default" in v:
            kw["server_default"] = r.server_default(v["server_default"])
        if v.get("new_column_name") is not None:
            kw["new_column_name"] = v["new_column_name"]
        if v.get("existing_type") is not None:
            kw["existing_type"] = r.sql_type(v["existing_type"])
        b.alter_column(v["column"], **kw)
    elif k == "CreateIndex":
        b.create_index(
            v["name"],
            [r.index_part(p) for p in v["parts"]],
            unique=v["unique"],
            **r.index_kwargs(v["options"]),
        )
    elif k == "DropIndex":
        b.drop_index(v["name"])
    elif k == "CreateUniqueConstraint":
        b.create_unique_constraint(v["name"], v["columns"])
    elif k == "CreateForeignKey":
        key = v["key"]
        b.create_foreign_key(
            key["name"],
            key["referent_table"],
            key["columns"],
            key["referent_columns"],
            referent_schema=key["referent_schema"],
            **r.fk_kwargs(key),
        )
    elif k == "CreateCheckConstraint":
        b.create_check_constraint(v["name"], sa.text(v["sqltext"]))
    elif k == "CreatePrimaryKey":
        b.create_primary_key(v["name"], v["columns"])
    elif k == "DropConstraint":
        type_ = {None: None, "Primary": "primary", "ForeignKey": "foreignkey",
                 "Unique": "unique", "Check": "check"}[v["type_"]]
        b.drop_constraint(v["name"], type_=type_)
    elif k == "CreateTableComment":
        b.create_table_comment(v["comment"])
    elif k == "DropTableComment":
        b.drop_table_comment()
    else:
        raise ValueError(f"op {k} not supported inside a batch here")


def run_case(case):
    engine = sa.create_engine("sqlite://")
    statements = []
    with engine.begin() as conn:
        for sql in case["setup"]:
            conn.exec_driver_sql(sql)

        def record(_conn, _cursor, statement, _params, _context, _many):
            if not is_reflection(statement):
                statements.append(statement.strip())

        sa.event.listen(conn, "before_cursor_execute", record)
        op = Operations(MigrationContext.configure(conn))
        k, v = r.tag(case["op"])
        try:
            if k == "Batch":
                with op.batch_alter_table(
                    v["table"],
                    schema=v["schema"],
                    recreate=v["recreate"].lower(),
                    naming_convention=dict(v.get("naming_convention") or []) or None,
                ) as b:
                    for inner in v["ops"]:
                        ik, iv = r.tag(inner)
                        run_in_batch(b, ik, iv, v["placements"])
            else:
                r.run(op, k, v)
        except Exception as e:  # noqa: BLE001 - the error is the observation
            return {"err": f"{type(e).__name__}: {e}"}
        sa.event.remove(conn, "before_cursor_execute", record)
        schemas = [row[1] for row in conn.exec_driver_sql("PRAGMA database_list")]
        master = []
        data = {}
        for schema in [x for x in ("main", "aux") if x in schemas]:
            prefix = "" if schema == "main" else schema + "."
            for typ, name, tbl, sql in conn.exec_driver_sql(
                f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master ORDER BY name"
            ):
                master.append([typ, prefix + name, prefix + tbl, sql])
            for (name,) in conn.exec_driver_sql(
                f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
            ):
                rows = conn.exec_driver_sql(f'SELECT * FROM {schema}."{name}" ORDER BY rowid')
                data[prefix + name] = [
                    [cell.hex() if isinstance(cell, bytes) else cell for cell in row]
                    for row in rows
                ]
    return {"statements": statements, "master": master, "data": data}


def main():
    cases = json.load(sys.stdin)
    json.dump([run_case(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
