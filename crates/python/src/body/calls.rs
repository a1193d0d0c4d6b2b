//! Attribute access and call dispatch: which module a dotted name belongs
//! to (`sa.`, `postgresql.`, `sqlmodel.`, `op.`...), what `x.attr` is for
//! each kind of value, and where a call goes (constructors in `sa.rs`,
//! methods in `methods.rs`, operations in `ops.rs`), plus the SQL helpers
//! they share (negation, comparisons, `sa.text()` binds).

use std::rc::Rc;

use aludel_core::schema::SqlType;
use ruff_python_ast::CmpOp;
use ruff_text_size::TextRange;

use super::args::Args;
use super::error::BodyError;
use super::interp::{Interp, HINT_REWRITE};
use super::sql::{bind_tokens, protect, SqlExpr, SqlOp};
use super::value::{TextClause, Value};

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
    /// `logging` (loggers and their methods).
    Logging,
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
    } else if path == "logging" || path.starts_with("logging.") {
        Ns::Logging
    } else {
        Ns::Other
    };
    (ns, last)
}

/// True for `sa.func` spelled any way (`sqlalchemy.func`,
/// `sqlalchemy.sql.func`, `sqlalchemy.sql.functions.func`, `sqlmodel.func`).
pub(crate) fn is_func_namespace(path: &str) -> bool {
    matches!(classify(path), (Ns::Sa, "func"))
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
    let dialect = interp.ctx.renderer();
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
                let mut full = String::with_capacity(p.len() + 1 + attr.len());
                full.push_str(&p);
                full.push('.');
                full.push_str(attr);
                if is_func_namespace(&full) {
                    return Ok(Value::FuncNamespace);
                }
                if let Some(v) = self.resolver.and_then(|r| r.resolve(&full)) {
                    return Ok(v);
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
                "name" if self.ctx.mariadb => Ok(Value::Str("mariadb".to_string())),
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
                    Err(self.fails(
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
            Value::EnumClass(e) => match e.members.iter().position(|(n, _)| n == attr) {
                Some(i) => Ok(Value::EnumMember(e, i)),
                None => Err(self.fails(
                    range,
                    format!("enum `{}` has no member `{attr}`", e.name),
                    "Python raises AttributeError here too",
                )),
            },
            Value::EnumMember(e, i) => match attr {
                "value" => Ok(e.members[i].1.clone()),
                "name" => Ok(Value::Str(e.members[i].0.clone())),
                _ => Err(self.unsupported(range, format!("`.{attr}` of an enum member"))),
            },
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
                        "is_offline_mode" => {
                            self.finish(&args, "context.is_offline_mode")?;
                            Ok(Value::Bool(self.ctx.offline))
                        }
                        _ => Err(self.unsupported(func_range, format!("`context.{name}()`"))),
                    },
                    Ns::Builtin => self.builtin(name, args, func_range),
                    Ns::Logging => self.logging_call(&p, name, func_range),
                    Ns::Sa | Ns::Pg | Ns::My | Ns::Lite | Ns::SqlModel => {
                        if let Some(t) = self.make_type(ns, name, &mut args)? {
                            self.finish(&args, &p)?;
                            return Ok(Value::Type(Box::new(t)));
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
            other => Err(self.fails(
                func_range,
                format!("{} is not callable", other.kind()),
                "Python raises TypeError here too",
            )),
        }
    }

    pub(crate) fn unknown_call(&self, path: &str, range: TextRange) -> BodyError {
        let (ns, name) = classify(path);
        // Name it as written (`sa.inspect`), and what it resolves to when that differs.
        let written = self
            .source
            .get(range.start().to_usize()..range.end().to_usize())
            .filter(|w| w.len() <= 80 && !w.contains('\n'))
            .unwrap_or(path);
        let named = if written == path {
            format!("`{path}`")
        } else {
            format!("`{written}` ({path})")
        };
        let what = match ns {
            Ns::Sa | Ns::Pg | Ns::My | Ns::Lite | Ns::SqlModel => {
                format!("{named} is not supported by aludel")
            }
            _ => {
                format!("calling {named}, application or library code, is not supported by aludel")
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

    /// `logging.getLogger(...)` and a logger's methods. The messages are
    /// not printed: Alembic's default logging configuration shows only
    /// warnings of the revision module's logger, and what a revision logs
    /// changes nothing in the database; the arguments were evaluated (so
    /// an error in them is still reported).
    fn logging_call(&self, path: &str, name: &str, range: TextRange) -> Result<Value, BodyError> {
        match name {
            "getLogger" => Ok(Value::Path(Rc::from("logging.Logger"))),
            "debug" | "info" | "warning" | "warn" | "error" | "exception" | "critical" | "log"
            | "setLevel" | "basicConfig" | "disable" | "addHandler" => Ok(Value::None),
            _ => Err(self.unsupported(range, format!("`{path}()`"))),
        }
    }

    pub(crate) fn builtin(
        &mut self,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let value = match (name, args.get(0, "")) {
            ("str", Some((v, r))) => Value::Str(self.to_str(&v, r)?),
            ("int", Some((Value::Str(s), r))) => Value::Int(s.trim().parse().map_err(|_| {
                self.fails(
                    r,
                    format!("int() of {s:?}"),
                    "Python raises ValueError here too",
                )
            })?),
            ("int", Some((Value::Int(i), _))) => Value::Int(i),
            ("len", Some((Value::List(v) | Value::Tuple(v), _))) => Value::Int(v.len() as i64),
            ("len", Some((Value::Str(s), _))) => Value::Int(s.chars().count() as i64),
            ("enumerate", Some((Value::List(items) | Value::Tuple(items), _))) => {
                let start = match args.get(1, "start") {
                    None => 0,
                    Some((Value::Int(i), _)) => i,
                    Some((other, r)) => {
                        return Err(self.err(
                            r,
                            format!("enumerate() starting at {}", other.kind()),
                            "start at an integer literal",
                        ))
                    }
                };
                Value::List(
                    items
                        .into_iter()
                        .zip(start..)
                        .map(|(item, i)| Value::Tuple(vec![Value::Int(i), item]))
                        .collect(),
                )
            }
            ("zip", Some(first)) => {
                let mut columns = Vec::new();
                for (value, r) in std::iter::once(first).chain(args.rest(1)) {
                    match value {
                        Value::List(v) | Value::Tuple(v) => columns.push(v.into_iter()),
                        other => {
                            return Err(self.err(
                                r,
                                format!("zip() over {}", other.kind()),
                                "zip only literal lists or tuples",
                            ))
                        }
                    }
                }
                let mut rows = Vec::new();
                'rows: loop {
                    let mut row = Vec::with_capacity(columns.len());
                    for column in &mut columns {
                        match column.next() {
                            Some(item) => row.push(item),
                            None => break 'rows,
                        }
                    }
                    rows.push(Value::Tuple(row));
                }
                Value::List(rows)
            }
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
                return Err(self.err(
                    range,
                    format!("{what} is not supported by aludel"),
                    "aludel evaluates only str(), int(), len(), range(), enumerate() and zip() among the builtins; remove the call or write its value out",
                ));
            }
        };
        self.finish(&args, name)?;
        Ok(value)
    }
}
