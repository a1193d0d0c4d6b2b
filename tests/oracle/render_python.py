"""The real Alembic beside aludel's revision writer.

Reads JSON from stdin: {"cases": [<case>, ...]} where each case is
{"ops": [<op>, ...], "compare": bool, "text": "<aludel's body>", "imports": [...]}
and each <op> is aludel-core's `Op` serialised by serde (externally tagged).

For a case with "compare", the same operations are built as Alembic operation
objects (index and constraint names as `conv`, the names Alembic writes inside
`op.f()`) and rendered the way autogenerate renders a revision body
(`render._render_cmd_body` + `render._indent`, an AutogenContext on a
PostgreSQL MigrationContext, `render_as_batch` when the case has batches); the
answer's "alembic" is {"text": ..., "imports": [...]} or {"err": "..."}.

For every case, aludel's text is also run: a module with the stock template's
imports plus the writer's, `def upgrade():` with the body, called under
Alembic's `Operations` in offline mode for each dialect; "exec" maps each
dialect to "ok" or "<ExceptionType>: <message>".

sqlmodel 0.0.50 has no `GUID` type (sqlmodel <= 0.0.19 had); a stand-in of
the same module and repr is installed so that such cases render and run.
"""

import io
import json
import re
import sys
import warnings

import sqlalchemy as sa
import sqlmodel.sql.sqltypes as smt
from alembic.autogenerate import render
from alembic.autogenerate.api import AutogenContext
from alembic.migration import MigrationContext
from alembic.operations import Operations, ops
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.sql.elements import conv

warnings.simplefilter("ignore")


class GUID(sa.types.TypeDecorator):
    """sqlmodel <= 0.0.19's GUID, as far as rendering and compiling go."""

    impl = sa.CHAR
    cache_ok = True


GUID.__module__ = "sqlmodel.sql.sqltypes"
if not hasattr(smt, "GUID"):
    smt.GUID = GUID


def tag(value):
    """Split a serde externally tagged enum into (variant, payload)."""
    if isinstance(value, str):
        return value, None
    ((k, v),) = value.items()
    return k, v


def name(n):
    return None if n is None else conv(n)


def enum_kw(e, pg):
    kw = {"name": e["name"]}
    if not e["native_enum"]:
        kw["native_enum"] = False
    if e["create_constraint"]:
        kw["create_constraint"] = True
    if pg and not e["create_type"]:
        kw["create_type"] = False
    return kw


def reflected(spelling):
    m = re.fullmatch(r"([A-Z ]+?)(?:\((.*)\))?", spelling)
    base, args = m.group(1), m.group(2)
    nums = [int(a) for a in args.split(",")] if args else []
    cls = {
        "INT": sa.INTEGER,
        "DOUBLE PRECISION": sa.DOUBLE_PRECISION,
    }.get(base) or getattr(sa, base)
    return cls(*nums)


def sql_type(t):
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
        "PickleType": sa.PickleType,
        "Guid": GUID,
        "UtcDateTime": smt.UTCDateTime,
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
        return sa.Enum(*v["values"], **enum_kw(v, False))
    if k == "Uuid":
        return sa.Uuid(as_uuid=v["as_uuid"])
    if k == "LargeBinary":
        return sa.LargeBinary(v["length"])
    if k == "Array":
        return sa.ARRAY(sql_type(v))
    if k == "AutoString":
        return smt.AutoString(v["length"])
    if k == "Reflected":
        return reflected(v)
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
            return postgresql.ENUM(*pv["values"], **enum_kw(pv, True))
        return {
            "Jsonb": postgresql.JSONB,
            "Uuid": postgresql.UUID,
            "Inet": postgresql.INET,
            "Bytea": postgresql.BYTEA,
            "DoublePrecision": postgresql.DOUBLE_PRECISION,
        }[pk]()
    if k == "Mysql":
        mk, mv = tag(v)
        with_width = {"Tinyint": mysql.TINYINT, "Mediumint": mysql.MEDIUMINT}
        if mk in with_width:
            return with_width[mk](display_width=mv)
        with_fsp = {"Datetime": mysql.DATETIME, "Timestamp": mysql.TIMESTAMP}
        if mk in with_fsp:
            return with_fsp[mk](fsp=mv)
        if mk == "Enum":
            return mysql.ENUM(*mv)
        return {
            "Longtext": mysql.LONGTEXT,
            "Mediumtext": mysql.MEDIUMTEXT,
            "Tinytext": mysql.TINYTEXT,
            "Longblob": mysql.LONGBLOB,
            "Mediumblob": mysql.MEDIUMBLOB,
        }[mk]()
    if k == "Sqlite":
        return sqlite.JSON()
    raise ValueError(f"unknown type {t!r}")


