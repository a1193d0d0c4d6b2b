#!/usr/bin/env python3
"""A long-lived helper for the autogenerate differential tests: builds
databases from SQLModel model files and lets the real Alembic autogenerate
and run migrations between model versions.

    .venv/bin/python tests/oracle/autogen_oracle.py
    .venv-sqlmodel024/bin/python tests/oracle/autogen_oracle.py

One JSON request per line on stdin, one JSON answer per line on stdout
(keys sorted).  A failure inside a request is part of its answer; a
malformed request ends the process with a traceback on stderr.

    {"op": "versions"}
        -> {"python", "alembic", "sqlalchemy", "sqlmodel", "pydantic"}

    {"op": "dump", "url": URL}
        -> the object tests/oracle/dump_schema.py prints for URL,
           or {"error": TEXT, "traceback": TEXT}

    {"op": "wipe", "url": URL}
        -> drops everything in the database (as create_all does first)
    {"op": "sql", "url": URL, "statements": [TEXT, ...]}
        -> {"ok": true} or {"error", "traceback"}   (autocommit; to create
           and drop scratch databases through an admin URL)

    {"op": "create_all", "models": PATH, "url": URL}
        -> drops everything in the database (SQLite: the file; PostgreSQL:
           schema public, enum types included; MariaDB: every table), imports
           PATH freshly as module `models`, runs create_all of its metadata
           (see METADATA below), and answers the dump;
           or {"error", "traceback"} when the import or the DDL fails

    {"op": "metadata", "models": PATH}
    {"op": "metadata", "root": DIR, "modules": [DOTTED...]}
        -> {"tables": [TABLE...], "enums": [{"schema", "name", "values"}...]}
           what SQLAlchemy holds after importing PATH (or, second form, the
           application modules DOTTED... with DIR first on sys.path: a
           package project; its metadata is SQLModel.metadata plus the
           `target_metadata` / `Base.metadata` of the first module), tables
           in `sorted_tables` order (see `describe_table`: types as repr(),
           as Alembic renders them, and compiled for sqlite, postgresql,
           mysql and mariadb; server defaults and index expressions
           compiled per dialect, failures as "ERROR: ..."), enums the
           named native enum types create_all makes on PostgreSQL; or
           {"error", "traceback"}

    {"op": "evolve", "case": DIR, "url": URL, "render_as_batch": BOOL,
     "project": DIR (optional: build the scratch project there and keep it),
     "compare_create_all": BOOL (optional, default true)}
        -> a scratch Alembic project (tests/oracle/autogen_project: the
           corpus alembic.ini, env.py with target_metadata = the models'
           metadata and compare_server_default=True, script.py.mako that
           imports sqlmodel) on an emptied database; for each model version
           DIR/v1.py, v2.py, ... (numeric order): copy it to models.py,
           `alembic revision --autogenerate -m vN --rev-id NNNN`, `alembic
           upgrade head`; then `downgrade base`, `upgrade head`, `check`.
           Answer:
             {"steps": [STEP...],
              "revisions": [{"version": "v1", "rev_id": "0001",
                             "file": NAME, "text": TEXT}...],
              "dump": the database after the last step (or {"error",
                      "traceback"} when it cannot be read),
              "same_as_create_all": BOOL | null,
              "same_as_create_all_unordered": BOOL | null  (columns of each
                             table compared by name, not by position),
              "create_all_differences": ["path: evolved | create_all", ...],
              "create_all_error": TEXT | null}
           STEP = {"step": "revision v1" | "upgrade v1" | ... |
                           "downgrade base" | "upgrade head" | "check",
                   "command": the alembic command line,
                   "ok": BOOL, "error": TEXT | null,
                   "skipped": BOOL, "stdout": TEXT, "stderr": TEXT}
           `error` is the FAILED: message of the CLI, or the exception line
           of a traceback (SQLAlchemy's "[SQL: ...]" tail cut off, object
           addresses " at 0x..." removed, the failing frame added to a bare
           exception such as AssertionError).  After
           a failed revision or upgrade of a version, the remaining steps are
           not run ("skipped": true, "ok": false).  `same_as_create_all`
           compares the final dump with the dump of create_all of the last
           version, run afterwards in the same database (version rows and
           table rows left out); null when create_all itself failed.

METADATA of a models module: its `target_metadata` (a MetaData or a list)
when it defines one; else SQLModel.metadata, plus `Base.metadata` when the
module has a plain SQLAlchemy declarative `Base` (the same rule as the
scratch project's env.py).

Every import of a models module is fresh: `models` leaves sys.modules,
SQLModel.metadata is replaced by a new MetaData (default naming
convention), and every mapper is disposed before each create_all, metadata
and alembic command.

Start it with PYTHONHASHSEED set (the Rust side uses 0) and
PYTHONDONTWRITEBYTECODE=1.
"""

