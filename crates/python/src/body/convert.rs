//! Reading argument values as the Rust values the operations need, with an
//! error at the argument when a value has the wrong kind.

use aludel_core::schema::{IndexPart, ServerDefault};

use super::args::Arg;
use super::error::BodyError;
use super::interp::Interp;
use super::sql::{Compiler, SqlExpr};
use super::value::Value;
use aludel_core::dialect::generated_index_name as truncate_conv;

impl Interp<'_> {
    fn wrong(&self, arg: &Arg, what: &str, expected: &str) -> BodyError {
        if let Value::Error(e) = &arg.0 {
            return (**e).clone();
        }
        self.err(
            arg.1,
            format!("`{what}` must be {expected}, not {}", arg.0.kind()),
            format!("write {expected} here"),
        )
    }

    /// A string (an `op.f()` name counts as its text).
    pub(crate) fn string(&self, arg: Arg, what: &str) -> Result<String, BodyError> {
        match arg.0 {
            Value::Str(s) | Value::Conv(s) => Ok(s),
            _ => Err(self.wrong(&arg, what, "a string")),
        }
    }

    /// A string or `None`.
    pub(crate) fn opt_string(&self, arg: Arg, what: &str) -> Result<Option<String>, BodyError> {
        match arg.0 {
            Value::None => Ok(None),
            _ => self.string(arg, what).map(Some),
        }
    }

    /// An index or constraint name: `op.f()` names are shortened with a hash
    /// where they are too long for the database, as SQLAlchemy does.
    pub(crate) fn name(&self, arg: Arg, what: &str) -> Result<String, BodyError> {
        match arg.0 {
            Value::Conv(s) => Ok(truncate_conv(self.ctx.dialect, &s)),
            Value::Str(s) => Ok(s),
            _ => Err(self.wrong(&arg, what, "a string or op.f(\"...\")")),
        }
    }

    /// An index or constraint name, or `None`.
    pub(crate) fn opt_name(&self, arg: Arg, what: &str) -> Result<Option<String>, BodyError> {
        match arg.0 {
            Value::None => Ok(None),
            _ => self.name(arg, what).map(Some),
        }
    }

    /// `True` / `False`.
    pub(crate) fn boolean(&self, arg: Arg, what: &str) -> Result<bool, BodyError> {
        match arg.0 {
            Value::Bool(b) => Ok(b),
            _ => Err(self.wrong(&arg, what, "True or False")),
        }
    }

    /// `True` / `False` / `None`.
    pub(crate) fn opt_bool(&self, arg: Arg, what: &str) -> Result<Option<bool>, BodyError> {
        match arg.0 {
            Value::None => Ok(None),
            _ => self.boolean(arg, what).map(Some),
        }
    }

    /// A non-negative integer that fits 32 bits.
    pub(crate) fn uint(&self, arg: Arg, what: &str) -> Result<u32, BodyError> {
        match arg.0 {
            Value::Int(i) => u32::try_from(i).map_err(|_| {
                self.err(
                    arg.1,
                    format!("`{what}` is out of range: {i}"),
                    "use a value between 0 and 4294967295",
                )
            }),
            _ => Err(self.wrong(&arg, what, "an integer")),
        }
    }

    /// A list or tuple of strings (a single string is a list of one, as
    /// Alembic's `to_list` makes it).
    pub(crate) fn str_list(&self, arg: Arg, what: &str) -> Result<Vec<String>, BodyError> {
        match arg.0 {
            Value::Str(s) | Value::Conv(s) => Ok(vec![s]),
            Value::List(items) | Value::Tuple(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Str(s) | Value::Conv(s) => out.push(s),
                        Value::LooseColumn(c) => out.push(c.name.clone()),
                        other => {
                            return Err(self.err(
                                arg.1,
                                format!(
                                    "`{what}` must list column names as strings, not {}",
                                    other.kind()
                                ),
                                "write the column names as string literals",
                            ))
                        }
                    }
                }
                Ok(out)
            }
            _ => Err(self.wrong(&arg, what, "a list of column names")),
        }
    }

    /// SQL text for a condition: a string as written, `sa.text()`, or an expression.
    pub(crate) fn sql_text(&self, arg: Arg, what: &str) -> Result<String, BodyError> {
        match arg.0 {
            Value::Str(s) => Ok(s),
            Value::Text(t) => super::calls::text_sql(self, &t, arg.1),
            Value::Sql(e) => Ok(Compiler::new(self.ctx.renderer()).expr(&e)),
            _ => Err(self.wrong(
                &arg,
                what,
                "SQL text (a string or sa.text(\"...\")) or an SQL expression",
            )),
        }
    }

    /// `server_default=`: a string is a quoted literal, `sa.text()` is SQL
    /// as written, `sa.func.now()` a function, other expressions compiled.
    pub(crate) fn server_default(&self, arg: Arg) -> Result<ServerDefault, BodyError> {
        match arg.0 {
            Value::Str(s) => Ok(ServerDefault::Literal(s)),
            Value::Text(t) => Ok(ServerDefault::Text(t.sql.clone())),
            Value::Sql(e) => match &*e {
                SqlExpr::Func { name, args } => {
                    let compiler = Compiler::new(self.ctx.renderer());
                    Ok(ServerDefault::Func {
                        name: name.clone(),
                        args: args.iter().map(|a| compiler.expr(a)).collect(),
                    })
                }
                other => Ok(ServerDefault::Text(
                    Compiler::new(self.ctx.renderer()).expr(other),
                )),
            },
            _ => Err(self.wrong(
                &arg,
                "server_default",
                "a string, sa.text(\"...\") or sa.func.<name>()",
            )),
        }
    }

    /// The columns / expressions of an index.
    pub(crate) fn index_parts(&self, items: Vec<Arg>) -> Result<Vec<IndexPart>, BodyError> {
        let compiler = Compiler::new(self.ctx.renderer());
        let mut parts = Vec::with_capacity(items.len());
        for (v, r) in items {
            parts.push(match v {
                Value::Str(s) | Value::Conv(s) => IndexPart::Column(s),
                Value::LooseColumn(c) => IndexPart::Column(c.name.clone()),
                Value::Text(t) => IndexPart::Expression(t.sql.clone()),
                Value::Sql(e) => match &*e {
                    SqlExpr::Column { name, .. } => IndexPart::Column(name.clone()),
                    other => IndexPart::Expression(compiler.expr(other)),
                },
                Value::List(items) | Value::Tuple(items) => {
                    let inner: Vec<Arg> = items.into_iter().map(|v| (v, r)).collect();
                    parts.extend(self.index_parts(inner)?);
                    continue;
                }
                other => {
                    return Err(self.wrong(
                        &(other, r),
                        "index column",
                        "a column name or sa.text(\"expression\")",
                    ))
                }
            });
        }
        Ok(parts)
    }
}
