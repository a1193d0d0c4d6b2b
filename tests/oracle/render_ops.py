"""Render operations with the real Alembic in offline mode.

Reads JSON from stdin: {"dialects": ["sqlite", ...], "ops": [<op>, ...]} where
each dialect is a SQLAlchemy dialect name or a URL ("mariadb+pymysql://": the
MariaDB flavour, as `alembic --sql` builds it from sqlalchemy.url) and each
<op> is aludel-core's `Op` serialised by serde (externally tagged enums).
Builds the same SQLAlchemy objects, runs each op through Alembic's
`Operations` with `as_sql=True` and `literal_binds=True`, and prints a JSON
list with one entry per op: {dialect: {"ok": "<sql as printed>"} or
{"err": "<ExceptionType>: <message>"}}.
"""

import io
import json
import sys
import warnings

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.dialects import mysql, postgresql, sqlite

warnings.simplefilter("ignore")


def tag(value):
    """Split a serde externally tagged enum into (variant, payload)."""
    if isinstance(value, str):
        return value, None
    ((k, v),) = value.items()
    return k, v


def enum_type(cls, e):
    return cls(
        *e["values"],
        name=e["name"],
        native_enum=e["native_enum"],
        create_constraint=e["create_constraint"],
    )


def sql_type(t):
    import sqlmodel.sql.sqltypes as smt

    k, v = tag(t)
    simple = {
        "Integer": sa.Integer,
        "BigInteger": sa.BigInteger,
        "SmallInteger": sa.SmallInteger,
        "UnicodeText": sa.UnicodeText,
        "Boolean": sa.Boolean,
        "Date": sa.Date,
        "Double": sa.Double,
        "Json": sa.JSON,
        "Interval": sa.Interval,
    }
    if k in simple:
        return simple[k]()
    if k == "String":
        return sa.String(v["length"], collation=v["collation"])
    if k == "Text":
        return sa.Text(collation=v["collation"])
    if k == "Unicode":
        return sa.Unicode(v["length"])
    if k == "DateTime":
        return sa.DateTime(timezone=v["timezone"])
    if k == "Time":
        return sa.Time(timezone=v["timezone"])
    if k == "Float":
        return sa.Float(v["precision"])
    if k == "Numeric":
        return sa.Numeric(v["precision"], v["scale"])
    if k == "Enum":
        return enum_type(sa.Enum, v)
    if k == "Uuid":
        return sa.Uuid(as_uuid=v["as_uuid"])
    if k == "LargeBinary":
        return sa.LargeBinary(v["length"])
    if k == "Array":
        return sa.ARRAY(sql_type(v))
    if k == "PickleType":
        return sa.PickleType()
    if k == "AutoString":
        return smt.AutoString(v["length"])
    if k == "Guid":
        # sqlmodel <= 0.0.19's GUID: CHAR(32), UUID on PostgreSQL, as sa.Uuid.
        return sa.Uuid()
    if k == "UtcDateTime":
        return smt.UTCDateTime()
    if k == "Upper":
        uk, uv = tag(v)
        if uk in ("Varchar", "Char", "Nvarchar"):
            return {"Varchar": sa.VARCHAR, "Char": sa.CHAR, "Nvarchar": sa.NVARCHAR}[uk](uv)
        if uk == "Timestamp":
            return sa.TIMESTAMP(timezone=uv["timezone"])
        if uk in ("Numeric", "Decimal"):
            return {"Numeric": sa.NUMERIC, "Decimal": sa.DECIMAL}[uk](uv[0], uv[1])
        return {
            "Integer": sa.INTEGER,
            "BigInt": sa.BIGINT,
            "SmallInt": sa.SMALLINT,
            "Text": sa.TEXT,
            "Boolean": sa.BOOLEAN,
            "Datetime": sa.DATETIME,
            "Date": sa.DATE,
            "Time": sa.TIME,
            "Float": sa.FLOAT,
            "Real": sa.REAL,
            "Double": sa.DOUBLE,
            "DoublePrecision": sa.DOUBLE_PRECISION,
            "Blob": sa.BLOB,
            "Json": sa.JSON,
            "Uuid": sa.UUID,
        }[uk]()
    if k == "Postgresql":
        pk, pv = tag(v)
        if pk == "Array":
            return postgresql.ARRAY(sql_type(pv))
        if pk == "Timestamp":
            return postgresql.TIMESTAMP(timezone=pv["timezone"])
        if pk == "Enum":
            return postgresql.ENUM(
                *pv["values"], name=pv["name"], create_type=pv["create_type"]
            )
        return {
            "Jsonb": postgresql.JSONB,
            "Uuid": postgresql.UUID,
            "Inet": postgresql.INET,
            "Bytea": postgresql.BYTEA,
            "DoublePrecision": postgresql.DOUBLE_PRECISION,
        }[pk]()
    if k == "Mysql":
        mk, mv = tag(v)
        if mk == "Tinyint":
            return mysql.TINYINT(mv)
        if mk == "Datetime":
            return mysql.DATETIME(fsp=mv)
        if mk == "Enum":
            return mysql.ENUM(*mv)
        if mk == "Mediumtext":
            return mysql.MEDIUMTEXT()
        return mysql.LONGTEXT()
    if k == "Sqlite":
        return sqlite.JSON()
    raise ValueError(f"unknown type {t!r}")


