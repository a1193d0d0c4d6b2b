//! Methods of evaluated objects: `batch_op.*`, `connection.execute`,
//! `enum.create()` / `.drop()`, `table.insert()` / `update()` / `delete()`
//! and their `.where()` / `.values()`, `text.bindparams()`, column
//! comparisons (`.is_()`, `.in_()`, `.like()`...).

use std::rc::Rc;

use aludel_core::ops::Op;
use aludel_core::schema::SqlType;
use ruff_text_size::TextRange;

use super::args::Args;
use super::calls::{negate, text_sql};
use super::error::BodyError;
use super::interp::{Interp, HINT_REWRITE};
use super::sql::{protect, Compiler, DataStatement, SqlExpr, SqlOp, StatementKind, TableClause};
use super::value::Value;

impl Interp<'_> {
    pub(crate) fn method(
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
            Value::Context if name == "autocommit_block" => {
                self.finish(&args, "context.autocommit_block")?;
                Ok(Value::AutocommitBlock)
            }
            Value::Context => Err(self.err(
                range,
                format!("`context.{name}()` is not supported by aludel"),
                HINT_REWRITE,
            )),
            Value::Type(t) => self.type_method(*t, name, args, range),
            Value::Table(t) => {
                self.finish(&args, &format!("table.{name}"))?;
                Ok(self.statement(&t, name))
            }
            Value::Statement(st) => self.statement_method((*st).clone(), name, args, range),
            Value::Text(t) => match name {
                "bindparams" => {
                    let mut t = (*t).clone();
                    if let Some((_, r)) = args.rest(0).first() {
                        return Err(self.err(
                            *r,
                            "positional sa.bindparam() objects are not supported by aludel",
                            "bind values by name: .bindparams(name=value)",
                        ));
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
                    "replace" => {
                        let old = self.req(&mut args, 0, "old", "str.replace")?;
                        let old = self.string(old, "old")?;
                        let new = self.req(&mut args, 1, "new", "str.replace")?;
                        let new = self.string(new, "new")?;
                        Value::Str(s.replace(&old, &new))
                    }
                    "join" => {
                        let items = self.req(&mut args, 0, "iterable", "str.join")?;
                        let parts = self.str_list(items, "iterable")?;
                        Value::Str(parts.join(&s))
                    }
                    "format" => Value::Str(self.str_format(&s, &mut args, range)?),
                    _ => return Err(self.unsupported(range, format!("`str.{name}()`"))),
                };
                self.finish(&args, &format!("str.{name}"))?;
                Ok(v)
            }
            other => Err(self.unsupported(range, format!("`{name}()` on {}", other.kind()))),
        }
    }

    /// `type.with_variant(other, "postgresql", ...)`: SQLAlchemy uses
    /// `other` on the named databases, so for the database being evaluated
    /// for the value is one type or the other. MariaDB takes a `mariadb`
    /// variant, else a `mysql` one.
    fn with_variant(&mut self, t: SqlType, mut args: Args) -> Result<Value, BodyError> {
        let variant = match self.req(&mut args, 0, "type_", "with_variant")? {
            (Value::Type(v), _) => *v,
            (other, at) => {
                return Err(self.err(
                    at,
                    format!("with_variant() of {}", other.kind()),
                    "pass a column type, e.g. postgresql.JSONB()",
                ))
            }
        };
        let mut names = Vec::new();
        for (value, r) in args.rest(1) {
            match value {
                Value::Str(s) => names.push(s),
                Value::List(items) | Value::Tuple(items) => {
                    for item in items {
                        names.push(self.to_str(&item, r)?);
                    }
                }
                other => {
                    return Err(self.err(
                        r,
                        format!("a dialect name that is {}", other.kind()),
                        "name the database as a string: \"postgresql\", \"mysql\", \"sqlite\"",
                    ))
                }
            }
        }
        self.finish(&args, "with_variant")?;
        let current = self.ctx.dialect.name();
        let applies = names
            .iter()
            .any(|n| n == current || (self.ctx.mariadb && n == "mariadb"));
        Ok(Value::Type(Box::new(if applies { variant } else { t })))
    }

    /// `.create(bind, checkfirst=...)` / `.drop(...)` of an enum type.
    pub(crate) fn type_method(
        &mut self,
        t: SqlType,
        name: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        if name == "with_variant" {
            return self.with_variant(t, args);
        }
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
            return Err(self.fails(
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

    pub(crate) fn statement_method(
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

    pub(crate) fn row(
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
                return Err(self.fails(range, format!("table `{}` has no column `{key}`", table.name), "add sa.column(\"...\") for it to the sa.table(...) call; SQLAlchemy raises CompileError here too"));
            }
            let value = match self.to_sql(v, range)? {
                SqlExpr::Literal(lit) => {
                    let ty = table
                        .columns
                        .iter()
                        .find(|(c, _)| *c == key)
                        .and_then(|(_, ty)| ty.as_ref());
                    SqlExpr::Literal(self.typed_literal(ty, lit, range)?)
                }
                other => other,
            };
            row.push((key, value));
        }
        Ok(row)
    }

    pub(crate) fn column_method(
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
            Value::Str(_) => return Err(self.fails(r, "connection.execute() of a plain string", "wrap the SQL in sa.text(\"...\"), or use op.execute(\"...\"); SQLAlchemy 2 raises ObjectNotExecutableError here too")),
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
                let sql = Compiler::new(self.ctx.renderer()).statement(&st);
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

    /// `str.format(*args, **kwargs)` with plain fields (`{}`, `{0}`, `{name}`).
    fn str_format(
        &self,
        format: &str,
        args: &mut Args,
        range: TextRange,
    ) -> Result<String, BodyError> {
        let positional = args.rest(0);
        let keywords = args.take_prefixed("");
        let mut out = String::with_capacity(format.len());
        let mut chars = format.chars().peekable();
        let mut auto = 0usize;
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    out.push('}');
                }
                '{' => {
                    let mut field = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(ch) => field.push(ch),
                            None => {
                                return Err(self.fails(
                                    range,
                                    "str.format(): a `{` without its `}`",
                                    "Python raises ValueError here too",
                                ))
                            }
                        }
                    }
                    if field.contains([':', '!', '.', '[']) {
                        return Err(self.unsupported(
                            range,
                            "a str.format() field with a conversion, spec, attribute or index",
                        ));
                    }
                    let value = if field.is_empty() {
                        auto += 1;
                        positional.get(auto - 1).map(|(v, _)| v)
                    } else if let Ok(i) = field.parse::<usize>() {
                        positional.get(i).map(|(v, _)| v)
                    } else {
                        keywords
                            .iter()
                            .find(|(k, _)| *k == field)
                            .map(|(_, (v, _))| v)
                    };
                    let Some(value) = value else {
                        return Err(self.fails(
                            range,
                            format!("str.format(): no value for `{{{field}}}`"),
                            "Python raises IndexError/KeyError here too",
                        ));
                    };
                    out.push_str(&self.to_str(value, range)?);
                }
                '}' => {
                    return Err(self.fails(
                        range,
                        "str.format(): a single `}`",
                        "Python raises ValueError here too",
                    ))
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }
}
