//! Attribute access and calls: which module a dotted name belongs to, the
//! SQLAlchemy constructors (`sa.Column`, constraints, `sa.text`, `sa.table`,
//! `sa.case`...), and the methods of the objects they build.

use std::rc::Rc;

use aludel_core::ops::Op;
use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, ForeignKey, IndexOptions, SqlType,
};
use ruff_python_ast::CmpOp;
use ruff_text_size::TextRange;

use super::args::{Arg, Args};
use super::error::BodyError;
use super::interp::{Interp, HINT_REWRITE};
use super::sql::{
    bind_tokens, protect, Compiler, DataStatement, SqlExpr, SqlOp, StatementKind, TableClause,
};
use super::value::{ColumnDef, IndexDef, LooseColumn, TextClause, Value};

/// Where a dotted name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// `sqlalchemy` (any submodule but the dialects).
    Sa,
    /// `sqlalchemy.dialects.postgresql`.
    Pg,
    /// `sqlalchemy.dialects.mysql`.
    My,
    /// `sqlalchemy.dialects.sqlite`.
    Lite,
    /// `sqlmodel` / `sqlmodel.sql.sqltypes`.
    SqlModel,
    /// `alembic.op`.
    Op,
    /// `alembic.context`.
    Context,
    /// Python builtins.
    Builtin,
    /// Anything else (application code, other libraries).
    Other,
}

/// The namespace and last component of a dotted path.
pub(crate) fn classify(path: &str) -> (Ns, &str) {
    let last = path.rsplit('.').next().unwrap_or(path);
    let ns = if let Some(rest) = path.strip_prefix("sqlalchemy.dialects.") {
        match rest.split('.').next() {
            Some("postgresql") => Ns::Pg,
            Some("mysql") | Some("mariadb") => Ns::My,
            Some("sqlite") => Ns::Lite,
            _ => Ns::Other,
        }
    } else if path.starts_with("sqlalchemy.") || path.starts_with("sqlmodel.sql.sqltypes.types.") {
        Ns::Sa
    } else if path.starts_with("sqlmodel.") {
        if matches!(last, "AutoString" | "GUID" | "UTCDateTime") {
            Ns::SqlModel
        } else {
            Ns::Sa
        }
    } else if path.starts_with("alembic.op.") {
        Ns::Op
    } else if path.starts_with("alembic.context.") {
        Ns::Context
    } else if path.starts_with("builtins.") {
        Ns::Builtin
    } else {
        Ns::Other
    };
    (ns, last)
}

/// True for `sa.func` spelled any way.
fn is_func_namespace(path: &str) -> bool {
    matches!(classify(path), (Ns::Sa, "func")) && !path.ends_with(".functions.func")
        || path == "sqlalchemy.sql.functions.func"
}

/// True when a value is a string-typed column or a string, so `+` means `||`.
pub(crate) fn is_stringish(v: &Value) -> bool {
    let string_type = |t: &Option<SqlType>| {
        matches!(
            t,
            Some(
                SqlType::String { .. }
                    | SqlType::Text { .. }
                    | SqlType::Unicode { .. }
                    | SqlType::UnicodeText
                    | SqlType::AutoString { .. }
            )
        )
    };
    match v {
        Value::Str(_) => true,
        Value::LooseColumn(c) => string_type(&c.type_),
        _ => false,
    }
}

/// `~expr`: a comparison flips its operator, anything else gets `NOT`.
pub(crate) fn negate(e: SqlExpr) -> SqlExpr {
    match e {
        // SQLAlchemy groups a negated IN: `(x NOT IN (1, 2))`.
        SqlExpr::Binary {
            op: SqlOp::In,
            left,
            right,
        } => SqlExpr::Group(Box::new(SqlExpr::Binary {
            op: SqlOp::NotIn,
            left,
            right,
        })),
        SqlExpr::Group(inner)
            if matches!(
                &*inner,
                SqlExpr::Binary {
                    op: SqlOp::NotIn,
                    ..
                }
            ) =>
        {
            match *inner {
                SqlExpr::Binary { left, right, .. } => SqlExpr::Binary {
                    op: SqlOp::In,
                    left,
                    right,
                },
                other => other,
            }
        }
        SqlExpr::Binary { op, left, right } => match op.negated() {
            Some(n) => SqlExpr::Binary { op: n, left, right },
            None => SqlExpr::Not(Box::new(SqlExpr::Binary { op, left, right })),
        },
        SqlExpr::Not(inner) => *inner,
        other => SqlExpr::Not(Box::new(other)),
    }
}

/// `column <op> value` as SQLAlchemy builds it (`== None` is `IS NULL`).
pub(crate) fn sql_compare(
    interp: &Interp<'_>,
    op: CmpOp,
    l: Value,
    r: Value,
    range: TextRange,
) -> Result<Value, BodyError> {
    let is_none = matches!(r, Value::None);
    let sql_op =
        match op {
            CmpOp::Eq if is_none => SqlOp::Is,
            CmpOp::NotEq if is_none => SqlOp::IsNot,
            CmpOp::Eq => SqlOp::Eq,
            CmpOp::NotEq => SqlOp::Ne,
            CmpOp::Lt => SqlOp::Lt,
            CmpOp::LtE => SqlOp::Le,
            CmpOp::Gt => SqlOp::Gt,
            CmpOp::GtE => SqlOp::Ge,
            other => return Err(interp.err(
                range,
                format!("Python `{}` on an SQL expression", other.as_str()),
                "use the column methods: .is_(None), .is_not(None), .in_([...]), .not_in([...])",
            )),
        };
    let left = interp.to_sql(l, range)?;
    let right = if is_none {
        SqlExpr::Raw("NULL".into())
    } else {
        interp.to_sql(r, range)?
    };
    Ok(Value::Sql(Rc::new(SqlExpr::Binary {
        op: sql_op,
        left: Box::new(left),
        right: Box::new(right),
    })))
}