def default_value(d):
    k, v = tag(d)
    if k == "Literal":
        return v
    if k == "Text":
        return sa.text(v)
    fn = sa.func
    for part in v["name"].split("."):
        fn = getattr(fn, part)
    return fn(*[sa.text(a) for a in v["args"]])


def default_clause(d):
    """A server default as autogenerate holds it: a DefaultClause."""
    return None if d is None else sa.DefaultClause(default_value(d))


def column(c):
    fks = [
        sa.ForeignKey(f["target"], name=name(f["name"]), ondelete=f["ondelete"], onupdate=f["onupdate"])
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
        server_default=None if c["server_default"] is None else default_value(c["server_default"]),
        comment=c["comment"],
        unique=c["unique"] or None,
        index=c["index"] or None,
    )


def fk_kwargs(fk):
    keys = [("onupdate", "onupdate"), ("ondelete", "ondelete"), ("initially", "initially"),
            ("deferrable", "deferrable"), ("match", "match_")]
    return {k: fk[f] for k, f in keys if fk[f] is not None}


def constraint(c):
    k, v = tag(c)
    if k == "PrimaryKey":
        return sa.PrimaryKeyConstraint(*v["columns"], name=name(v["name"]))
    if k == "Unique":
        return sa.UniqueConstraint(*v["columns"], name=name(v["name"]))
    if k == "Check":
        return sa.CheckConstraint(sa.text(v["sqltext"]), name=name(v["name"]))
    schema = v["referent_schema"]
    prefix = f"{schema}.{v['referent_table']}" if schema else v["referent_table"]
    return sa.ForeignKeyConstraint(
        v["columns"],
        [f"{prefix}.{c}" for c in v["referent_columns"]],
        name=name(v["name"]),
        **fk_kwargs(v),
    )


def index_kwargs(o):
    # The order SQLAlchemy keeps them in (by dialect, then as given).
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


CONSTRAINT_TYPES = {None: None, "Primary": "primary", "ForeignKey": "foreignkey",
                    "Unique": "unique", "Check": "check"}