def server_default(d):
    if d is None:
        return None
    k, v = tag(d)
    if k == "Literal":
        return v
    if k == "Text":
        return sa.text(v)
    return getattr(sa.func, v["name"])(*[sa.text(a) for a in v["args"]])


def column(c):
    fks = [
        sa.ForeignKey(f["target"], name=f["name"], ondelete=f["ondelete"], onupdate=f["onupdate"])
        for f in c["foreign_keys"]
    ]
    auto = c["autoincrement"]
    return sa.Column(
        c["name"],
        sql_type(c["type_"]),
        *fks,
        nullable=c["nullable"],
        primary_key=c["primary_key"],
        autoincrement="auto" if auto is None else auto,
        server_default=server_default(c["server_default"]),
        comment=c["comment"],
        unique=c["unique"] or None,
        index=c["index"] or None,
    )


def fk_kwargs(fk):
    return dict(
        onupdate=fk["onupdate"],
        ondelete=fk["ondelete"],
        deferrable=fk["deferrable"],
        initially=fk["initially"],
        match=fk["match_"],
    )


def constraint(c):
    k, v = tag(c)
    if k == "PrimaryKey":
        return sa.PrimaryKeyConstraint(*v["columns"], name=v["name"])
    if k == "Unique":
        return sa.UniqueConstraint(*v["columns"], name=v["name"])
    if k == "Check":
        return sa.CheckConstraint(sa.text(v["sqltext"]), name=v["name"])
    schema = v["referent_schema"]
    prefix = f"{schema}.{v['referent_table']}" if schema else v["referent_table"]
    return sa.ForeignKeyConstraint(
        v["columns"],
        [f"{prefix}.{c}" for c in v["referent_columns"]],
        name=v["name"],
        **fk_kwargs(v),
    )


def index_kwargs(o):
    kw = {}
    if o["postgresql_where"] is not None:
        kw["postgresql_where"] = sa.text(o["postgresql_where"])
    if o["postgresql_using"] is not None:
        kw["postgresql_using"] = o["postgresql_using"]
    if o["postgresql_concurrently"]:
        kw["postgresql_concurrently"] = True
    if o["sqlite_where"] is not None:
        kw["sqlite_where"] = sa.text(o["sqlite_where"])
    if o["mysql_length"] is not None:
        kw["mysql_length"] = o["mysql_length"]
    return kw


def index_part(p):
    k, v = tag(p)
    return v if k == "Column" else sa.text(v)


def literal_type(values):
    for v in values:
        k, x = tag(v)
        if k == "Bool":
            return sa.Boolean()
        if k == "Int":
            return sa.Integer()
        if k == "Float":
            return sa.Float()
        if k == "Str":
            return sa.String()
    return sa.String()


def literal_value(v):
    k, x = tag(v)
    if k == "Null":
        return None
    if k == "Float":
        return float(x)
    return x


