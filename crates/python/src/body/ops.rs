//! `op.*` and `batch_op.*` calls → [`Op`] values, with Alembic 1.20's
//! signatures (positional and keyword names as Alembic declares them).

use aludel_core::ops::{AlterColumn, ColumnPlacement, ConstraintKind, Op, Recreate};
use aludel_core::schema::{
    Constraint, ForeignKey, IndexPart, Literal, PostgresqlType, SqlType, SqliteType, UpperType,
};

use super::args::{Arg, Args};
use super::error::BodyError;
use super::interp::Interp;
use super::value::{BatchSpec, Value};

/// The table a `batch_op` call applies to.
type BatchTable = Option<(String, Option<String>)>;

impl Interp<'_> {
    /// `op.<name>(...)`, or `batch_op.<name>(...)` when `batch` is the block.
    pub(crate) fn op_call(
        &mut self,
        name: &str,
        mut args: Args,
        batch: Option<usize>,
    ) -> Result<Value, BodyError> {
        let fname = if batch.is_some() {
            format!("batch_op.{name}")
        } else {
            format!("op.{name}")
        };
        let bt: BatchTable = match batch {
            Some(i) => {
                let frame = self
                    .batches
                    .get(i)
                    .ok_or_else(|| self.err(args.range, "internal: unknown batch block", ""))?;
                if frame.closed {
                    return Err(self.err(
                        args.range,
                        format!("{fname}() after its `with` block ended"),
                        "move the call into the `with op.batch_alter_table(...)` block",
                    ));
                }
                Some((frame.spec.table.clone(), frame.spec.schema.clone()))
            }
            None => None,
        };
        // Positions after the table argument move down by one in batch mode.
        let s = usize::from(bt.is_none());
        let value = match name {
            "f" => {
                let a = self.req(&mut args, 0, "name", &fname)?;
                Value::Conv(self.string(a, "name")?)
            }
            "inline_literal" => {
                let (v, r) = self.req(&mut args, 0, "value", &fname)?;
                let _ = args.get(1, "type_");
                Value::InlineLiteral(self.literal(&v, r, "op.inline_literal()")?)
            }
            "get_bind" => Value::Bind,
            "get_context" => Value::Context,
            "batch_alter_table" if bt.is_none() => {
                Value::BatchSpec(Box::new(self.batch_spec(&mut args)?))
            }
            "execute" => return self.execute_op(args, &fname),
            _ => {
                let op = self.build_op(name, &fname, &mut args, &bt, s)?;
                self.finish(&args, &fname)?;
                // op.create_table returns the table, for op.bulk_insert(t, rows).
                let returned = match &op.0 {
                    Op::CreateTable {
                        table,
                        schema,
                        columns,
                        ..
                    } => Value::Table(std::rc::Rc::new(super::sql::TableClause {
                        name: table.clone(),
                        schema: schema.clone(),
                        columns: columns
                            .iter()
                            .map(|c| (c.name.clone(), Some(c.type_.clone())))
                            .collect(),
                    })),
                    _ => Value::None,
                };
                match batch {
                    Some(i) => {
                        if let (Op::AddColumn { column, .. }, Some(p)) = (&op.0, op.1) {
                            let placement = ColumnPlacement {
                                column: column.name.clone(),
                                before: p.0,
                                after: p.1,
                            };
                            if let Some(frame) = self.batches.get_mut(i) {
                                frame.placements.push(placement);
                            }
                        }
                        if let Some(frame) = self.batches.get_mut(i) {
                            frame.ops.push(op.0);
                            frame.ops.extend(op.2);
                        }
                    }
                    None => {
                        self.emit(op.0, args.range)?;
                        for extra in op.2 {
                            self.emit(extra, args.range)?;
                        }
                    }
                }
                return Ok(returned);
            }
        };
        self.finish(&args, &fname)?;
        Ok(value)
    }

    fn execute_op(&mut self, mut args: Args, fname: &str) -> Result<Value, BodyError> {
        let v = self.execute_value(&mut args, fname)?;
        self.finish(&args, fname)?;
        // op.execute returns nothing useful; only connection.execute has a result.
        let _ = v;
        Ok(Value::None)
    }

    fn batch_spec(&mut self, args: &mut Args) -> Result<BatchSpec, BodyError> {
        let t = self.req(args, 0, "table_name", "op.batch_alter_table")?;
        let table = self.string(t, "table_name")?;
        let schema = match args.get(1, "schema") {
            Some(a) => self.opt_string(a, "schema")?,
            None => None,
        };
        let recreate = match args.get(2, "recreate") {
            None => Recreate::Auto,
            Some((Value::Str(v), r)) => match v.as_str() {
                "auto" => Recreate::Auto,
                "always" => Recreate::Always,
                "never" => Recreate::Never,
                other => {
                    return Err(self.err(
                        r,
                        format!("recreate={other:?}"),
                        "use \"auto\", \"always\" or \"never\"",
                    ))
                }
            },
            Some(a) => {
                return Err(self.err(
                    a.1,
                    format!("recreate= must be a string, not {}", a.0.kind()),
                    "use \"auto\", \"always\" or \"never\"",
                ))
            }
        };
        for (i, unsupported) in [
            "partial_reordering",
            "copy_from",
            "table_args",
            "table_kwargs",
            "reflect_args",
            "reflect_kwargs",
        ]
        .iter()
        .enumerate()
        {
            if let Some((v, r)) = args.get(i + 3, unsupported) {
                let empty = match &v {
                    Value::None => true,
                    Value::Tuple(x) | Value::List(x) => x.is_empty(),
                    Value::Dict(d) => d.is_empty(),
                    _ => false,
                };
                if !empty {
                    return Err(self.err(
                        r,
                        format!("op.batch_alter_table({unsupported}=...) is not supported by aludel"),
                        "leave it out: aludel reads the table's current definition from the database (and from earlier revisions offline)",
                    ));
                }
            }
        }
        let naming_convention = match args.get(9, "naming_convention") {
            None | Some((Value::None, _)) => Vec::new(),
            Some((Value::Dict(pairs), r)) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    match (k, v) {
                        (Value::Str(k), Value::Str(v)) => out.push((k, v)),
                        (k, v) => {
                            return Err(self.err(
                                r,
                                format!(
                                    "naming_convention= maps {} to {}",
                                    k.kind(),
                                    v.kind()
                                ),
                                "use string keys (\"fk\", \"uq\", \"ck\", \"pk\", \"ix\") and string templates such as \"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s\"",
                            ))
                        }
                    }
                }
                out
            }
            Some((v, r)) => {
                return Err(self.err(
                    r,
                    format!("naming_convention= must be a dict, not {}", v.kind()),
                    "use a dict such as {\"uq\": \"uq_%(table_name)s_%(column_0_name)s\"}",
                ))
            }
        };
        Ok(BatchSpec {
            table,
            schema,
            recreate,
            naming_convention,
        })
    }

    /// The table argument at position `i`, and `schema=`; the batch's table in batch mode.
    fn table_arg(
        &self,
        args: &mut Args,
        i: usize,
        bt: &BatchTable,
        fname: &str,
        key: &str,
    ) -> Result<(String, Option<String>), BodyError> {
        if let Some(t) = bt {
            return Ok(t.clone());
        }
        let a = self.req(args, i, key, fname)?;
        let table = self.string(a, key)?;
        let schema = match args.kw("schema") {
            Some(a) => self.opt_string(a, "schema")?,
            None => None,
        };
        Ok((table, schema))
    }

    /// The name SQLAlchemy's default naming convention gives `sa.Index(None,
    /// ...)` in `create_table`: `ix_<table>_<first column>`.
    fn default_index_name(
        &self,
        table: &str,
        schema: Option<&str>,
        parts: &[IndexPart],
        at: ruff_text_size::TextRange,
    ) -> Result<String, BodyError> {
        use aludel_core::naming::{ConventionKind, NameParts, NamingConvention};
        let columns: Vec<&str> = parts
            .iter()
            .filter_map(|p| match p {
                IndexPart::Column(c) => Some(c.as_str()),
                IndexPart::Expression(_) => None,
            })
            .collect();
        if columns.is_empty() {
            return Err(self.err(
                at,
                "sa.Index(None, ...) on expressions only has no name SQLAlchemy can give it",
                "name the index: sa.Index(\"ix_...\", ...)",
            ));
        }
        let parts = NameParts {
            table,
            schema,
            keys: columns.clone(),
            columns,
            ..NameParts::default()
        };
        NamingConvention::default()
            .apply(ConventionKind::Index, &parts, self.ctx.dialect)
            .ok()
            .flatten()
            .ok_or_else(|| self.err(at, "sa.Index(None, ...) has no name", "name the index"))
    }

    fn flag(&self, args: &mut Args, name: &str) -> Result<bool, BodyError> {
        Ok(match args.kw(name) {
            Some(a) => self.opt_bool(a, name)?.unwrap_or(false),
            None => false,
        })
    }

    /// The operation of one call, the placement of a batch `add_column`, and
    /// the operations that follow it (indexes of `create_table`).
    #[allow(clippy::type_complexity)]
    fn build_op(
        &mut self,
        name: &str,
        fname: &str,
        args: &mut Args,
        bt: &BatchTable,
        s: usize,
    ) -> Result<(Op, Option<(Option<String>, Option<String>)>, Vec<Op>), BodyError> {
        let mut placement = None;
        let mut extra = Vec::new();
        let op = match name {
            "create_table" if bt.is_none() => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let mut columns = Vec::new();
                let mut constraints = Vec::new();
                let mut nullable_given = Vec::new();
                let mut indexes = Vec::new();
                for (v, r) in args.rest(1) {
                    match v {
                        Value::Column(c) => {
                            nullable_given.push(c.nullable_given);
                            columns.push(c.column);
                        }
                        Value::Constraint(c) => constraints.push(*c),
                        Value::Index(i) => indexes.push((*i, r)),
                        Value::Error(e) => return Err(*e),
                        other => return Err(self.err(r, format!("op.create_table() takes columns and constraints, not {}", other.kind()), "pass sa.Column(...), sa.PrimaryKeyConstraint(...), sa.ForeignKeyConstraint(...)...")),
                    }
                }
                // A primary key constraint makes its columns NOT NULL unless
                // nullable= was given (SQLAlchemy's PrimaryKeyConstraint._set_parent).
                for c in &constraints {
                    if let Constraint::PrimaryKey { columns: pk, .. } = c {
                        for (col, given) in columns.iter_mut().zip(&nullable_given) {
                            if !*given && pk.contains(&col.name) {
                                col.nullable = false;
                            }
                        }
                    }
                }
                let comment = match args.kw("comment") {
                    Some(a) => self.opt_string(a, "comment")?,
                    None => None,
                };
                let if_not_exists = self.flag(args, "if_not_exists")?;
                let _ = args.kw("info");
                for (i, at) in indexes {
                    let name = match i.name {
                        Some(n) => n,
                        None => self.default_index_name(&table, schema.as_deref(), &i.parts, at)?,
                    };
                    extra.push(Op::CreateIndex {
                        name,
                        table: table.clone(),
                        schema: schema.clone(),
                        parts: i.parts,
                        unique: i.unique,
                        if_not_exists: false,
                        options: i.options,
                    });
                }
                Op::CreateTable {
                    table,
                    schema,
                    columns,
                    constraints,
                    comment,
                    if_not_exists,
                }
            }
            "drop_table" if bt.is_none() => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let if_exists = self.flag(args, "if_exists")?;
                Op::DropTable {
                    table,
                    schema,
                    if_exists,
                }
            }
            "rename_table" if bt.is_none() => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "old_table_name")?;
                let n = self.req(args, 1, "new_table_name", fname)?;
                Op::RenameTable {
                    table,
                    new_name: self.string(n, "new_table_name")?,
                    schema,
                }
            }
            "add_column" => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let (v, r) = self.req(args, s, "column", fname)?;
                let Value::Column(c) = v else {
                    if let Value::Error(e) = v {
                        return Err(*e);
                    }
                    return Err(self.err(
                        r,
                        format!("{fname}() needs a sa.Column(...), not {}", v.kind()),
                        "pass sa.Column(\"name\", sa.Type(), ...)",
                    ));
                };
                let if_not_exists = self.flag(args, "if_not_exists")?;
                let (inline_references, inline_primary_key) = if bt.is_none() {
                    (
                        self.flag(args, "inline_references")?,
                        self.flag(args, "inline_primary_key")?,
                    )
                } else {
                    let before = match args.kw("insert_before") {
                        Some(a) => self.opt_string(a, "insert_before")?,
                        None => None,
                    };
                    let after = match args.kw("insert_after") {
                        Some(a) => self.opt_string(a, "insert_after")?,
                        None => None,
                    };
                    if before.is_some() || after.is_some() {
                        placement = Some((before, after));
                    }
                    (false, false)
                };
                Op::AddColumn {
                    table,
                    schema,
                    column: c.column,
                    if_not_exists,
                    inline_references,
                    inline_primary_key,
                }
            }
            "drop_column" => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let c = self.req(args, s, "column_name", fname)?;
                let column = self.string(c, "column_name")?;
                let if_exists = self.flag(args, "if_exists")?;
                Op::DropColumn {
                    table,
                    schema,
                    column,
                    if_exists,
                }
            }
            "alter_column" => Op::AlterColumn(Box::new(self.alter_column(args, bt, fname, s)?)),
            "create_index" => {
                let n = self.req(args, 0, "index_name", fname)?;
                let name = self.name(n, "index_name")?;
                let (table, schema) = self.table_arg(args, 1, bt, fname, "table_name")?;
                let cols = self.req(args, 1 + s, "columns", fname)?;
                let items: Vec<Arg> = match cols.0 {
                    Value::List(v) | Value::Tuple(v) => {
                        v.into_iter().map(|x| (x, cols.1)).collect()
                    }
                    other => vec![(other, cols.1)],
                };
                let parts = self.index_parts(items)?;
                let unique = self.flag(args, "unique")?;
                let if_not_exists = self.flag(args, "if_not_exists")?;
                let options = self.index_options(args)?;
                Op::CreateIndex {
                    name,
                    table,
                    schema,
                    parts,
                    unique,
                    if_not_exists,
                    options,
                }
            }
            "drop_index" => {
                let n = self.req(args, 0, "index_name", fname)?;
                let name = self.name(n, "index_name")?;
                let (table, schema) = match bt {
                    Some((t, sc)) => (Some(t.clone()), sc.clone()),
                    None => {
                        let t = match args.get(1, "table_name") {
                            Some(a) => self.opt_string(a, "table_name")?,
                            None => None,
                        };
                        let sc = match args.kw("schema") {
                            Some(a) => self.opt_string(a, "schema")?,
                            None => None,
                        };
                        (t, sc)
                    }
                };
                let if_exists = self.flag(args, "if_exists")?;
                let postgresql_concurrently = self.flag(args, "postgresql_concurrently")?;
                // Autogenerate repeats the index's options on its drop;
                // DROP INDEX has no place for them and SQLAlchemy prints
                // none.
                for ignored in [
                    "postgresql_using",
                    "postgresql_where",
                    "postgresql_nulls_not_distinct",
                    "sqlite_where",
                    "mysql_length",
                ] {
                    let _ = args.kw(ignored);
                }
                Op::DropIndex {
                    name,
                    table,
                    schema,
                    if_exists,
                    postgresql_concurrently,
                }
            }
            "create_unique_constraint" => {
                let n = self.req(args, 0, "constraint_name", fname)?;
                let name = self.opt_name(n, "constraint_name")?;
                let (table, schema) = self.table_arg(args, 1, bt, fname, "table_name")?;
                let c = self.req(args, 1 + s, "columns", fname)?;
                Op::CreateUniqueConstraint {
                    name,
                    table,
                    schema,
                    columns: self.str_list(c, "columns")?,
                }
            }
            "create_primary_key" => {
                let n = self.req(args, 0, "constraint_name", fname)?;
                let name = self.opt_name(n, "constraint_name")?;
                let (table, schema) = self.table_arg(args, 1, bt, fname, "table_name")?;
                let c = self.req(args, 1 + s, "columns", fname)?;
                Op::CreatePrimaryKey {
                    name,
                    table,
                    schema,
                    columns: self.str_list(c, "columns")?,
                }
            }
            "create_check_constraint" => {
                let n = self.req(args, 0, "constraint_name", fname)?;
                let name = self.opt_name(n, "constraint_name")?;
                let (table, schema) = self.table_arg(args, 1, bt, fname, "table_name")?;
                let c = self.req(args, 1 + s, "condition", fname)?;
                let sqltext = self.sql_text(c, "condition")?;
                Op::CreateCheckConstraint {
                    name,
                    table,
                    schema,
                    sqltext,
                    postgresql_not_valid: self.flag(args, "postgresql_not_valid")?,
                }
            }
            "create_foreign_key" => {
                let n = self.req(args, 0, "constraint_name", fname)?;
                let name = self.opt_name(n, "constraint_name")?;
                let (table, schema) = match bt {
                    Some(t) => t.clone(),
                    None => {
                        let a = self.req(args, 1, "source_table", fname)?;
                        let t = self.string(a, "source_table")?;
                        let sc = match args.kw("source_schema") {
                            Some(a) => self.opt_string(a, "source_schema")?,
                            None => None,
                        };
                        (t, sc)
                    }
                };
                let rt = self.req(args, 1 + s, "referent_table", fname)?;
                let referent_table = self.string(rt, "referent_table")?;
                let lc = self.req(args, 2 + s, "local_cols", fname)?;
                let rc = self.req(args, 3 + s, "remote_cols", fname)?;
                let mut key = ForeignKey {
                    name,
                    columns: self.str_list(lc, "local_cols")?,
                    referent_schema: match args.kw("referent_schema") {
                        Some(a) => self.opt_string(a, "referent_schema")?,
                        None => None,
                    },
                    referent_table,
                    referent_columns: self.str_list(rc, "remote_cols")?,
                    ondelete: None,
                    onupdate: None,
                    deferrable: None,
                    initially: None,
                    match_: None,
                };
                self.fk_options(args, &mut key)?;
                Op::CreateForeignKey {
                    table,
                    schema,
                    key,
                    postgresql_not_valid: self.flag(args, "postgresql_not_valid")?,
                }
            }
            "drop_constraint" => {
                let (v, r) = self.req(args, 0, "constraint_name", fname)?;
                if matches!(v, Value::None) {
                    return Err(self.fails(
                        r,
                        format!("{fname}() with the name None"),
                        "Alembic fails here too (SQLAlchemy cannot emit DROP CONSTRAINT for a constraint with no name); write the constraint's real name as the database knows it",
                    ));
                }
                let name = self.name((v, r), "constraint_name")?;
                let (table, schema) = self.table_arg(args, 1, bt, fname, "table_name")?;
                let type_ = match args.get(1 + s, "type_") {
                    None | Some((Value::None, _)) => None,
                    Some((Value::Str(t), r)) => Some(match t.as_str() {
                        "primary" => ConstraintKind::Primary,
                        "foreignkey" => ConstraintKind::ForeignKey,
                        "unique" => ConstraintKind::Unique,
                        "check" => ConstraintKind::Check,
                        other => {
                            return Err(self.err(
                                r,
                                format!("type_={other:?}"),
                                "use \"primary\", \"foreignkey\", \"unique\" or \"check\"",
                            ))
                        }
                    }),
                    Some(a) => {
                        return Err(self.err(
                            a.1,
                            format!("type_ must be a string, not {}", a.0.kind()),
                            "use \"primary\", \"foreignkey\", \"unique\" or \"check\"",
                        ))
                    }
                };
                let if_exists = self.flag(args, "if_exists")?;
                Op::DropConstraint {
                    name,
                    table,
                    schema,
                    type_,
                    if_exists,
                }
            }
            "create_table_comment" => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let c = self.req(args, s, "comment", fname)?;
                let comment = self.string(c, "comment")?;
                let existing_comment = match args.kw("existing_comment") {
                    Some(a) => self.opt_string(a, "existing_comment")?,
                    None => None,
                };
                Op::CreateTableComment {
                    table,
                    schema,
                    comment,
                    existing_comment,
                }
            }
            "drop_table_comment" => {
                let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
                let existing_comment = match args.kw("existing_comment") {
                    Some(a) => self.opt_string(a, "existing_comment")?,
                    None => None,
                };
                Op::DropTableComment {
                    table,
                    schema,
                    existing_comment,
                }
            }
            "bulk_insert" if bt.is_none() => self.bulk_insert(args, fname)?,
            _ => {
                let hint = match name {
                    "run_async" => "async helpers need Python; write the step as op.execute(\"...\")",
                    "create_exclude_constraint" => "write the constraint as op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE ...\")",
                    _ => "write the step as op.execute(\"...\") with the SQL it should run",
                };
                return Err(self.err(
                    args.range,
                    format!("{fname}() is not supported by aludel"),
                    hint,
                ));
            }
        };
        Ok((op, placement, extra))
    }

    fn alter_column(
        &mut self,
        args: &mut Args,
        bt: &BatchTable,
        fname: &str,
        s: usize,
    ) -> Result<AlterColumn, BodyError> {
        let (table, schema) = self.table_arg(args, 0, bt, fname, "table_name")?;
        let c = self.req(args, s, "column_name", fname)?;
        let mut a = AlterColumn {
            table,
            schema,
            column: self.string(c, "column_name")?,
            ..AlterColumn::default()
        };
        if let Some(v) = args.kw("nullable") {
            a.nullable = self.opt_bool(v, "nullable")?;
        }
        // `comment=False` / `server_default=False` (Alembic's defaults) mean "unchanged".
        match args.kw("comment") {
            None | Some((Value::Bool(false), _)) => {}
            Some(v) => a.comment = Some(self.opt_string(v, "comment")?),
        }
        match args.kw("server_default") {
            None | Some((Value::Bool(false), _)) => {}
            Some((Value::None, _)) => a.server_default = Some(None),
            Some(v) => a.server_default = Some(Some(self.server_default(v)?)),
        }
        if let Some(v) = args.kw("new_column_name") {
            a.new_column_name = self.opt_string(v, "new_column_name")?;
        }
        if let Some((v, r)) = args.kw_some("type_") {
            a.type_ = Some(self.to_type(v, r)?);
        }
        if let Some((v, r)) = args.kw_some("existing_type") {
            a.existing_type = Some(self.to_type(v, r)?);
        }
        match args.kw("existing_server_default") {
            None | Some((Value::Bool(false), _)) | Some((Value::None, _)) => {}
            Some(v) => a.existing_server_default = Some(self.server_default(v)?),
        }
        if let Some(v) = args.kw("existing_nullable") {
            a.existing_nullable = self.opt_bool(v, "existing_nullable")?;
        }
        if let Some(v) = args.kw("existing_comment") {
            a.existing_comment = self.opt_string(v, "existing_comment")?;
        }
        if let Some(v) = args.kw("postgresql_using") {
            a.postgresql_using = self.opt_string(v, "postgresql_using")?;
        }
        for unsupported in ["autoincrement", "existing_autoincrement"] {
            self.allow_only(args, None, unsupported, |v| matches!(v, Value::None))?;
        }
        if bt.is_some() {
            for unsupported in ["insert_before", "insert_after"] {
                self.allow_only(args, None, unsupported, |v| matches!(v, Value::None))?;
            }
        }
        Ok(a)
    }

    /// A value for a JSON column: Python's `json.dumps` text online (None
    /// is JSON `null`, as SQLAlchemy's JSON type stores it); offline Alembic
    /// has no way to print it, so neither has aludel.
    fn json_value(
        &self,
        v: &Value,
        range: ruff_text_size::TextRange,
    ) -> Result<Literal, BodyError> {
        if self.ctx.offline {
            return match v {
                Value::None => Ok(Literal::Null),
                _ => Err(self.fails(
                    range,
                    "a JSON value in op.bulk_insert() cannot be printed offline",
                    "SQLAlchemy has no literal renderer for JSON and Alembic fails here too; run the migration online, or write the row with op.execute(\"INSERT ...\")",
                )),
            };
        }
        super::json::dumps(v).map(Literal::Str).ok_or_else(|| {
            self.err(
                range,
                format!("{} in a JSON value", v.kind()),
                "JSON values may hold only dicts, lists, strings, numbers, booleans and None",
            )
        })
    }

    fn bulk_insert(&mut self, args: &mut Args, fname: &str) -> Result<Op, BodyError> {
        let (t, r) = self.req(args, 0, "table", fname)?;
        let Value::Table(t) = t else {
            return Err(self.err(
                r,
                format!("op.bulk_insert() needs a sa.table(...), not {}", t.kind()),
                "build the table with sa.table(\"name\", sa.column(\"col\", sa.Integer), ...)",
            ));
        };
        let (rows_v, rr) = self.req(args, 1, "rows", fname)?;
        let Value::List(items) = rows_v else {
            return Err(self.err(
                rr,
                format!(
                    "op.bulk_insert() rows must be a list of dicts, not {}",
                    rows_v.kind()
                ),
                "write the rows as a literal list of dicts",
            ));
        };
        let multiinsert = match args.get(2, "multiinsert") {
            Some(a) => self.boolean(a, "multiinsert")?,
            None => true,
        };
        let is_json = |column: &str| {
            t.columns.iter().any(|(c, ty)| {
                c == column
                    && matches!(
                        ty,
                        Some(
                            SqlType::Json
                                | SqlType::Upper(UpperType::Json)
                                | SqlType::Postgresql(PostgresqlType::Jsonb)
                                | SqlType::Sqlite(SqliteType::Json)
                        )
                    )
            })
        };
        let mut rows: Vec<Vec<(String, Literal)>> = Vec::with_capacity(items.len());
        for item in items {
            let Value::Dict(d) = item else {
                return Err(self.err(
                    rr,
                    format!("a bulk_insert row must be a dict, not {}", item.kind()),
                    "write each row as {\"column\": value}",
                ));
            };
            let mut row: Vec<(String, Literal)> = Vec::with_capacity(d.len());
            for (k, v) in d {
                let Value::Str(k) = k else {
                    return Err(self.err(
                        rr,
                        "bulk_insert row keys must be column names",
                        "use string keys",
                    ));
                };
                let value = if is_json(&k) {
                    self.json_value(&v, rr)?
                } else {
                    let lit = self.literal(&v, rr, "a bulk_insert value")?;
                    let ty = t
                        .columns
                        .iter()
                        .find(|(c, _)| *c == k)
                        .and_then(|(_, ty)| ty.as_ref());
                    self.typed_literal(ty, lit, rr)?
                };
                row.push((k, value));
            }
            rows.push(row);
        }
        // Online, Alembic runs one executemany: every row must set the same columns.
        if !self.ctx.offline && multiinsert {
            fn keys(row: &[(String, Literal)]) -> Vec<&str> {
                let mut k: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
                k.sort_unstable();
                k
            }
            if let Some(first) = rows.first() {
                let want = keys(first);
                if rows.iter().any(|r| keys(r) != want) {
                    return Err(self.err(
                        rr,
                        "op.bulk_insert() rows set different columns",
                        "Alembic runs the rows as one executemany and SQLAlchemy fails (\"A value is required for bind parameter\"); give every row the same keys, or pass multiinsert=False",
                    ));
                }
            }
        }
        Ok(Op::BulkInsert {
            table: t.name.clone(),
            schema: t.schema.clone(),
            columns: t.columns.iter().map(|(c, _)| c.clone()).collect(),
            rows,
        })
    }
}
