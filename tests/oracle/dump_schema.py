#!/usr/bin/env python3
"""Dump a database's schema, version rows and table rows as normalized JSON.

The differential migration tests (crates/cli/tests/diff_migrate.rs) run the
same migrations with Alembic and with aludel on two databases of one kind and
compare what this prints for each, so everything here must depend only on
what the migrations did, never on the database's name or on catalog order.

    .venv/bin/python tests/oracle/dump_schema.py URL [URL ...]

prints one JSON object per URL, one per line:

    {"tables": {NAME: TABLE, ...},      user tables (not alembic_version)
     "enums": [{"name", "labels"}],     PostgreSQL enum types (else [])
     "version_rows": [...],             alembic_version rows, sorted
     "rows": {NAME: [[...], ...]}}      every table's rows, sorted

    TABLE = {"columns": [{"name", "type", "nullable", "default",
                          "comment", "autoincrement"}],    in table order
             "primary_key": {"name", "columns"},
             "foreign_keys": [{"name", "columns", "referred_table",
                               "referred_columns", "options"}],
             "unique_constraints": [{"name", "columns"}],
             "check_constraints": [{"name", "sqltext"}],
             "indexes": [{"name", "columns", "expressions", "unique",
                          "options"}],
             "comment": TEXT | null}

JSON cells (where the database has a JSON type) are {"json": parsed value},
so a JSON null is {"json": null} and SQL NULL is null.  Values of columns
whose server default is the clock (`now()`,
CURRENT_TIMESTAMP) are shown as "<insert time>".

Names the database made up are kept: they are deterministic (PostgreSQL's
`<table>_<col>_fkey`, MariaDB's `<table>_ibfk_<n>`) and equal for equal DDL.
Importable: `dump(url)` returns the object for one URL.
"""

import datetime
import decimal
import json
import sys
import uuid

VERSION_TABLE = "alembic_version"


def _type_text(col_type, dialect):
    """The type as the dialect would write it (its repr if it cannot)."""
    try:
        return col_type.compile(dialect=dialect)
    except Exception:  # noqa: BLE001 - some reflected types do not compile
        return repr(col_type)


def _plain(value):
    """A JSON-friendly, deterministic form of a reflected or stored value."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "0x" + bytes(value).hex()
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _sort_key(item):
    return json.dumps(item, sort_keys=True)


def _optional(fn, default):
    """Inspector features a dialect lacks raise NotImplementedError."""
    try:
        return fn()
    except NotImplementedError:
        return default


def _table(inspector, dialect, name):
    columns = []
    for col in inspector.get_columns(name):
        columns.append(
            {
                "name": col["name"],
                "type": _type_text(col["type"], dialect),
                "nullable": col.get("nullable"),
                "default": _plain(col.get("default")),
                "comment": col.get("comment"),
                "autoincrement": _plain(col.get("autoincrement")),
            }
        )
    pk = inspector.get_pk_constraint(name) or {}
    foreign_keys = [
        {
            "name": fk.get("name"),
            "columns": fk.get("constrained_columns"),
            "referred_table": fk.get("referred_table"),
            "referred_columns": fk.get("referred_columns"),
            "options": _plain(fk.get("options") or {}),
        }
        for fk in inspector.get_foreign_keys(name)
    ]
    uniques = [
        {"name": uq.get("name"), "columns": uq.get("column_names")}
        for uq in _optional(lambda: inspector.get_unique_constraints(name), [])
    ]
    checks = [
        {"name": ck.get("name"), "sqltext": ck.get("sqltext")}
        for ck in _optional(lambda: inspector.get_check_constraints(name), [])
    ]
    indexes = [
        {
            "name": ix.get("name"),
            "columns": ix.get("column_names"),
            "expressions": ix.get("expressions"),
            "unique": bool(ix.get("unique")),
            "options": _plain(ix.get("dialect_options") or {}),
        }
        for ix in inspector.get_indexes(name)
    ]
    comment = _optional(lambda: inspector.get_table_comment(name), {}).get("text")
    return {
        "columns": columns,
        "primary_key": {
            "name": pk.get("name"),
            "columns": pk.get("constrained_columns") or [],
        },
        "foreign_keys": sorted(foreign_keys, key=_sort_key),
        "unique_constraints": sorted(uniques, key=_sort_key),
        "check_constraints": sorted(checks, key=_sort_key),
        "indexes": sorted(indexes, key=_sort_key),
        "comment": comment,
    }


# Server defaults whose value is the time of the INSERT: two databases
# migrated a moment apart hold different values there.
CLOCK_DEFAULTS = ("now()", "current_timestamp", "localtimestamp")


def _is_clock_default(default):
    text = str(default or "").lower()
    return any(clock in text for clock in CLOCK_DEFAULTS)


def _selected(table):
    """The columns to select: JSON columns as their text, so that a JSON
    `null` document and SQL NULL stay apart (SQLAlchemy's JSON type reads
    both back as None)."""
    import sqlalchemy as sa

    return [
        sa.cast(c, sa.Text).label(c.name) if isinstance(c.type, sa.JSON) else c
        for c in table.columns
    ]


def _json_cells(table):
    import sqlalchemy as sa

    return [isinstance(c.type, sa.JSON) for c in table.columns]


def _cell(value, masked, is_json):
    if value is None:
        return None
    if masked:
        return "<insert time>"
    if is_json:
        # parsed, so that key order and spacing of the stored text do not
        # count; {"json": ...} marks it (a JSON null is {"json": null})
        return {"json": _plain(json.loads(value))}
    return _plain(value)


def _rows(conn, table, columns):
    """Rows sorted; values of columns with a clock default masked."""
    import sqlalchemy as sa

    clock = [_is_clock_default(c["default"]) for c in columns]
    is_json = _json_cells(table)
    result = conn.execute(sa.select(*_selected(table)))
    rows = [[_cell(v, m, j) for v, m, j in zip(row, clock, is_json)] for row in result]
    return sorted(rows, key=_sort_key)


def dump(url):
    """The normalized picture of the database at `url`."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            names = sorted(n for n in inspector.get_table_names() if n != VERSION_TABLE)
            tables = {n: _table(inspector, engine.dialect, n) for n in names}
            enums = []
            if engine.dialect.name == "postgresql":
                enums = sorted(
                    ({"name": e["name"], "labels": list(e["labels"])} for e in inspector.get_enums()),
                    key=_sort_key,
                )
            meta = sa.MetaData()
            rows = {}
            for n in names:
                # resolve_fks=False: a foreign key may name a table that is
                # gone (SQLite lets a migration drop it)
                table = sa.Table(n, meta, autoload_with=conn, resolve_fks=False)
                rows[n] = _rows(conn, table, tables[n]["columns"])
            version_rows = []
            if inspector.has_table(VERSION_TABLE):
                version_rows = sorted(
                    v for (v,) in conn.execute(sa.text("SELECT version_num FROM " + VERSION_TABLE))
                )
    finally:
        engine.dispose()
    return {"tables": tables, "enums": enums, "version_rows": version_rows, "rows": rows}


def main(urls):
    for url in urls:
        sys.stdout.write(json.dumps(dump(url), sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