import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

import alembic_batch  # noqa: E402 - after the path is set
import dump_schema  # noqa: E402

PROJECT_TEMPLATE = os.path.join(HERE, "autogen_project")
START_DIR = os.getcwd()
MODULE = "models"


# ---------------------------------------------------------------- models


class Models:
    """Fresh imports of model files; SQLModel's global state put back."""

    @property
    def sqlmodel_metadata(self):
        from sqlmodel import SQLModel

        return SQLModel.metadata

    def reset(self):
        from sqlalchemy.orm import clear_mappers

        sys.modules.pop(MODULE, None)
        self.forget_package()
        # prepend_sys_path = . puts "." on sys.path, and the finder cached
        # for "." holds the directory of the project that came first.
        sys.path_importer_cache.clear()
        # Relationships of the previous version name classes by string;
        # without this the next version's classes would be "multiple
        # classes found" for the same name.
        clear_mappers()
        import sqlmodel.main

        # A new MetaData rather than clear(): enum types of the old tables
        # stay registered as create / drop listeners of the MetaData.
        from sqlalchemy import MetaData
        from sqlmodel import SQLModel

        fresh = MetaData()
        sqlmodel.main.default_registry.metadata = fresh
        SQLModel.metadata = fresh

    def forget_package(self):
        """Drops the modules a package request imported from sys.modules."""
        root = getattr(self, "package_root", None)
        if root is None:
            return
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None) or ""
            paths = list(getattr(module, "__path__", None) or [])
            if file.startswith(root + os.sep) or any(p.startswith(root) for p in paths):
                del sys.modules[name]
        if root in sys.path:
            sys.path.remove(root)
        self.package_root = None

    def load_package(self, root, modules):
        """Import the dotted `modules` with `root` first on sys.path;
        (first module, [MetaData...])."""
        self.reset()
        root = os.path.abspath(root)
        self.package_root = root
        sys.path.insert(0, root)
        sys.path_importer_cache.clear()
        importlib.invalidate_caches()
        loaded = [importlib.import_module(m) for m in modules]
        return loaded[0], self.metadatas(loaded[0])

    def load(self, path):
        """Import `path` as module `models`; (module, [MetaData...])."""
        self.reset()
        spec = importlib.util.spec_from_file_location(MODULE, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[MODULE] = module
        spec.loader.exec_module(module)
        return module, self.metadatas(module)

    def metadatas(self, module):
        from sqlalchemy import MetaData

        explicit = getattr(module, "target_metadata", None)
        if explicit is not None:
            return list(explicit) if isinstance(explicit, (list, tuple)) else [explicit]
        found = [self.sqlmodel_metadata]
        base_metadata = getattr(getattr(module, "Base", None), "metadata", None)
        if isinstance(base_metadata, MetaData) and base_metadata is not self.sqlmodel_metadata:
            if not self.sqlmodel_metadata.tables:
                return [base_metadata]
            found.append(base_metadata)
        return found


# ---------------------------------------------------------------- databases


def engine_for(url, **kw):
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    return sa.create_engine(url, poolclass=NullPool, **kw)


def wipe(url):
    """Drop everything the tests could have made in the database at `url`."""
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            for suffix in ("", "-journal", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        return
    engine = engine_for(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if backend == "postgresql":
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            elif backend in ("mysql", "mariadb"):
                names = sa.inspect(conn).get_table_names()
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
                for name in names:
                    conn.exec_driver_sql("DROP TABLE `%s`" % name.replace("`", "``"))
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 1")
            else:
                raise ValueError("cannot empty a %s database" % backend)
    finally:
        engine.dispose()


def run_sql(url, statements):
    engine = engine_for(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def create_all(models, path, url):
    wipe(url)
    _, metadatas = models.load(path)
    engine = engine_for(url)
    try:
        for metadata in metadatas:
            metadata.create_all(engine)
    finally:
        engine.dispose()


def _diff_key(entry):
    """One autogenerate difference as [kind, table, column]: the column for
    column-level differences, else None (unnamed objects have no name)."""
    kind = entry[0]
    if kind in ("add_table", "remove_table", "add_table_comment", "remove_table_comment"):
        return [kind, entry[1].name, None]
    if kind in ("add_column", "remove_column"):
        return [kind, entry[2], entry[3].name]
    if kind.startswith("modify_"):
        return [kind, entry[2], entry[3]]
    obj = entry[1]
    table = getattr(obj, "table", None)
    return [kind, table.name if table is not None else None, None]


def compare(models, path, url):
    """What alembic's autogenerate finds between the models file and the
    database at `url`, as a list of [kind, table, column]."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    _, metadatas = models.load(path)
    engine = engine_for(url)
    out = []
    try:
        with engine.connect() as conn:
            for metadata in metadatas:
                mc = MigrationContext.configure(conn, opts={"compare_type": True})
                for entry in compare_metadata(mc, metadata):
                    items = entry if isinstance(entry, list) else [entry]
                    out.extend(_diff_key(e) for e in items)
    finally:
        engine.dispose()
    return {"differences": out}


def failure():
    text = traceback.format_exc()
    return {"error": exception_text(text), "traceback": text}


# ---------------------------------------------------------------- metadata


def _text(value):
    if value is None:
        return None
    for attr in ("arg",):  # DefaultClause / ScalarElementColumnDefault
        inner = getattr(value, attr, None)
        if inner is not None:
            value = inner
            break
    if isinstance(value, str):
        return value
    if callable(value) and not hasattr(value, "compile"):
        return "<callable>"
    try:
        return str(value.compile(compile_kwargs={"literal_binds": True}))
    except Exception:  # noqa: BLE001 - anything else: its repr
        return repr(value)


def _kwargs(item):
    return {k: _text(v) if not isinstance(v, (bool, int, str, type(None))) else v
            for k, v in sorted(item.kwargs.items())}


DIALECT_NAMES = ("sqlite", "postgresql", "mysql", "mariadb")
_DIALECTS = {}
_RENDER_CONTEXT = []


def dialects():
    """One instance of each dialect the tests compare with (no DBAPI)."""
    import sqlalchemy as sa

    if not _DIALECTS:
        for name in DIALECT_NAMES:
            _DIALECTS[name] = sa.engine.make_url(name + "://").get_dialect()()
    return _DIALECTS


def _error_text(exc):
    return "ERROR: %s: %s" % (type(exc).__name__, re.sub(r" at 0x[0-9a-f]+", "", str(exc)))


def render_type(type_):
    """The type as Alembic's autogenerate writes it into a revision (the
    PostgreSQL implementation's rendering, `sa.` prefix)."""
    from alembic.autogenerate.api import AutogenContext
    from alembic.autogenerate.render import _repr_type
    from alembic.runtime.migration import MigrationContext

    if not _RENDER_CONTEXT:
        mc = MigrationContext.configure(
            dialect_name="postgresql",
            opts={"sqlalchemy_module_prefix": "sa.", "alembic_module_prefix": "op.",
                  "user_module_prefix": None},
        )
        _RENDER_CONTEXT.append(AutogenContext(mc, opts={
            "sqlalchemy_module_prefix": "sa.", "alembic_module_prefix": "op.",
            "user_module_prefix": None}))
    try:
        return _repr_type(type_, _RENDER_CONTEXT[0])
    except Exception as exc:  # noqa: BLE001 - reported as text
        return _error_text(exc)


def per_dialect(compile_one):
    """{dialect name: compile_one(dialect)} with failures as "ERROR: ..."."""
    out = {}
    for name, dialect in dialects().items():
        try:
            out[name] = compile_one(dialect)
        except Exception as exc:  # noqa: BLE001 - reported as text
            out[name] = _error_text(exc)
    return out


def _default_sql(col, dialect):
    if col.server_default is None:
        return None
    compiler = dialect.ddl_compiler(dialect, None)
    return compiler.get_column_default_string(col)


def _expression_sql(expr, dialect):
    return str(expr.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _enum_of(type_):
    import sqlalchemy as sa

    inner = getattr(type_, "impl", None) if not isinstance(type_, sa.Enum) else type_
    if isinstance(inner, sa.Enum):
        return inner
    return None


def describe_enums(metadatas):
    """The named enum types `create_all` makes on PostgreSQL: native
    `Enum` columns with a name, by (schema, name)."""
    found = {}
    for metadata in metadatas:
        for table in metadata.sorted_tables:
            for col in table.columns:
                e = _enum_of(col.type)
                if e is None or not e.native_enum or not e.name:
                    continue
                found.setdefault((e.schema, e.name), list(e.enums))
    return [{"schema": s, "name": n, "values": v} for (s, n), v in
            sorted(found.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))]


def _name_sql(obj):
    """{dialect: the name as that dialect's DDL writes it}: a naming
    convention's name is shortened (hash suffix) to the dialect's length."""
    import sqlalchemy as sa

    def one(d):
        if obj.name is None:
            return None
        prep = d.identifier_preparer
        text = prep.format_index(obj) if isinstance(obj, sa.Index) else prep.format_constraint(obj)
        if text is None:
            return None
        if text.startswith(prep.initial_quote) and text.endswith(prep.final_quote) and len(text) > 1:
            text = text[1:-1].replace(prep.escape_to_quote, prep.escape_quote)
        return text

    return per_dialect(one)


def describe_table(table):
    """A JSON picture of one Table of the metadata (types as repr(), as
    Alembic renders them and compiled per dialect)."""
    import sqlalchemy as sa

    columns = []
    for col in table.columns:
        columns.append(
            {
                "name": col.name,
                "key": col.key,
                "type": repr(col.type),
                "type_render": render_type(col.type),
                "type_sql": per_dialect(lambda d, col=col: col.type.compile(dialect=d)),
                "nullable": col.nullable,
                "primary_key": col.primary_key,
                "autoincrement": _text(col.autoincrement)
                if not isinstance(col.autoincrement, bool)
                else col.autoincrement,
                "server_default": _text(col.server_default),
                "server_default_sql": per_dialect(lambda d, col=col: _default_sql(col, d)),
                "default": _text(col.default),
                "comment": col.comment,
                "computed": _text(col.computed.sqltext) if col.computed is not None else None,
                "identity": col.identity is not None,
                "checks": sorted(
                    ({"name": c.name, "sqltext": _text(c.sqltext)}
                     for c in col.constraints if isinstance(c, sa.CheckConstraint)),
                    key=lambda c: json.dumps(c, sort_keys=True)),
            }
        )
    constraints = []
    for cons in table.constraints:
        entry = {"kind": type(cons).__name__, "name": cons.name, "name_sql": _name_sql(cons)}
        if isinstance(cons, sa.CheckConstraint):
            entry["sqltext"] = _text(cons.sqltext)
        else:
            entry["columns"] = [c.name for c in cons.columns]
        if isinstance(cons, sa.ForeignKeyConstraint):
            entry["referred_table"] = cons.referred_table.fullname
            entry["referred_schema"] = cons.referred_table.schema
            entry["referred_name"] = cons.referred_table.name
            entry["referred_columns"] = [fk.column.name for fk in cons.elements]
            entry["ondelete"] = cons.ondelete
            entry["onupdate"] = cons.onupdate
        constraints.append(entry)
    indexes = []
    for index in table.indexes:
        indexes.append(
            {
                "name": index.name,
                "name_sql": _name_sql(index),
                "expressions": [_text(e) if not isinstance(e, sa.Column) else e.name
                                for e in index.expressions],
                "unique": bool(index.unique),
                "kwargs": _kwargs(index),
                "expressions_sql": per_dialect(
                    lambda d, index=index: [e.name if isinstance(e, sa.Column)
                                            else _expression_sql(e, d)
                                            for e in index.expressions]),
            }
        )
    key = lambda item: json.dumps(item, sort_keys=True)  # noqa: E731
    return {
        "name": table.name,
        "schema": table.schema,
        "comment": table.comment,
        "kwargs": _kwargs(table),
        "columns": columns,
        "constraints": sorted(constraints, key=key),
        "indexes": sorted(indexes, key=key),
    }


def describe(models, request):
    if "root" in request:
        _, metadatas = models.load_package(request["root"], request["modules"])
    else:
        _, metadatas = models.load(request["models"])
    tables = []
    for metadata in metadatas:
        tables.extend(describe_table(t) for t in metadata.sorted_tables)
    return {"tables": tables, "enums": describe_enums(metadatas)}


# ---------------------------------------------------------------- evolve


def exception_text(text):
    """The message of an alembic run's failure: the FAILED: message, else
    the exception line(s) ending a traceback, without SQLAlchemy's
    "[SQL: ...]" and "(Background on this error ...)" tail."""
    lines = text.rstrip("\n").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("FAILED: "):
            return "\n".join([line[len("FAILED: "):]] + lines[i + 1:]).strip()
    # the exception block: after the last frame ("  File ...") and its code
    start = 0
    frame = None
    for i, line in enumerate(lines):
        if line.startswith("  File "):
            start = i + 1
            frame = line.strip()
    while start < len(lines) and lines[start].startswith("    "):
        start += 1
    block = lines[start:]
    # chained exceptions end with the one that propagated
    kept = []
    for line in block:
        if line.startswith("[SQL: ") or line.startswith("(Background on this error"):
            break
        kept.append(line)
    message = "\n".join(kept).strip()
    if message and ":" not in message.split("\n")[0] and frame:
        # a bare `assert` says nothing: name where it failed
        # (file and function; line numbers differ between versions)
        match = re.match(r'File "(?:.*/site-packages/)?([^"]*)", line \d+, in (\S+)', frame)
        message += " (in %s, %s)" % (match.group(2), match.group(1)) if match else ""
    # object addresses differ from run to run
    message = re.sub(r" at 0x[0-9a-f]+", "", message)
    return message or text.strip()


def version_files(case):
    found = []
    for name in os.listdir(case):
        match = re.fullmatch(r"v(\d+)\.py", name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def build_project(project):
    os.makedirs(os.path.join(project, "alembic", "versions"), exist_ok=True)
    shutil.copyfile(os.path.join(PROJECT_TEMPLATE, "alembic.ini"), os.path.join(project, "alembic.ini"))
    for name in ("env.py", "script.py.mako"):
        shutil.copyfile(os.path.join(PROJECT_TEMPLATE, name), os.path.join(project, "alembic", name))


def revision_file(project, rev_id):
    versions = os.path.join(project, "alembic", "versions")
    for name in sorted(os.listdir(versions)):
        if name.startswith(rev_id + "_") and name.endswith(".py"):
            with open(os.path.join(versions, name), encoding="utf-8") as f:
                return name, f.read()
    return None, None


def differences(a, b, path="", out=None, limit=20):
    out = [] if out is None else out
    if len(out) >= limit or a == b:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append("%s/%s: %s | %s" % (path, key, json.dumps(a.get(key, "(absent)")),
                                                json.dumps(b.get(key, "(absent)"))))
            else:
                differences(a[key], b[key], "%s/%s" % (path, key), out, limit)
            if len(out) >= limit:
                break
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, "%s[%d]" % (path, i), out, limit)
    else:
        out.append("%s: %s | %s" % (path, json.dumps(a), json.dumps(b)))
    return out


def schema_only(dump):
    return {k: v for k, v in dump.items() if k not in ("version_rows", "rows")}


def columns_by_name(dump):
    """schema_only, each table's columns sorted by name: add_column can
    only append, so an evolved table may hold create_all's columns in
    another order."""
    out = schema_only(dump)
    tables = {}
    for name, table in out.get("tables", {}).items():
        table = dict(table)
        table["columns"] = sorted(table["columns"], key=lambda c: c["name"])
        tables[name] = table
    out["tables"] = tables
    return out


def evolve(runner, models, request):
    case = os.path.abspath(request["case"])
    url = request["url"]
    env = {
        "DATABASE_URL": url,
        "ALUDEL_RENDER_AS_BATCH": "1" if request.get("render_as_batch") else "0",
    }
    keep = request.get("project")
    project = os.path.abspath(keep) if keep else tempfile.mkdtemp(prefix="aludel-autogen-")
    try:
        build_project(project)
        wipe(url)
        steps, revisions = [], []
        stopped = False

        def step(label, args, chain):
            nonlocal stopped
            command = "alembic " + " ".join(args)
            if stopped:
                steps.append({"step": label, "command": command, "ok": False, "error": None,
                              "skipped": True, "stdout": "", "stderr": ""})
                return False
            models.reset()
            result = runner.run({"args": args, "cwd": project, "env": env})
            ok = result["code"] == 0
            steps.append({
                "step": label,
                "command": command,
                "ok": ok,
                "error": None if ok else exception_text(result["stderr"] + result["stdout"]),
                "skipped": False,
                "stdout": result["stdout"],
                "stderr": result["stderr"],
            })
            if not ok and chain:
                stopped = True
            return ok

        names = version_files(case)
        for number, name in enumerate(names, 1):
            version = name[:-3]
            rev_id = "%04d" % number
            if not stopped:
                shutil.copyfile(os.path.join(case, name), os.path.join(project, "models.py"))
            if step("revision " + version,
                    ["revision", "--autogenerate", "-m", version, "--rev-id", rev_id], True):
                file, text = revision_file(project, rev_id)
                revisions.append({"version": version, "rev_id": rev_id, "file": file, "text": text})
            step("upgrade " + version, ["upgrade", "head"], True)
        step("downgrade base", ["downgrade", "base"], False)
        step("upgrade head", ["upgrade", "head"], False)
        step("check", ["check"], False)
        models.reset()
        try:
            final = dump_schema.dump(url)
        except Exception:  # noqa: BLE001 - a database a failed step broke
            final = failure()

        answer = {"steps": steps, "revisions": revisions, "dump": final,
                  "same_as_create_all": None, "same_as_create_all_unordered": None,
                  "create_all_differences": [], "create_all_error": None}
        if "error" in final:
            answer["create_all_error"] = "the evolved database cannot be dumped: " + final["error"]
        elif request.get("compare_create_all", True) and names:
            try:
                create_all(models, os.path.join(case, names[-1]), url)
                fresh = dump_schema.dump(url)
            except Exception:  # noqa: BLE001 - reported
                answer["create_all_error"] = exception_text(traceback.format_exc())
            else:
                diff = differences(schema_only(final), schema_only(fresh))
                answer["same_as_create_all"] = not diff
                answer["create_all_differences"] = diff
                answer["same_as_create_all_unordered"] = not differences(
                    columns_by_name(final), columns_by_name(fresh))
        return answer
    finally:
        models.reset()
        if not keep:
            shutil.rmtree(project, ignore_errors=True)


# ---------------------------------------------------------------- main


def versions():
    from importlib import metadata

    out = {"python": "%d.%d.%d" % sys.version_info[:3]}
    for dist in ("alembic", "sqlalchemy", "sqlmodel", "pydantic"):
        out[dist] = metadata.version(dist)
    return out


def answer(runner, models, request):
    # relative paths are the caller's: alembic commands change directory
    os.chdir(START_DIR)
    op = request["op"]
    if op == "evolve":
        return evolve(runner, models, request)
    if op == "versions":
        return versions()
    try:
        if op == "dump":
            return dump_schema.dump(request["url"])
        if op == "sql":
            run_sql(request["url"], request["statements"])
            return {"ok": True}
        if op == "wipe":
            wipe(request["url"])
            return {"ok": True}
        if op == "create_all":
            create_all(models, request["models"], request["url"])
            models.reset()
            return dump_schema.dump(request["url"])
        if op == "compare":
            answer = compare(models, request["models"], request["url"])
            models.reset()
            return answer
        if op == "metadata":
            answer = describe(models, request)
            models.reset()
            return answer
    except Exception:  # noqa: BLE001 - the harness prints it
        models.reset()
        return failure()
    raise ValueError("unknown op %r" % (op,))


def main():
    runner = alembic_batch.BatchRunner()
    models = Models()
    reply_to = runner.real_stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = answer(runner, models, json.loads(line))
        except BaseException:
            # the streams are captured: say why on the real stderr, then end
            sys.__stderr__.write(traceback.format_exc())
            sys.__stderr__.flush()
            raise
        # What imports, DDL or dumps printed (warnings) is not an answer.
        runner.out.take()
        runner.err.take()
        reply_to.write(json.dumps(reply, sort_keys=True, ensure_ascii=False) + "\n")
        reply_to.flush()
    runner.close()


if __name__ == "__main__":
    main()