def build(raw):
    """The Alembic operation object of one serialised aludel op."""
    k, v = tag(raw)
    schema = v.get("schema") if isinstance(v, dict) else None
    if k == "CreateTable":
        items = [column(c) for c in v["columns"]] + [constraint(c) for c in v["constraints"]]
        return ops.CreateTableOp(
            v["table"], items, schema=schema, comment=v["comment"],
            if_not_exists=True if v["if_not_exists"] else None,
        )
    if k == "DropTable":
        return ops.DropTableOp(v["table"], schema=schema, if_exists=v["if_exists"] or None)
    if k == "AddColumn":
        return ops.AddColumnOp(v["table"], column(v["column"]), schema=schema,
                               if_not_exists=v["if_not_exists"] or None)
    if k == "DropColumn":
        return ops.DropColumnOp(v["table"], v["column"], schema=schema,
                                if_exists=v["if_exists"] or None)
    if k == "AlterColumn":
        kw = {}
        if v.get("postgresql_using") is not None:
            kw["postgresql_using"] = v["postgresql_using"]
        return ops.AlterColumnOp(
            v["table"], v["column"], schema=schema,
            existing_type=None if v["existing_type"] is None else sql_type(v["existing_type"]),
            existing_server_default=default_clause(v["existing_server_default"]) or False,
            existing_nullable=v["existing_nullable"],
            existing_comment=v["existing_comment"],
            modify_nullable=v["nullable"],
            modify_comment=v["comment"] if "comment" in v else False,
            modify_server_default=default_clause(v["server_default"]) if "server_default" in v else False,
            modify_name=v["new_column_name"],
            modify_type=None if v["type_"] is None else sql_type(v["type_"]),
            **kw,
        )
    if k == "CreateIndex":
        return ops.CreateIndexOp(
            name(v["name"]), v["table"], [index_part(p) for p in v["parts"]], schema=schema,
            unique=v["unique"], if_not_exists=v["if_not_exists"] or None,
            **index_kwargs(v["options"]),
        )
    if k == "DropIndex":
        kw = {"postgresql_concurrently": True} if v["postgresql_concurrently"] else {}
        return ops.DropIndexOp(name(v["name"]), table_name=v["table"], schema=schema,
                               if_exists=v["if_exists"] or None, **kw)
    if k == "CreateUniqueConstraint":
        return ops.CreateUniqueConstraintOp(name(v["name"]), v["table"], v["columns"], schema=schema)
    if k == "CreateForeignKey":
        key = v["key"]
        kw = fk_kwargs(key)
        if schema is not None:
            kw["source_schema"] = schema
        if key["referent_schema"] is not None:
            kw["referent_schema"] = key["referent_schema"]
        return ops.CreateForeignKeyOp(name(key["name"]), v["table"], key["referent_table"],
                                      key["columns"], key["referent_columns"], **kw)
    if k == "CreateCheckConstraint":
        return ops.CreateCheckConstraintOp(name(v["name"]), v["table"], sa.text(v["sqltext"]),
                                           schema=schema)
    if k == "DropConstraint":
        return ops.DropConstraintOp(name(v["name"]), v["table"], type_=CONSTRAINT_TYPES[v["type_"]],
                                    schema=schema, if_exists=v["if_exists"] or None)
    if k == "CreateTableComment":
        return ops.CreateTableCommentOp(v["table"], v["comment"], schema=schema,
                                        existing_comment=v["existing_comment"])
    if k == "DropTableComment":
        return ops.DropTableCommentOp(v["table"], schema=schema,
                                      existing_comment=v["existing_comment"])
    if k == "Execute":
        return ops.ExecuteSQLOp(v["sql"])
    if k == "Batch":
        return ops.ModifyTableOps(v["table"], [build(o) for o in v["ops"]], schema=v["schema"])
    raise ValueError(f"Alembic has no renderer for {k}")


def alembic_render(case):
    has_batch = any(tag(o)[0] == "Batch" for o in case["ops"])
    ctx = MigrationContext.configure(dialect_name="postgresql")
    ac = AutogenContext(ctx, opts={
        "sqlalchemy_module_prefix": "sa.",
        "alembic_module_prefix": "op.",
        "render_item": None,
        "render_as_batch": has_batch,
        "user_module_prefix": None,
    })
    ac.imports = set()
    try:
        upgrade = ops.UpgradeOps(ops=[build(o) for o in case["ops"]])
        text = render._indent(render._render_cmd_body(upgrade, ac))
    except Exception as e:  # noqa: BLE001 - the error is the observation
        return {"err": f"{type(e).__name__}: {e}"}
    return {"text": text, "imports": sorted(ac.imports)}


MODULE = """from alembic import op
import sqlalchemy as sa
{imports}


def upgrade():
{body}"""


def run(case, dialect):
    source = MODULE.format(imports="\n".join(case["imports"]), body=case["text"])
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name=dialect,
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    try:
        namespace = {}
        exec(compile(source, "revision.py", "exec"), namespace)
        with Operations.context(ctx):
            namespace["upgrade"]()
    except Exception as e:  # noqa: BLE001 - the error is the observation
        return f"{type(e).__name__}: {e}"
    return "ok"


def main():
    request = json.load(sys.stdin)
    out = []
    for case in request["cases"]:
        answer = {"exec": {d: run(case, d) for d in ("sqlite", "postgresql", "mysql")}}
        if case["compare"]:
            answer["alembic"] = alembic_render(case)
        out.append(answer)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