def run(op, k, v):
    schema = v.get("schema") if isinstance(v, dict) else None
    if k == "CreateTable":
        items = [column(c) for c in v["columns"]] + [constraint(c) for c in v["constraints"]]
        kw = {"schema": schema, "comment": v["comment"]}
        if v["if_not_exists"]:
            kw["if_not_exists"] = True
        op.create_table(v["table"], *items, **kw)
    elif k == "DropTable":
        op.drop_table(v["table"], schema=schema, if_exists=v["if_exists"] or None)
    elif k == "RenameTable":
        op.rename_table(v["table"], v["new_name"], schema=schema)
    elif k == "AddColumn":
        op.add_column(
            v["table"],
            column(v["column"]),
            schema=schema,
            if_not_exists=v["if_not_exists"] or None,
            inline_references=v["inline_references"] or None,
            inline_primary_key=v["inline_primary_key"] or None,
        )
    elif k == "DropColumn":
        op.drop_column(v["table"], v["column"], schema=schema, if_exists=v["if_exists"] or None)
    elif k == "AlterColumn":
        kw = {}
        if v.get("nullable") is not None:
            kw["nullable"] = v["nullable"]
        if v.get("type_") is not None:
            kw["type_"] = sql_type(v["type_"])
        if "server_default" in v:
            kw["server_default"] = server_default(v["server_default"])
        if v.get("new_column_name") is not None:
            kw["new_column_name"] = v["new_column_name"]
        if "comment" in v:
            kw["comment"] = v["comment"]
        if v.get("existing_type") is not None:
            kw["existing_type"] = sql_type(v["existing_type"])
        if v.get("existing_nullable") is not None:
            kw["existing_nullable"] = v["existing_nullable"]
        if v.get("existing_server_default") is not None:
            kw["existing_server_default"] = server_default(v["existing_server_default"])
        if v.get("existing_comment") is not None:
            kw["existing_comment"] = v["existing_comment"]
        if v.get("postgresql_using") is not None:
            kw["postgresql_using"] = v["postgresql_using"]
        op.alter_column(v["table"], v["column"], schema=schema, **kw)
    elif k == "CreateIndex":
        op.create_index(
            v["name"],
            v["table"],
            [index_part(p) for p in v["parts"]],
            schema=schema,
            unique=v["unique"],
            if_not_exists=v["if_not_exists"] or None,
            **index_kwargs(v["options"]),
        )
    elif k == "DropIndex":
        kw = {"postgresql_concurrently": True} if v["postgresql_concurrently"] else {}
        op.drop_index(
            v["name"], table_name=v["table"], schema=schema, if_exists=v["if_exists"] or None, **kw
        )
    elif k == "CreateUniqueConstraint":
        op.create_unique_constraint(v["name"], v["table"], v["columns"], schema=schema)
    elif k == "CreateForeignKey":
        key = v["key"]
        op.create_foreign_key(
            key["name"],
            v["table"],
            key["referent_table"],
            key["columns"],
            key["referent_columns"],
            source_schema=schema,
            referent_schema=key["referent_schema"],
            **fk_kwargs(key),
        )
    elif k == "CreateCheckConstraint":
        op.create_check_constraint(v["name"], v["table"], sa.text(v["sqltext"]), schema=schema)
    elif k == "CreatePrimaryKey":
        op.create_primary_key(v["name"], v["table"], v["columns"], schema=schema)
    elif k == "DropConstraint":
        type_ = {None: None, "Primary": "primary", "ForeignKey": "foreignkey",
                 "Unique": "unique", "Check": "check"}[v["type_"]]
        op.drop_constraint(
            v["name"], v["table"], type_=type_, schema=schema, if_exists=v["if_exists"] or None
        )
    elif k == "CreateTableComment":
        op.create_table_comment(
            v["table"], v["comment"], existing_comment=v["existing_comment"], schema=schema
        )
    elif k == "DropTableComment":
        op.drop_table_comment(v["table"], existing_comment=v["existing_comment"], schema=schema)
    elif k == "Execute":
        op.execute(v["sql"])
    elif k == "BulkInsert":
        cols = []
        for name in v["columns"]:
            vals = [val for row in v["rows"] for (c, val) in row if c == name]
            cols.append(sa.column(name, literal_type(vals)))
        table = sa.table(v["table"], *cols, schema=schema)
        rows = [{c: literal_value(val) for (c, val) in row} for row in v["rows"]]
        op.bulk_insert(table, rows)
    else:
        raise ValueError(f"unknown op {k}")


def render(dialect, raw):
    buf = io.StringIO()
    target = {"url": dialect} if "://" in dialect else {"dialect_name": dialect}
    ctx = MigrationContext.configure(
        # as the stock env.py configures offline runs
        dialect_opts={"paramstyle": "named"},
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
        **target,
    )
    k, v = tag(raw)
    try:
        run(Operations(ctx), k, v)
    except Exception as e:  # noqa: BLE001 - the error is the observation
        return {"err": f"{type(e).__name__}: {e}"}
    return {"ok": buf.getvalue()}


def main():
    request = json.load(sys.stdin)
    out = [{d: render(d, raw) for d in request["dialects"]} for raw in request["ops"]]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
