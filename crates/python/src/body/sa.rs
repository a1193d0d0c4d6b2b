//! SQLAlchemy constructors: `sa.Column`, `sa.ForeignKey`, the constraint
//! classes, `sa.Index`, `sa.text`, `sa.table` / `sa.column`, `sa.case`,
//! `sa.and_` / `sa.or_` and the other expression helpers.

use std::rc::Rc;

use aludel_core::schema::{Column, Generated, Identity, SqlType};
use aludel_core::schema::{ColumnForeignKey, Constraint, ForeignKey, IndexOptions};
use ruff_text_size::TextRange;

use super::args::{Arg, Args};
use super::calls::negate;
use super::error::BodyError;
use super::interp::Interp;
use super::sql::Compiler;
use super::sql::{DataStatement, SqlExpr, SqlOp, StatementKind, TableClause};
use super::value::{ColumnDef, IndexDef, LooseColumn, TextClause, Value};

impl Interp<'_> {
    pub(crate) fn sa_call(
        &mut self,
        name: &str,
        path: &str,
        mut args: Args,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let v = match name {
            "Column" => Value::Column(Box::new(self.column(&mut args)?)),
            "mapped_column" if self.model_mode => Value::Column(Box::new(self.column(&mut args)?)),
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
                Value::ForeignKey(Box::new(ColumnForeignKey {
                    target,
                    name: name_,
                    ondelete,
                    onupdate,
                }))
            }
            "PrimaryKeyConstraint" => {
                let columns = self.column_names(args.rest(0))?;
                let name_ = self.kw_name(&mut args)?;
                Value::Constraint(Box::new(Constraint::PrimaryKey {
                    name: name_,
                    columns,
                }))
            }
            "UniqueConstraint" => {
                let columns = self.column_names(args.rest(0))?;
                let name_ = self.kw_name(&mut args)?;
                Value::Constraint(Box::new(Constraint::Unique {
                    name: name_,
                    columns,
                }))
            }
            "CheckConstraint" => {
                let cond = self.req(&mut args, 0, "sqltext", name)?;
                let sqltext = self.sql_text(cond, "sqltext")?;
                let name_ = match args.get(1, "name") {
                    Some(a) => self.opt_name(a, "name")?,
                    None => None,
                };
                Value::Constraint(Box::new(Constraint::Check {
                    name: name_,
                    sqltext,
                }))
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
                Value::Constraint(Box::new(Constraint::ForeignKey(key)))
            }
            "Index" => {
                let n = self.req(&mut args, 0, "name", name)?;
                let index_name = self.opt_name(n, "name")?;
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
            "desc" | "asc" => {
                // An ordering modifier; a string stays as written (SQLAlchemy
                // takes it as a textual reference, unquoted), anything else
                // is compiled.
                let (v, r) = self.req(&mut args, 0, "column", name)?;
                let inner = match v {
                    Value::Str(s) => s,
                    other => {
                        let expr = self.to_sql(other, r)?;
                        Compiler::new(self.ctx.renderer()).expr(&expr)
                    }
                };
                let suffix = if name == "desc" { "DESC" } else { "ASC" };
                Value::Sql(Rc::new(SqlExpr::Raw(format!("{inner} {suffix}"))))
            }
            "Computed" => {
                let a = self.req(&mut args, 0, "sqltext", name)?;
                let sqltext = self.sql_text(a, "sqltext")?;
                let persisted = match args.get(1, "persisted") {
                    Some(a) => self.opt_bool(a, "persisted")?,
                    None => None,
                };
                Value::Generated(Box::new(Generated::Computed { sqltext, persisted }))
            }
            "Identity" => {
                let mut id = Identity::default();
                if let Some(a) = args.get(0, "always") {
                    id.always = self.boolean(a, "always")?;
                }
                // Oracle only.
                let _ = args.kw("on_null");
                let int = |args: &mut Args, key: &str| -> Result<Option<i64>, BodyError> {
                    match args.kw_some(key) {
                        Some((Value::Int(n), _)) => Ok(Some(n)),
                        Some((other, r)) => Err(self.err(
                            r,
                            format!("sa.Identity({key}=) of {}", other.kind()),
                            "write an integer",
                        )),
                        None => Ok(None),
                    }
                };
                id.start = int(&mut args, "start")?;
                id.increment = int(&mut args, "increment")?;
                id.minvalue = int(&mut args, "minvalue")?;
                id.maxvalue = int(&mut args, "maxvalue")?;
                id.cache = int(&mut args, "cache")?;
                if let Some(a) = args.kw("nominvalue") {
                    id.nominvalue = self.boolean(a, "nominvalue")?;
                }
                if let Some(a) = args.kw("nomaxvalue") {
                    id.nomaxvalue = self.boolean(a, "nomaxvalue")?;
                }
                if let Some(a) = args.kw("cycle") {
                    id.cycle = self.opt_bool(a, "cycle")?;
                }
                Value::Generated(Box::new(Generated::Identity(id)))
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

    pub(crate) fn statement(&self, t: &TableClause, method: &str) -> Value {
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
            self.fails(
                args.range,
                format!("{function}() is missing its argument `{name}`"),
                "Python raises TypeError here too",
            )
        })
    }

    pub(crate) fn kw_name(&self, args: &mut Args) -> Result<Option<String>, BodyError> {
        match args.kw("name") {
            Some(a) => self.opt_name(a, "name"),
            None => Ok(None),
        }
    }

    pub(crate) fn column_names(&self, items: Vec<Arg>) -> Result<Vec<String>, BodyError> {
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
            match a.0 {
                Value::Dict(pairs) => {
                    for (key, value) in pairs {
                        let column = self.string((key, a.1), "mysql_length")?;
                        let length = self.uint((value, a.1), "mysql_length")?;
                        o.mysql_lengths.push((column, length));
                    }
                }
                _ => o.mysql_length = Some(self.uint(a, "mysql_length")?),
            }
        }
        if let Some(a) = args.kw_some("postgresql_nulls_not_distinct") {
            o.postgresql_nulls_not_distinct =
                Some(self.boolean(a, "postgresql_nulls_not_distinct")?);
        }
        Ok(o)
    }

    /// `sa.Column(name, type_, *args, **kw)`.
    pub(crate) fn column(&mut self, args: &mut Args) -> Result<ColumnDef, BodyError> {
        let mut positional = args.rest(0).into_iter().peekable();
        // Models may leave the name to the attribute (`x = Column(Integer)`).
        let named = match positional.peek() {
            Some((Value::Str(_), _)) => true,
            _ => !self.model_mode,
        };
        let name = if named {
            let Some(first) = positional.next() else {
                return Err(self.err(
                    args.range,
                    "sa.Column() needs a name",
                    "write sa.Column(\"name\", sa.Integer(), ...)",
                ));
            };
            match args.kw("name") {
                Some(_) => {
                    return Err(self.err(
                        first.1,
                        "sa.Column(name=...) is not supported by aludel",
                        "pass the name as the first argument",
                    ))
                }
                None => Some(self.string(first, "name")?),
            }
        } else {
            match args.kw("name") {
                Some(a) => Some(self.string(a, "name")?),
                None => None,
            }
        };
        let mut type_ = None;
        let mut foreign_keys = Vec::new();
        let mut checks = Vec::new();
        let mut generated = None;
        for (i, (v, r)) in positional.enumerate() {
            match v {
                Value::ForeignKey(fk) => foreign_keys.push(*fk),
                Value::Generated(g) => generated = Some(*g),
                Value::Constraint(c) if self.model_mode && matches!(*c, Constraint::Check { .. }) => {
                    checks.push(*c)
                }
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
        let type_given = type_.is_some();
        let type_ = match type_ {
            Some(t) => t,
            // The model reader fills it in from the annotation or the foreign key.
            None if self.model_mode => SqlType::Reflected(String::new()),
            None => {
                return Err(self.err(
                    args.range,
                    format!("column `{}` has no type", name.as_deref().unwrap_or("")),
                    "pass a type, e.g. sa.Column(\"x\", sa.Integer())",
                ))
            }
        };
        let name_given = name.is_some();
        let mut column = Column::new(name.as_deref().unwrap_or(""), type_);
        column.foreign_keys = foreign_keys;
        column.generated = generated;
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
            name_given,
            type_given,
            checks,
        })
    }
}