/// The SQL of `sa.text()` for `op.execute`: values bound with
/// `.bindparams()` are written in as literals; other bind tokens are left
/// for the renderer (which prints them as `NULL`, as Alembic does offline).
pub(crate) fn text_sql(
    interp: &Interp<'_>,
    t: &TextClause,
    range: TextRange,
) -> Result<String, BodyError> {
    if t.binds.is_empty() {
        return Ok(t.sql.clone());
    }
    let dialect = interp.ctx.dialect.dialect();
    let mut out = String::with_capacity(t.sql.len());
    let mut last = 0;
    for (start, end) in bind_tokens(&t.sql) {
        let name = &t.sql[start + 1..end];
        if let Some((_, value)) = t.binds.iter().find(|(n, _)| n == name) {
            out.push_str(&t.sql[last..start]);
            let lit = protect(&dialect.literal(value)).ok_or_else(|| {
                interp.err(
                    range,
                    "a bound value containing `\\:` cannot be passed through op.execute",
                    "write the value into the SQL text",
                )
            })?;
            out.push_str(&lit);
            last = end;
        }
    }
    out.push_str(&t.sql[last..]);
    Ok(out)
}

impl Interp<'_> {
    /// `base.attr`.
    pub(crate) fn getattr(
        &self,
        base: Value,
        attr: &str,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let method = |b: Value| Ok(Value::Method(Box::new(b), attr.to_string()));
        match base {
            Value::Path(p) => {
                if is_func_namespace(&p) {
                    return Ok(Value::FuncName(attr.to_string()));
                }
                let full = format!("{p}.{attr}");
                if is_func_namespace(&full) {
                    return Ok(Value::FuncNamespace);
                }
                Ok(Value::Path(Rc::from(full.as_str())))
            }
            Value::FuncNamespace => Ok(Value::FuncName(attr.to_string())),
            Value::FuncName(n) => Ok(Value::FuncName(format!("{n}.{attr}"))),
            Value::Bind => match attr {
                "dialect" => Ok(Value::Dialect),
                "execute" | "exec_driver_sql" => method(Value::Bind),
                _ => Err(self.unsupported(range, format!("`connection.{attr}`"))),
            },
            Value::Context => match attr {
                "dialect" => Ok(Value::Dialect),
                "bind" | "connection" => Ok(Value::Bind),
                _ => method(Value::Context),
            },
            Value::Dialect => match attr {
                "name" => Ok(Value::Str(self.ctx.dialect.name().to_string())),
                _ => Err(self.err(
                    range,
                    format!("`dialect.{attr}` is not supported by aludel"),
                    "only `dialect.name` is known without a database connection",
                )),
            },
            Value::Table(t) => match attr {
                "c" | "columns" => Ok(Value::TableColumns(t)),
                "name" => Ok(Value::Str(t.name.clone())),
                "insert" | "update" | "delete" => method(Value::Table(t)),
                _ => Err(self.unsupported(range, format!("`table.{attr}`"))),
            },
            Value::TableColumns(t) => {
                if t.has(attr) {
                    Ok(Value::Sql(Rc::new(SqlExpr::Column {
                        table: Some((t.schema.clone(), t.name.clone())),
                        name: attr.to_string(),
                    })))
                } else {
                    Err(self.err(
                        range,
                        format!("table `{}` has no column `{attr}`", t.name),
                        "add sa.column(\"...\") for it to the sa.table(...) call; Python raises AttributeError here too",
                    ))
                }
            }
            v @ (Value::Sql(_)
            | Value::LooseColumn(_)
            | Value::Statement(_)
            | Value::Text(_)
            | Value::Type(_)
            | Value::BatchOp(_)) => method(v),
            Value::Str(s) => method(Value::Str(s)),
            Value::Error(e) => Err(*e),
            Value::ExecuteResult(r) => Err(self.result_read(r)),
            other => {
                Err(self.unsupported(range, format!("attribute `{attr}` of {}", other.kind())))
            }
        }
    }

    /// Calls `func` with `args`.
    pub(crate) fn call(
        &mut self,
        func: Value,
        mut args: Args,
        func_range: TextRange,
    ) -> Result<Value, BodyError> {
        match func {
            Value::Path(p) => {
                let (ns, name) = classify(&p);
                match ns {
                    Ns::Op => self.op_call(name, args, None),
                    Ns::Context => match name {
                        "get_context" => {
                            self.finish(&args, "context.get_context")?;
                            Ok(Value::Context)
                        }
                        "get_bind" => {
                            self.finish(&args, "context.get_bind")?;
                            Ok(Value::Bind)
                        }
                        "execute" => self.op_call("execute", args, None),
                        _ => Err(self.unsupported(func_range, format!("`context.{name}()`"))),
                    },
                    Ns::Builtin => self.builtin(name, args, func_range),
                    Ns::Sa | Ns::Pg | Ns::My | Ns::Lite | Ns::SqlModel => {
                        if let Some(t) = self.make_type(ns, name, &mut args)? {
                            self.finish(&args, &p)?;
                            return Ok(Value::Type(t));
                        }
                        if ns == Ns::Sa {
                            return self.sa_call(name, &p, args, func_range);
                        }
                        Err(self.unknown_call(&p, func_range))
                    }
                    Ns::Other => Err(self.unknown_call(&p, func_range)),
                }
            }
            Value::FuncName(name) => {
                let mut sql_args = Vec::new();
                for (v, r) in args.rest(0) {
                    sql_args.push(self.to_sql(v, r)?);
                }
                self.finish(&args, &format!("sa.func.{name}"))?;
                Ok(Value::Sql(Rc::new(SqlExpr::Func {
                    name,
                    args: sql_args,
                })))
            }
            Value::Method(recv, name) => self.method(*recv, &name, args, func_range),
            Value::Function(f) => Err(self.err(
                func_range,
                format!(
                    "calling `{f}()`, a function defined in this file, is not supported by aludel"
                ),
                "inline the operations it performs into upgrade()/downgrade()",
            )),
            Value::Error(e) => Err(*e),
            other => Err(self.err(
                func_range,
                format!("{} is not callable", other.kind()),
                "Python raises TypeError here too",
            )),
        }
    }

    fn unknown_call(&self, path: &str, range: TextRange) -> BodyError {
        let (ns, name) = classify(path);
        let what = match ns {
            Ns::Sa | Ns::Pg | Ns::My | Ns::Lite | Ns::SqlModel => {
                format!("`{path}` is not supported by aludel")
            }
            _ => {
                format!("calling `{path}` (application or library code) is not supported by aludel")
            }
        };
        let hint = match name {
            "inspect" => "schema introspection needs a live database and Python; make the step unconditional, or write it as op.execute(\"...\")".to_string(),
            "Table" | "MetaData" => "use sa.table(\"name\", sa.column(\"col\"), ...) for data statements".to_string(),
            "select" | "exists" => "reading data needs Python; write the whole step as op.execute(\"UPDATE ... SELECT ...\")".to_string(),
            "Computed" | "Identity" | "Sequence" => "create the column with op.execute(\"ALTER TABLE ... ADD COLUMN ...\") instead".to_string(),
            _ => HINT_REWRITE.to_string(),
        };
        self.err(range, what, hint)
    }

    fn builtin(
        &mut self,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let value = match (name, args.get(0, "")) {
            ("str", Some((v, r))) => Value::Str(self.to_str(&v, r)?),
            ("int", Some((Value::Str(s), r))) => Value::Int(s.trim().parse().map_err(|_| {
                self.err(
                    r,
                    format!("int() of {s:?}"),
                    "Python raises ValueError here too",
                )
            })?),
            ("int", Some((Value::Int(i), _))) => Value::Int(i),
            ("len", Some((Value::List(v) | Value::Tuple(v), _))) => Value::Int(v.len() as i64),
            ("len", Some((Value::Str(s), _))) => Value::Int(s.chars().count() as i64),
            ("range", Some((Value::Int(n), _)))
                if args.leftover().is_none() && (0..=10_000).contains(&n) =>
            {
                Value::List((0..n).map(Value::Int).collect())
            }
            (_, first) => {
                let what = format!("calling `{name}()` here");
                match first {
                    Some((Value::Error(e), _)) => return Err(*e),
                    Some((Value::ExecuteResult(r), _)) => return Err(self.result_read(r)),
                    _ => {}
                }
                return Err(self.unsupported(range, what));
            }
        };
        self.finish(&args, name)?;
        Ok(value)
    }

    fn sa_call(
        &mut self,
        name: &str,
        path: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let v = match name {
            "Column" => Value::Column(Box::new(self.column(&mut args)?)),
            "ForeignKey" => {
                let target = self.req(&mut args, 0, "column", name)?;
                let target = match target.0 {
                    Value::Str(s) => s,
                    _ => {
                        return Err(self.err(
                            target.1,
                            "sa.ForeignKey() target must be a string \"table.column\"",
                            "write the target as \"table.column\"",
                        ))
                    }
                };
                let name_ = match args.kw("name") {
                    Some(a) => self.opt_name(a, "name")?,
                    None => None,
                };
                let ondelete = match args.kw("ondelete") {
                    Some(a) => self.opt_string(a, "ondelete")?,
                    None => None,
                };
                let onupdate = match args.kw("onupdate") {
                    Some(a) => self.opt_string(a, "onupdate")?,
                    None => None,
                };
                self.allow_only(&mut args, None, "use_alter", |v| {
                    matches!(v, Value::Bool(false))
                })?;
                Value::ForeignKey(ColumnForeignKey {
                    target,
                    name: name_,
                    ondelete,
                    onupdate,
                })
            }
            "PrimaryKeyConstraint" => {
                let columns = self.column_names(args.rest(0))?;
                let name_ = self.kw_name(&mut args)?;
                Value::Constraint(Constraint::PrimaryKey {
                    name: name_,
                    columns,
                })
            }
            "UniqueConstraint" => {
                let columns = self.column_names(args.rest(0))?;
                let name_ = self.kw_name(&mut args)?;
                Value::Constraint(Constraint::Unique {
                    name: name_,
                    columns,
                })
            }
            "CheckConstraint" => {
                let cond = self.req(&mut args, 0, "sqltext", name)?;
                let sqltext = self.sql_text(cond, "sqltext")?;
                let name_ = match args.get(1, "name") {
                    Some(a) => self.opt_name(a, "name")?,
                    None => None,
                };
                Value::Constraint(Constraint::Check {
                    name: name_,
                    sqltext,
                })
            }
            "ForeignKeyConstraint" => {
                let cols = self.req(&mut args, 0, "columns", name)?;
                let columns = self.str_list(cols, "columns")?;
                let refs = self.req(&mut args, 1, "refcolumns", name)?;
                let refs_range = refs.1;
                let refs = self.str_list(refs, "refcolumns")?;
                let (referent_schema, referent_table, referent_columns) =
                    self.split_refs(&refs, refs_range)?;
                let mut key = ForeignKey {
                    name: match args.get(2, "name") {
                        Some(a) => self.opt_name(a, "name")?,
                        None => None,
                    },
                    columns,
                    referent_schema,
                    referent_table,
                    referent_columns,
                    ondelete: None,
                    onupdate: None,
                    deferrable: None,
                    initially: None,
                    match_: None,
                };
                self.fk_options(&mut args, &mut key)?;
                self.allow_only(&mut args, None, "use_alter", |v| {
                    matches!(v, Value::Bool(false))
                })?;
                Value::Constraint(Constraint::ForeignKey(key))
            }
            "Index" => {
                let n = self.req(&mut args, 0, "name", name)?;
                let index_name = self.name(n, "name")?;
                let parts = self.index_parts(args.rest(1))?;
                let unique = match args.kw("unique") {
                    Some(a) => self.boolean(a, "unique")?,
                    None => false,
                };
                let options = self.index_options(&mut args)?;
                Value::Index(Box::new(IndexDef {
                    name: index_name,
                    parts,
                    unique,
                    options,
                }))
            }
            "text" => {
                let a = self.req(&mut args, 0, "text", name)?;
                Value::Text(Rc::new(TextClause {
                    sql: self.string(a, "text")?,
                    binds: Vec::new(),
                }))
            }
            "literal_column" => {
                let a = self.req(&mut args, 0, "text", name)?;
                let _ = args.get(1, "type_");
                Value::Sql(Rc::new(SqlExpr::Raw(self.string(a, "text")?)))
            }
            "literal" => {
                let (v, r) = self.req(&mut args, 0, "value", name)?;
                let _ = args.get(1, "type_");
                Value::Sql(Rc::new(SqlExpr::Literal(self.literal(
                    &v,
                    r,
                    "sa.literal()",
                )?)))
            }
            "null" => Value::Sql(Rc::new(SqlExpr::Raw("NULL".into()))),
            "true" => Value::Sql(Rc::new(SqlExpr::Boolean(true))),
            "false" => Value::Sql(Rc::new(SqlExpr::Boolean(false))),
            "and_" | "or_" => {
                let op = if name == "and_" {
                    SqlOp::And
                } else {
                    SqlOp::Or
                };
                let mut items = Vec::new();
                for (v, r) in args.rest(0) {
                    items.push(self.to_sql(v, r)?);
                }
                match items.len() {
                    1 => Value::Sql(Rc::new(items.remove(0))),
                    _ => Value::Sql(Rc::new(SqlExpr::Clauses { op, items })),
                }
            }
            "not_" => {
                let (v, r) = self.req(&mut args, 0, "clause", name)?;
                Value::Sql(Rc::new(negate(self.to_sql(v, r)?)))
            }
            "case" => {
                let mut whens = Vec::new();
                for (v, r) in args.rest(0) {
                    let pair = match v {
                        Value::Tuple(p) | Value::List(p) if p.len() == 2 => p,
                        other => {
                            return Err(self.err(
                                r,
                                format!(
                                    "sa.case() takes (condition, value) tuples, not {}",
                                    other.kind()
                                ),
                                "write sa.case((t.c.x == 1, 'one'), else_='other')",
                            ))
                        }
                    };
                    let mut it = pair.into_iter();
                    let (Some(c), Some(val)) = (it.next(), it.next()) else {
                        continue;
                    };
                    whens.push((self.to_sql(c, r)?, self.to_sql(val, r)?));
                }
                if let Some((_, r)) = args.kw("value") {
                    return Err(self.err(
                        r,
                        "sa.case(value=...) is not supported by aludel",
                        "write each condition as a comparison",
                    ));
                }
                let else_ = match args.kw("else_") {
                    Some((v, r)) => Some(Box::new(self.to_sql(v, r)?)),
                    None => None,
                };
                Value::Sql(Rc::new(SqlExpr::Case { whens, else_ }))
            }
            "table" => {
                let n = self.req(&mut args, 0, "name", name)?;
                let table_name = self.string(n, "name")?;
                let mut columns = Vec::new();
                for (v, r) in args.rest(1) {
                    match v {
                        Value::LooseColumn(c) => columns.push((c.name.clone(), c.type_.clone())),
                        other => {
                            return Err(self.err(
                                r,
                                format!(
                                    "sa.table() takes sa.column(...) arguments, not {}",
                                    other.kind()
                                ),
                                "write sa.column(\"name\", sa.Integer) for each column",
                            ))
                        }
                    }
                }
                let schema = match args.kw("schema") {
                    Some(a) => self.opt_string(a, "schema")?,
                    None => None,
                };
                Value::Table(Rc::new(TableClause {
                    name: table_name,
                    schema,
                    columns,
                }))
            }
            "column" => {
                let n = self.req(&mut args, 0, "text", name)?;
                let col = self.string(n, "name")?;
                let type_ = match args.get(1, "type_") {
                    Some((Value::None, _)) | None => None,
                    Some((v, r)) => Some(self.to_type(v, r)?),
                };
                Value::LooseColumn(Rc::new(LooseColumn { name: col, type_ }))
            }
            "insert" | "update" | "delete" => {
                let (t, r) = self.req(&mut args, 0, "table", name)?;
                let Value::Table(t) = t else {
                    return Err(self.err(
                        r,
                        format!("sa.{name}() needs a sa.table(...)"),
                        "build the table with sa.table(\"name\", sa.column(\"col\"), ...)",
                    ));
                };
                self.statement(&t, name)
            }
            _ => return Err(self.unknown_call(path, range)),
        };
        self.finish(&args, path)?;
        Ok(v)
    }

    fn statement(&self, t: &TableClause, method: &str) -> Value {
        let kind = match method {
            "insert" => StatementKind::Insert,
            "update" => StatementKind::Update,
            _ => StatementKind::Delete,
        };
        Value::Statement(Rc::new(DataStatement {
            kind,
            table: t.clone(),
            where_: Vec::new(),
            rows: Vec::new(),
        }))
    }

    /// A required argument.
    pub(crate) fn req(
        &self,
        args: &mut Args,
        i: usize,
        name: &str,
        function: &str,
    ) -> Result<Arg, BodyError> {
        args.get(i, name).ok_or_else(|| {
            self.err(
                args.range,
                format!("{function}() is missing its argument `{name}`"),
                "Python raises TypeError here too",
            )
        })
    }

    fn kw_name(&self, args: &mut Args) -> Result<Option<String>, BodyError> {
        match args.kw("name") {
            Some(a) => self.opt_name(a, "name"),
            None => Ok(None),
        }
    }

    fn column_names(&self, items: Vec<Arg>) -> Result<Vec<String>, BodyError> {
        let mut out = Vec::with_capacity(items.len());
        for (v, r) in items {
            match v {
                Value::Str(s) | Value::Conv(s) => out.push(s),
                Value::List(_) | Value::Tuple(_) => out.extend(self.str_list((v, r), "columns")?),
                other => {
                    return Err(self.err(
                        r,
                        format!("a column name must be a string, not {}", other.kind()),
                        "write the column names as string literals",
                    ))
                }
            }
        }
        Ok(out)
    }

    /// `["schema.table.col", ...]` → (schema, table, columns).
    pub(crate) fn split_refs(
        &self,
        refs: &[String],
        range: TextRange,
    ) -> Result<(Option<String>, String, Vec<String>), BodyError> {
        let mut schema = None;
        let mut table = None;
        let mut cols = Vec::with_capacity(refs.len());
        for r in refs {
            let mut parts: Vec<&str> = r.rsplitn(3, '.').collect();
            parts.reverse();
            let (s, t, c) = match parts.as_slice() {
                [t, c] => (None, *t, *c),
                [s, t, c] => (Some(s.to_string()), *t, *c),
                _ => {
                    return Err(self.err(
                        range,
                        format!("foreign key target {r:?} is not \"table.column\""),
                        "write each target as \"table.column\" or \"schema.table.column\"",
                    ))
                }
            };
            if table.as_deref().is_some_and(|x: &str| x != t) {
                return Err(self.err(
                    range,
                    "foreign key targets name different tables",
                    "all target columns must belong to one table",
                ));
            }
            schema = s;
            table = Some(t.to_string());
            cols.push(c.to_string());
        }
        let Some(table) = table else {
            return Err(self.err(
                range,
                "a foreign key without target columns",
                "list at least one \"table.column\"",
            ));
        };
        Ok((schema, table, cols))
    }

    /// `ondelete=`, `onupdate=`, `deferrable=`, `initially=`, `match=`.
    pub(crate) fn fk_options(
        &self,
        args: &mut Args,
        key: &mut ForeignKey,
    ) -> Result<(), BodyError> {
        if let Some(a) = args.kw("ondelete") {
            key.ondelete = self.opt_string(a, "ondelete")?;
        }
        if let Some(a) = args.kw("onupdate") {
            key.onupdate = self.opt_string(a, "onupdate")?;
        }
        if let Some(a) = args.kw("deferrable") {
            key.deferrable = self.opt_bool(a, "deferrable")?;
        }
        if let Some(a) = args.kw("initially") {
            key.initially = self.opt_string(a, "initially")?;
        }
        if let Some(a) = args.kw("match") {
            key.match_ = self.opt_string(a, "match")?;
        }
        Ok(())
    }

    /// Dialect options of an index.
    pub(crate) fn index_options(&self, args: &mut Args) -> Result<IndexOptions, BodyError> {
        let mut o = IndexOptions::default();
        if let Some(a) = args.kw_some("postgresql_where") {
            o.postgresql_where = Some(self.sql_text(a, "postgresql_where")?);
        }
        if let Some(a) = args.kw_some("postgresql_using") {
            o.postgresql_using = Some(self.string(a, "postgresql_using")?);
        }
        if let Some(a) = args.kw("postgresql_concurrently") {
            o.postgresql_concurrently = self.boolean(a, "postgresql_concurrently")?;
        }
        if let Some(a) = args.kw_some("sqlite_where") {
            o.sqlite_where = Some(self.sql_text(a, "sqlite_where")?);
        }
        if let Some(a) = args.kw_some("mysql_length") {
            o.mysql_length = Some(self.uint(a, "mysql_length")?);
        }
        Ok(o)
    }

    /// `sa.Column(name, type_, *args, **kw)`.
    fn column(&mut self, args: &mut Args) -> Result<ColumnDef, BodyError> {
        let mut positional = args.rest(0).into_iter();
        let Some(first) = positional.next() else {
            return Err(self.err(
                args.range,
                "sa.Column() needs a name",
                "write sa.Column(\"name\", sa.Integer(), ...)",
            ));
        };
        let name = match args.kw("name") {
            Some(_) => {
                return Err(self.err(
                    first.1,
                    "sa.Column(name=...) is not supported by aludel",
                    "pass the name as the first argument",
                ))
            }
            None => self.string(first, "name")?,
        };
        let mut type_ = None;
        let mut foreign_keys = Vec::new();
        for (i, (v, r)) in positional.enumerate() {
            match v {
                Value::ForeignKey(fk) => foreign_keys.push(fk),
                // SQLAlchemy renders such a constraint inside the column's DDL.
                Value::Constraint(_) => {
                    return Err(self.err(
                        r,
                        "a constraint inside sa.Column() is not supported by aludel",
                        "pass it to op.create_table(...) next to the columns (a table-level constraint), or add it with op.create_check_constraint",
                    ))
                }
                v @ (Value::Type(_) | Value::Path(_)) if i == 0 => {
                    type_ = Some(self.to_type(v, r)?)
                }
                other => {
                    return Err(self.err(
                        r,
                        format!(
                            "sa.Column() argument {} is not supported by aludel",
                            other.kind()
                        ),
                        "pass the type second, then sa.ForeignKey(...) objects",
                    ))
                }
            }
        }
        if type_.is_none() {
            if let Some((v, r)) = args.kw("type_") {
                type_ = Some(self.to_type(v, r)?);
            }
        }
        let Some(type_) = type_ else {
            return Err(self.err(
                args.range,
                format!("column `{name}` has no type"),
                "pass a type, e.g. sa.Column(\"x\", sa.Integer())",
            ));
        };
        let mut column = Column::new(&name, type_);
        column.foreign_keys = foreign_keys;
        if let Some(a) = args.kw("primary_key") {
            column.primary_key = self.boolean(a, "primary_key")?;
        }
        let nullable = match args.kw("nullable") {
            Some(a) => Some(self.boolean(a, "nullable")?),
            None => None,
        };
        column.nullable = nullable.unwrap_or(!column.primary_key);
        if let Some(a) = args.kw("autoincrement") {
            column.autoincrement = match a.0 {
                Value::Str(ref s) if s == "auto" => None,
                Value::Str(ref s) if s == "ignore_fk" => None,
                _ => Some(self.boolean(a, "autoincrement")?),
            };
        }
        if let Some(a) = args.kw_some("server_default") {
            column.server_default = Some(self.server_default(a)?);
        }
        if let Some(a) = args.kw("comment") {
            column.comment = self.opt_string(a, "comment")?;
        }
        if let Some(a) = args.kw("unique") {
            column.unique = self.opt_bool(a, "unique")?.unwrap_or(false);
        }
        if let Some(a) = args.kw("index") {
            column.index = self.opt_bool(a, "index")?.unwrap_or(false);
        }
        // Python-side values: they emit no DDL.
        for ignored in [
            "default",
            "onupdate",
            "key",
            "doc",
            "info",
            "quote",
            "system",
            "insert_default",
        ] {
            let _ = args.kw(ignored);
        }
        if let Some((_, r)) = args.kw("server_onupdate") {
            return Err(self.err(r, "server_onupdate= is not supported by aludel", "leave it out (it emits no DDL except on MySQL) or write the column with op.execute"));
        }
        Ok(ColumnDef {
            column,
            nullable_given: nullable.is_some(),
        })
    }

    fn method(
        &mut self,
        recv: Value,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        match recv {
            Value::BatchOp(i) => self.op_call(name, args, Some(i)),
            Value::Bind => match name {
                "execute" => {
                    let v = self.execute_value(&mut args, "connection.execute")?;
                    self.finish(&args, "connection.execute")?;
                    Ok(v)
                }
                _ => Err(self.unsupported(range, format!("`connection.{name}()`"))),
            },
            Value::Context => Err(self.err(
                range,
                format!("`context.{name}()` is not supported by aludel"),
                match name {
                    "autocommit_block" => "run the statement outside a transaction another way, e.g. as its own revision with op.execute(\"...\")",
                    _ => HINT_REWRITE,
                },
            )),
            Value::Type(t) => self.type_method(t, name, args, range),
            Value::Table(t) => {
                self.finish(&args, &format!("table.{name}"))?;
                Ok(self.statement(&t, name))
            }
            Value::Statement(st) => self.statement_method((*st).clone(), name, args, range),
            Value::Text(t) => match name {
                "bindparams" => {
                    let mut t = (*t).clone();
                    if let Some((_, r)) = args.rest(0).first() {
                        return Err(self.err(*r, "positional sa.bindparam() objects are not supported by aludel", "bind values by name: .bindparams(name=value)"));
                    }
                    for (k, (v, r)) in args.take_prefixed("") {
                        let lit = self.literal(&v, r, "a bound value")?;
                        t.binds.retain(|(n, _)| n != &k);
                        t.binds.push((k, lit));
                    }
                    Ok(Value::Text(Rc::new(t)))
                }
                _ => Err(self.unsupported(range, format!("`text.{name}()`"))),
            },
            v @ (Value::Sql(_) | Value::LooseColumn(_)) => self.column_method(v, name, args, range),
            Value::Str(s) => {
                let v = match name {
                    "upper" => Value::Str(s.to_uppercase()),
                    "lower" => Value::Str(s.to_lowercase()),
                    "strip" => Value::Str(crate::pystr::strip(&s).to_string()),
                    _ => return Err(self.unsupported(range, format!("`str.{name}()`"))),
                };
                self.finish(&args, &format!("str.{name}"))?;
                Ok(v)
            }
            other => Err(self.unsupported(range, format!("`{name}()` on {}", other.kind()))),
        }
    }

    /// `.create(bind, checkfirst=...)` / `.drop(...)` of an enum type.
    fn type_method(
        &mut self,
        t: SqlType,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let (e, pg) = match &t {
            SqlType::Enum(e) => (e.clone(), false),
            SqlType::Postgresql(aludel_core::schema::PostgresqlType::Enum(e)) => (e.clone(), true),
            _ => return Err(self.unsupported(range, format!("`.{name}()` on a column type"))),
        };
        if name != "create" && name != "drop" {
            return Err(self.unsupported(range, format!("`enum.{name}()`")));
        }
        let bind = self.req(&mut args, 0, "bind", name)?;
        if !matches!(bind.0, Value::Bind) {
            return Err(self.err(
                bind.1,
                format!("enum.{name}() needs op.get_bind()"),
                "pass op.get_bind()",
            ));
        }
        if pg && self.ctx.dialect == aludel_core::dialect::DialectKind::Mysql {
            return Err(self.err(
                range,
                format!("postgresql.ENUM.{name}() on MySQL"),
                "SQLAlchemy cannot render CREATE/DROP TYPE for MySQL and Alembic fails here too; guard the call with `if op.get_bind().dialect.name == \"postgresql\":`",
            ));
        }
        // postgresql.ENUM checks first by default; sa.Enum does not.
        let checkfirst = match args.get(1, "checkfirst") {
            Some(a) => self.boolean(a, "checkfirst")?,
            None => pg,
        };
        self.finish(&args, &format!("enum.{name}"))?;
        let Some(type_name) = e.name.clone() else {
            return Err(self.err(
                range,
                format!("enum.{name}() of an enum without a name"),
                "give the enum a name=...",
            ));
        };
        let op = if name == "create" {
            Op::CreateEnum {
                name: type_name,
                schema: None,
                values: e.values,
                checkfirst,
            }
        } else {
            Op::DropEnum {
                name: type_name,
                schema: None,
                checkfirst,
            }
        };
        self.emit(op, args.range)?;
        Ok(Value::None)
    }

    fn statement_method(
        &mut self,
        mut st: DataStatement,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        match name {
            "where" | "filter" if st.kind != StatementKind::Insert => {
                for (v, r) in args.rest(0) {
                    st.where_.push(self.to_sql(v, r)?);
                }
            }
            "values" if st.kind != StatementKind::Delete => {
                let positional = args.rest(0);
                let mut rows: Vec<Vec<(String, SqlExpr)>> = Vec::new();
                match positional.len() {
                    0 => {}
                    1 => {
                        let Some((v, r)) = positional.into_iter().next() else {
                            return Err(self.err(range, "internal: lost a .values() argument", ""));
                        };
                        match v {
                            Value::Dict(d) => rows.push(self.row(&st.table, d, r)?),
                            Value::List(items) if st.kind == StatementKind::Insert => {
                                for item in items {
                                    match item {
                                        Value::Dict(d) => rows.push(self.row(&st.table, d, r)?),
                                        other => {
                                            return Err(self.err(
                                                r,
                                                format!(
                                                "insert().values([...]) rows must be dicts, not {}",
                                                other.kind()
                                            ),
                                                "write each row as a dict",
                                            ))
                                        }
                                    }
                                }
                            }
                            other => {
                                return Err(self.err(
                                    r,
                                    format!(".values() with {}", other.kind()),
                                    "pass keyword arguments or a dict of column → value",
                                ))
                            }
                        }
                    }
                    _ => {
                        return Err(self.err(
                            range,
                            "positional .values(...) are not supported by aludel",
                            "pass keyword arguments or a dict of column → value",
                        ))
                    }
                }
                let kws: Vec<(Value, Value)> = args
                    .take_prefixed("")
                    .into_iter()
                    .map(|(k, (v, _))| (Value::Str(k), v))
                    .collect();
                if !kws.is_empty() {
                    rows.push(self.row(&st.table, kws, args.range)?);
                }
                if st.rows.is_empty() {
                    st.rows = rows;
                } else if let (Some(existing), 1) = (st.rows.last_mut(), rows.len()) {
                    for (k, v) in rows.into_iter().flatten() {
                        existing.retain(|(n, _)| n != &k);
                        existing.push((k, v));
                    }
                } else {
                    return Err(self.err(
                        range,
                        "several .values() calls with several rows",
                        "pass all rows in one .values([...]) call",
                    ));
                }
            }
            _ => return Err(self.unsupported(range, format!("`{}().{name}()`", st.kind.method()))),
        }
        self.finish(&args, name)?;
        Ok(Value::Statement(Rc::new(st)))
    }

    fn row(
        &self,
        table: &TableClause,
        items: Vec<(Value, Value)>,
        range: TextRange,
    ) -> Result<Vec<(String, SqlExpr)>, BodyError> {
        let mut row = Vec::with_capacity(items.len());
        for (k, v) in items {
            let key = match k {
                Value::Str(s) => s,
                Value::Sql(e) => match &*e {
                    SqlExpr::Column { name, .. } => name.clone(),
                    _ => {
                        return Err(self.err(
                            range,
                            "a value key that is not a column",
                            "use column names as keys",
                        ))
                    }
                },
                other => {
                    return Err(self.err(
                        range,
                        format!("a value key {} is not a column name", other.kind()),
                        "use column names as keys",
                    ))
                }
            };
            if !table.has(&key) {
                return Err(self.err(range, format!("table `{}` has no column `{key}`", table.name), "add sa.column(\"...\") for it to the sa.table(...) call; SQLAlchemy raises CompileError here too"));
            }
            row.push((key, self.to_sql(v, range)?));
        }
        Ok(row)
    }

    fn column_method(
        &mut self,
        col: Value,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let left = self.to_sql(col, range)?;
        let binary = |op: SqlOp, right: SqlExpr| SqlExpr::Binary {
            op,
            left: Box::new(left.clone()),
            right: Box::new(right),
        };
        let expr = match name {
            "is_" | "is_not" | "isnot" => {
                let (v, r) = self.req(&mut args, 0, "other", name)?;
                let right = match v {
                    Value::None => SqlExpr::Raw("NULL".into()),
                    other => self.to_sql(other, r)?,
                };
                binary(
                    if name == "is_" {
                        SqlOp::Is
                    } else {
                        SqlOp::IsNot
                    },
                    right,
                )
            }
            "in_" | "not_in" | "notin_" => {
                let (v, r) = self.req(&mut args, 0, "other", name)?;
                let items = match v {
                    Value::List(items) | Value::Tuple(items) if items.is_empty() => {
                        return Err(self.err(r, format!("{name}() over an empty list"), "SQLAlchemy renders an empty IN as a dialect-specific subquery; write the condition without it"));
                    }
                    Value::List(items) | Value::Tuple(items) => items,
                    other => {
                        return Err(self.err(
                            r,
                            format!("{name}() over {}", other.kind()),
                            "pass a literal list of values",
                        ))
                    }
                };
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    list.push(self.to_sql(item, r)?);
                }
                let e = binary(SqlOp::In, SqlExpr::List(list));
                if name == "in_" {
                    e
                } else {
                    negate(e)
                }
            }
            "like" | "ilike" | "not_like" | "notlike" | "not_ilike" | "notilike" => {
                let (v, r) = self.req(&mut args, 0, "other", name)?;
                let right = self.to_sql(v, r)?;
                let op = if name.contains("ilike") {
                    SqlOp::ILike
                } else {
                    SqlOp::Like
                };
                let e = binary(op, right);
                if name.starts_with("not") {
                    negate(e)
                } else {
                    e
                }
            }
            _ => return Err(self.unsupported(range, format!("the column method `.{name}()`"))),
        };
        self.finish(&args, name)?;
        Ok(Value::Sql(Rc::new(expr)))
    }

    /// The statement `op.execute(x)` / `connection.execute(x, params)` runs,
    /// recorded as an `Op::Execute`.
    pub(crate) fn execute_value(
        &mut self,
        args: &mut Args,
        function: &str,
    ) -> Result<Value, BodyError> {
        let (v, r) = self.req(args, 0, "sqltext", function)?;
        let params = args.get(1, "parameters");
        let _ = args.kw("execution_options");
        let is_connection = function.starts_with("connection");
        let sql = match v {
            Value::Str(s) if !is_connection => s,
            Value::Str(_) => return Err(self.err(r, "connection.execute() of a plain string", "wrap the SQL in sa.text(\"...\"), or use op.execute(\"...\"); SQLAlchemy 2 raises ObjectNotExecutableError here too")),
            Value::Text(t) => {
                let mut t = (*t).clone();
                if let Some((p, pr)) = params {
                    let Value::Dict(items) = p else {
                        return Err(self.err(pr, "execute() parameters must be a dict", "pass {\"name\": value}"));
                    };
                    // Offline, Alembic's mock connection drops the parameters and the
                    // bind tokens print as NULL; online they reach the database.
                    if !self.ctx.offline {
                        for (k, v) in items {
                            let Value::Str(k) = k else {
                                return Err(self.err(pr, "parameter names must be strings", "use string keys"));
                            };
                            let lit = self.literal(&v, pr, "a parameter value")?;
                            t.binds.push((k, lit));
                        }
                    }
                }
                text_sql(self, &t, r)?
            }
            Value::Statement(st) => {
                let sql = Compiler::new(self.ctx.dialect).statement(&st);
                protect(&sql).ok_or_else(|| self.err(r, "a value containing `\\:` cannot be passed through op.execute", "write the statement as op.execute(sa.text(\"...\"))"))?
            }
            Value::Error(e) => return Err(*e),
            other => {
                return Err(self.err(
                    r,
                    format!("{function}() of {}", other.kind()),
                    "pass SQL text, sa.text(\"...\") or a table's insert()/update()/delete() statement",
                ))
            }
        };
        self.emit(Op::Execute { sql }, args.range)?;
        // Offline there are no results; online aludel does not hand them back.
        Ok(Value::ExecuteResult(args.range))
    }
}
