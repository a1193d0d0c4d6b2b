//! One operation → its Python statement(s), with Alembic's layout.
//!
//! Alembic builds each operation as one string (continuation lines after
//! `\n`), prints it with Mako's `PythonPrinter` — which indents only the
//! first line of a string to the block depth — and then indents every line
//! by 4 spaces. So continuation lines sit at 4 spaces (`create_table`
//! arguments) or 15 (`alter_column`'s 11-space keyword indent) whatever
//! the depth; [`Writer::line`] lays lines out the same way.

use std::collections::BTreeSet;

use aludel_core::ops::{
    AlterColumn, BatchAlterTable, ColumnPlacement, ConstraintKind, Op, Recreate,
};
use aludel_core::schema::{
    Column, Constraint, ForeignKey, Generated, IndexOptions, IndexPart, SqlType,
};

use super::types::{literal_py, py_bool, py_list, py_opt, server_default_py, type_py};
use super::{WriteError, WrittenBody};
use crate::pystr::repr_str;

/// The lines written so far and the imports they need.
#[derive(Default)]
pub(super) struct Writer {
    lines: Vec<String>,
    imports: BTreeSet<String>,
}

/// `alter_column`'s keyword indent (Alembic's `" " * 11`).
const ALTER_INDENT: &str = "           ";

/// The table an operation applies to, for messages.
fn table_of(op: &Op) -> Option<String> {
    match op {
        Op::CreateTable { table, .. }
        | Op::DropTable { table, .. }
        | Op::RenameTable { table, .. }
        | Op::AddColumn { table, .. }
        | Op::DropColumn { table, .. }
        | Op::CreateIndex { table, .. }
        | Op::CreateUniqueConstraint { table, .. }
        | Op::CreateForeignKey { table, .. }
        | Op::CreateCheckConstraint { table, .. }
        | Op::CreatePrimaryKey { table, .. }
        | Op::DropConstraint { table, .. }
        | Op::CreateTableComment { table, .. }
        | Op::DropTableComment { table, .. }
        | Op::BulkInsert { table, .. } => Some(table.clone()),
        Op::DropIndex { table, .. } => table.clone(),
        Op::AlterColumn(a) => Some(a.table.clone()),
        Op::Batch(b) => Some(b.table.clone()),
        Op::Execute { .. } | Op::Autocommit(_) | Op::CreateEnum { .. } | Op::DropEnum { .. } => {
            None
        }
    }
}

fn error(op: &Op, reason: impl Into<String>) -> WriteError {
    WriteError {
        op: op.name(),
        table: table_of(op),
        reason: reason.into(),
    }
}

/// Where an operation is written: at top level (`op.`) or inside a batch
/// block (`batch_op.`, the table given by the block).
#[derive(Clone, Copy)]
struct Scope<'a> {
    batch: Option<&'a BatchAlterTable>,
}

impl Scope<'_> {
    fn prefix(&self) -> &'static str {
        if self.batch.is_some() {
            "batch_op."
        } else {
            "op."
        }
    }

    /// `op.f('name')`: the name is final, not one for a naming convention to make.
    fn f(&self, name: &str) -> String {
        format!("{}f({})", self.prefix(), repr_str(name))
    }

    fn opt_f(&self, name: &Option<String>) -> String {
        match name {
            Some(n) => self.f(n),
            None => "None".into(),
        }
    }
}

/// `, schema='s'` when set.
fn schema_kw(schema: &Option<String>) -> String {
    match schema {
        Some(s) => format!(", schema={}", repr_str(s)),
        None => String::new(),
    }
}

/// `, key=True` when set.
fn flag_kw(key: &str, set: bool) -> String {
    if set {
        format!(", {key}=True")
    } else {
        String::new()
    }
}

impl Writer {
    /// Writes one statement (continuation lines after `\n`) at block `depth`.
    pub(super) fn line(&mut self, depth: usize, statement: &str) {
        for (i, l) in statement.split('\n').enumerate() {
            let l = l.trim_end_matches(' ');
            if l.is_empty() {
                self.lines.push(String::new());
            } else if i == 0 {
                self.lines.push(format!("{}{l}", "    ".repeat(depth + 1)));
            } else {
                self.lines.push(format!("    {l}"));
            }
        }
    }

    pub(super) fn finish(self) -> WrittenBody {
        let mut text = self.lines.join("\n");
        text.push('\n');
        WrittenBody {
            text,
            imports: self.imports.into_iter().collect(),
        }
    }

    fn type_(&mut self, op: &Op, t: &SqlType) -> Result<String, WriteError> {
        type_py(t, &mut self.imports).map_err(|reason| error(op, reason))
    }

    /// Writes `op` at `depth`; `batch` is the block it is in.
    pub(super) fn op(
        &mut self,
        op: &Op,
        depth: usize,
        batch: Option<&BatchAlterTable>,
    ) -> Result<(), WriteError> {
        let scope = Scope { batch };
        if let Some(b) = batch {
            self.check_in_batch(op, b)?;
        }
        let p = scope.prefix();
        let text = match op {
            Op::CreateTable {
                table,
                schema,
                columns,
                constraints,
                comment,
                if_not_exists,
            } => {
                if columns.is_empty() {
                    return Err(error(op, "a table without columns"));
                }
                let pk_columns: Option<&Vec<String>> = constraints.iter().find_map(|c| match c {
                    Constraint::PrimaryKey { columns, .. } => Some(columns),
                    _ => None,
                });
                let mut args = Vec::with_capacity(columns.len() + constraints.len());
                for c in columns {
                    let in_pk = pk_columns.map(|pk| pk.contains(&c.name));
                    if c.primary_key && in_pk == Some(false) {
                        // SQLAlchemy ignores the flag then (with a warning).
                        return Err(error(
                            op,
                            format!(
                                "column {:?} is primary_key=True but not in the table's PrimaryKeyConstraint",
                                c.name
                            ),
                        ));
                    }
                    args.push(self.column(op, c, in_pk.is_some(), scope)?);
                }
                for c in constraints {
                    args.push(self.constraint(op, c, scope)?);
                }
                let mut text = format!("{p}create_table({},\n{}", repr_str(table), args.join(",\n"));
                if let Some(s) = schema {
                    text.push_str(&format!(",\nschema={}", repr_str(s)));
                }
                if let Some(c) = comment {
                    text.push_str(&format!(",\ncomment={}", repr_str(c)));
                }
                if *if_not_exists {
                    text.push_str(",\nif_not_exists=True");
                }
                text.push_str("\n)");
                text
            }
            Op::DropTable {
                table,
                schema,
                if_exists,
            } => format!(
                "{p}drop_table({}{}{})",
                repr_str(table),
                schema_kw(schema),
                flag_kw("if_exists", *if_exists)
            ),
            Op::RenameTable {
                table,
                new_name,
                schema,
            } => format!(
                "{p}rename_table({}, {}{})",
                repr_str(table),
                repr_str(new_name),
                schema_kw(schema)
            ),
            Op::AddColumn {
                table,
                schema,
                column,
                if_not_exists,
                inline_references,
                inline_primary_key,
            } => {
                let col = self.column(op, column, false, scope)?;
                match batch {
                    Some(b) => {
                        let mut text =
                            format!("{p}add_column({col}{}", flag_kw("if_not_exists", *if_not_exists));
                        if let Some(pl) = placement(b, &column.name) {
                            if let Some(before) = &pl.before {
                                text.push_str(&format!(", insert_before={}", repr_str(before)));
                            }
                            if let Some(after) = &pl.after {
                                text.push_str(&format!(", insert_after={}", repr_str(after)));
                            }
                        }
                        text.push(')');
                        text
                    }
                    None => format!(
                        "{p}add_column({}, {col}{}{}{}{})",
                        repr_str(table),
                        schema_kw(schema),
                        flag_kw("if_not_exists", *if_not_exists),
                        flag_kw("inline_references", *inline_references),
                        flag_kw("inline_primary_key", *inline_primary_key),
                    ),
                }
            }
            Op::DropColumn {
                table,
                schema,
                column,
                if_exists,
            } => match batch {
                Some(_) => format!(
                    "{p}drop_column({}{})",
                    repr_str(column),
                    flag_kw("if_exists", *if_exists)
                ),
                None => format!(
                    "{p}drop_column({}, {}{}{})",
                    repr_str(table),
                    repr_str(column),
                    schema_kw(schema),
                    flag_kw("if_exists", *if_exists)
                ),
            },
            Op::AlterColumn(a) => self.alter_column(op, a, scope)?,
            Op::CreateIndex {
                name,
                table,
                schema,
                parts,
                unique,
                if_not_exists,
                options,
            } => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|part| match part {
                        IndexPart::Column(c) => repr_str(c),
                        IndexPart::Expression(e) => format!("sa.literal_column({})", repr_str(e)),
                    })
                    .collect();
                let mut opts = index_options(options);
                if *if_not_exists {
                    opts.push("if_not_exists=True".into());
                }
                let kwargs: String = opts.iter().map(|o| format!(", {o}")).collect();
                match batch {
                    Some(_) => format!(
                        "{p}create_index({}, [{}], unique={}{kwargs})",
                        scope.f(name),
                        parts.join(", "),
                        py_bool(*unique)
                    ),
                    None => format!(
                        "{p}create_index({}, {}, [{}], unique={}{}{kwargs})",
                        scope.f(name),
                        repr_str(table),
                        parts.join(", "),
                        py_bool(*unique),
                        schema_kw(schema)
                    ),
                }
            }
            Op::DropIndex {
                name,
                table,
                schema,
                if_exists,
                postgresql_concurrently,
            } => {
                let kwargs = format!(
                    "{}{}",
                    flag_kw("postgresql_concurrently", *postgresql_concurrently),
                    flag_kw("if_exists", *if_exists)
                );
                match batch {
                    Some(_) => format!("{p}drop_index({}{kwargs})", scope.f(name)),
                    None => format!(
                        "{p}drop_index({}, table_name={}{}{kwargs})",
                        scope.f(name),
                        py_opt(table),
                        schema_kw(schema)
                    ),
                }
            }
            Op::CreateUniqueConstraint {
                name,
                table,
                schema,
                columns,
            } => match batch {
                Some(_) => format!(
                    "{p}create_unique_constraint({}, {})",
                    scope.opt_f(name),
                    py_list(columns)
                ),
                None => format!(
                    "{p}create_unique_constraint({}, {}, {}{})",
                    scope.opt_f(name),
                    repr_str(table),
                    py_list(columns),
                    schema_kw(schema)
                ),
            },
            Op::CreatePrimaryKey {
                name,
                table,
                schema,
                columns,
            } => match batch {
                Some(_) => format!(
                    "{p}create_primary_key({}, {})",
                    scope.opt_f(name),
                    py_list(columns)
                ),
                None => format!(
                    "{p}create_primary_key({}, {}, {}{})",
                    scope.opt_f(name),
                    repr_str(table),
                    py_list(columns),
                    schema_kw(schema)
                ),
            },
            Op::CreateForeignKey {
                table,
                schema,
                key,
                postgresql_not_valid,
            } => {
                let mut args = vec![scope.opt_f(&key.name)];
                if batch.is_none() {
                    args.push(repr_str(table));
                }
                args.push(repr_str(&key.referent_table));
                args.push(py_list(&key.columns));
                args.push(py_list(&key.referent_columns));
                if batch.is_none() {
                    if let Some(s) = schema {
                        args.push(format!("source_schema={}", repr_str(s)));
                    }
                }
                if let Some(s) = &key.referent_schema {
                    args.push(format!("referent_schema={}", repr_str(s)));
                }
                args.extend(fk_actions(key));
                if *postgresql_not_valid {
                    args.push("postgresql_not_valid=True".into());
                }
                format!("{p}create_foreign_key({})", args.join(", "))
            }
            Op::CreateCheckConstraint {
                name,
                table,
                schema,
                sqltext,
                postgresql_not_valid,
            } => {
                let not_valid = if *postgresql_not_valid {
                    ", postgresql_not_valid=True"
                } else {
                    ""
                };
                match batch {
                    Some(_) => format!(
                        "{p}create_check_constraint({}, {}{not_valid})",
                        scope.opt_f(name),
                        repr_str(sqltext)
                    ),
                    None => format!(
                        "{p}create_check_constraint({}, {}, {}{}{not_valid})",
                        scope.opt_f(name),
                        repr_str(table),
                        repr_str(sqltext),
                        schema_kw(schema)
                    ),
                }
            }
            Op::DropConstraint {
                name,
                table,
                schema,
                type_,
                if_exists,
            } => {
                let mut args = vec![scope.f(name)];
                if batch.is_none() {
                    args.push(repr_str(table));
                    if let Some(s) = schema {
                        args.push(format!("schema={}", repr_str(s)));
                    }
                }
                if let Some(k) = type_ {
                    let k = match k {
                        ConstraintKind::Primary => "primary",
                        ConstraintKind::ForeignKey => "foreignkey",
                        ConstraintKind::Unique => "unique",
                        ConstraintKind::Check => "check",
                    };
                    args.push(format!("type_='{k}'"));
                }
                if *if_exists {
                    args.push("if_exists=True".into());
                }
                format!("{p}drop_constraint({})", args.join(", "))
            }
            Op::CreateTableComment {
                table,
                schema,
                comment,
                existing_comment,
            } => match batch {
                Some(_) => format!(
                    "{p}create_table_comment(\n    {},\n    existing_comment={}\n)",
                    repr_str(comment),
                    py_opt(existing_comment)
                ),
                None => format!(
                    "{p}create_table_comment(\n    {},\n    {},\n    existing_comment={},\n    schema={}\n)",
                    repr_str(table),
                    repr_str(comment),
                    py_opt(existing_comment),
                    py_opt(schema)
                ),
            },
            Op::DropTableComment {
                table,
                schema,
                existing_comment,
            } => match batch {
                Some(_) => format!(
                    "{p}drop_table_comment(\n    existing_comment={}\n)",
                    py_opt(existing_comment)
                ),
                None => format!(
                    "{p}drop_table_comment(\n    {},\n    existing_comment={},\n    schema={}\n)",
                    repr_str(table),
                    py_opt(existing_comment),
                    py_opt(schema)
                ),
            },
            Op::Execute { sql } => format!("{p}execute({})", repr_str(sql)),
            Op::BulkInsert {
                table,
                schema,
                columns,
                rows,
            } => self.bulk_insert(op, table, schema, columns, rows)?,
            Op::CreateEnum {
                name,
                schema,
                values,
                checkfirst,
            } => {
                enum_schema(op, schema)?;
                let mut args: Vec<String> = values.iter().map(|v| repr_str(v)).collect();
                args.push(format!("name={}", repr_str(name)));
                format!(
                    "sa.Enum({}).create(op.get_bind(), checkfirst={})",
                    args.join(", "),
                    py_bool(*checkfirst)
                )
            }
            Op::DropEnum {
                name,
                schema,
                checkfirst,
            } => {
                enum_schema(op, schema)?;
                format!(
                    "sa.Enum(name={}).drop(op.get_bind(), checkfirst={})",
                    repr_str(name),
                    py_bool(*checkfirst)
                )
            }
            Op::Batch(b) => return self.batch(op, b, depth),
            Op::Autocommit(inner) => {
                self.line(depth, "with op.get_context().autocommit_block():");
                for o in inner {
                    self.op(o, depth + 1, None)?;
                }
                if inner.is_empty() {
                    self.line(depth + 1, "pass");
                }
                self.line(depth, "");
                return Ok(());
            }
        };
        self.line(depth, &text);
        Ok(())
    }

    fn batch(&mut self, op: &Op, b: &BatchAlterTable, depth: usize) -> Result<(), WriteError> {
        let mut seen: Vec<&str> = Vec::new();
        for pl in &b.placements {
            let added = b
                .ops
                .iter()
                .any(|o| matches!(o, Op::AddColumn { column, .. } if column.name == pl.column));
            if !added {
                return Err(error(
                    op,
                    format!(
                        "a placement of column {:?}, which no add_column of the block adds",
                        pl.column
                    ),
                ));
            }
            if seen.contains(&pl.column.as_str()) {
                return Err(error(
                    op,
                    format!("two placements of column {:?}", pl.column),
                ));
            }
            seen.push(&pl.column);
        }
        let recreate = match b.recreate {
            Recreate::Auto => "",
            Recreate::Always => ", recreate='always'",
            Recreate::Never => ", recreate='never'",
        };
        let naming = if b.naming_convention.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = b
                .naming_convention
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), repr_str(v)))
                .collect();
            format!(", naming_convention={{{}}}", pairs.join(", "))
        };
        self.line(
            depth,
            &format!(
                "with op.batch_alter_table({}, schema={}{recreate}{naming}) as batch_op:",
                repr_str(&b.table),
                py_opt(&b.schema)
            ),
        );
        for o in &b.ops {
            self.op(o, depth + 1, Some(b))?;
        }
        if b.ops.is_empty() {
            self.line(depth + 1, "pass");
        }
        self.line(depth, "");
        Ok(())
    }

    /// An operation inside a batch block must be one `batch_op` has, on the block's table.
    fn check_in_batch(&self, op: &Op, b: &BatchAlterTable) -> Result<(), WriteError> {
        let Some((table, schema)) = super::batch_table(op) else {
            let reason = match op {
                Op::AddColumn { .. } => {
                    "batch_op.add_column() has no inline_references= / inline_primary_key="
                        .to_string()
                }
                Op::DropIndex { table: None, .. } => {
                    "a drop_index without its table inside a batch block".to_string()
                }
                Op::DropConstraint { .. } => {
                    "batch_op.drop_constraint() has no if_exists= (Alembic raises TypeError)"
                        .to_string()
                }
                _ => format!("op.{}() inside a batch block", op.name()),
            };
            return Err(error(op, reason));
        };
        if table != b.table || schema != b.schema.as_deref() {
            return Err(error(
                op,
                format!(
                    "an operation on another table inside the batch block of {:?}",
                    b.table
                ),
            ));
        }
        Ok(())
    }

    /// `sa.Column(...)`; `pk_by_constraint`: the table has a
    /// `sa.PrimaryKeyConstraint`, which carries the primary key.
    fn column(
        &mut self,
        op: &Op,
        c: &Column,
        pk_by_constraint: bool,
        scope: Scope<'_>,
    ) -> Result<String, WriteError> {
        let type_ = self.type_(op, &c.type_)?;
        let mut args = Vec::new();
        for fk in &c.foreign_keys {
            let mut a = vec![repr_str(&fk.target)];
            if let Some(n) = &fk.name {
                a.push(format!("name={}", scope.f(n)));
            }
            if let Some(u) = &fk.onupdate {
                a.push(format!("onupdate={}", repr_str(u)));
            }
            if let Some(d) = &fk.ondelete {
                a.push(format!("ondelete={}", repr_str(d)));
            }
            args.push(format!("sa.ForeignKey({})", a.join(", ")));
        }
        if let Some(g) = &c.generated {
            args.push(generated_py(g));
        }
        let mut opts = Vec::new();
        if let Some(d) = &c.server_default {
            let d = server_default_py(d).map_err(|reason| error(op, reason))?;
            opts.push(format!("server_default={d}"));
        }
        if let Some(a) = c.autoincrement {
            opts.push(format!("autoincrement={}", py_bool(a)));
        }
        opts.push(format!("nullable={}", py_bool(c.nullable)));
        if let Some(comment) = &c.comment {
            opts.push(format!("comment={}", repr_str(comment)));
        }
        if c.primary_key && !pk_by_constraint {
            opts.push("primary_key=True".into());
        }
        if c.unique {
            opts.push("unique=True".into());
        }
        if c.index {
            opts.push("index=True".into());
        }
        let args: String = args.iter().map(|a| format!("{a}, ")).collect();
        Ok(format!(
            "sa.Column({}, {type_}, {args}{})",
            repr_str(&c.name),
            opts.join(", ")
        ))
    }

    fn constraint(
        &mut self,
        op: &Op,
        c: &Constraint,
        scope: Scope<'_>,
    ) -> Result<String, WriteError> {
        Ok(match c {
            Constraint::PrimaryKey { name, columns } => {
                let mut args: Vec<String> = columns.iter().map(|c| repr_str(c)).collect();
                if let Some(n) = name {
                    args.push(format!("name={}", scope.f(n)));
                }
                format!("sa.PrimaryKeyConstraint({})", args.join(", "))
            }
            Constraint::Unique { name, columns } => {
                let mut args: Vec<String> = columns.iter().map(|c| repr_str(c)).collect();
                if let Some(n) = name {
                    args.push(format!("name={}", scope.f(n)));
                }
                format!("sa.UniqueConstraint({})", args.join(", "))
            }
            Constraint::Check { name, sqltext } => {
                let name = match name {
                    Some(n) => format!(", name={}", scope.f(n)),
                    None => String::new(),
                };
                format!("sa.CheckConstraint({}{name})", repr_str(sqltext))
            }
            Constraint::ForeignKey(key) => {
                let refs = fk_targets(key).map_err(|reason| error(op, reason))?;
                let mut opts = Vec::new();
                if let Some(n) = &key.name {
                    opts.push(format!("name={}", scope.f(n)));
                }
                opts.extend(fk_actions(key));
                // Alembic's template leaves `, )` when there are no options.
                format!(
                    "sa.ForeignKeyConstraint({}, {}, {})",
                    py_list(&key.columns),
                    py_list(&refs),
                    opts.join(", ")
                )
            }
        })
    }

    fn alter_column(
        &mut self,
        op: &Op,
        a: &AlterColumn,
        scope: Scope<'_>,
    ) -> Result<String, WriteError> {
        let p = scope.prefix();
        let mut text = match scope.batch {
            Some(_) => format!("{p}alter_column({}", repr_str(&a.column)),
            None => format!(
                "{p}alter_column({}, {}",
                repr_str(&a.table),
                repr_str(&a.column)
            ),
        };
        let mut kw = |key: &str, value: String| {
            text.push_str(&format!(",\n{ALTER_INDENT}{key}={value}"));
        };
        if let Some(t) = &a.existing_type {
            kw("existing_type", self.type_(op, t)?);
        }
        if let Some(change) = &a.server_default {
            let v = match change {
                Some(d) => server_default_py(d).map_err(|reason| error(op, reason))?,
                None => "None".into(),
            };
            kw("server_default", v);
        }
        if let Some(n) = &a.new_column_name {
            kw("new_column_name", repr_str(n));
        }
        if let Some(t) = &a.type_ {
            kw("type_", self.type_(op, t)?);
        }
        if let Some(n) = a.nullable {
            kw("nullable", py_bool(n).into());
        }
        if let Some(change) = &a.comment {
            kw("comment", py_opt(change));
        }
        if let Some(c) = &a.existing_comment {
            kw("existing_comment", repr_str(c));
        }
        if let (None, Some(n)) = (a.nullable, a.existing_nullable) {
            kw("existing_nullable", py_bool(n).into());
        }
        if let (None, Some(d)) = (&a.server_default, &a.existing_server_default) {
            let d = server_default_py(d).map_err(|reason| error(op, reason))?;
            kw("existing_server_default", d);
        }
        if let Some(u) = &a.postgresql_using {
            kw("postgresql_using", repr_str(u));
        }
        if let (None, Some(s)) = (scope.batch, &a.schema) {
            kw("schema", repr_str(s));
        }
        text.push(')');
        Ok(text)
    }

    fn bulk_insert(
        &mut self,
        op: &Op,
        table: &str,
        schema: &Option<String>,
        columns: &[String],
        rows: &[Vec<(String, aludel_core::schema::Literal)>],
    ) -> Result<String, WriteError> {
        let mut t = vec![repr_str(table)];
        for c in columns {
            let values = rows
                .iter()
                .flat_map(|row| row.iter().filter(|(k, _)| k == c).map(|(_, v)| v));
            match literal_type(values) {
                Some(ty) => t.push(format!("sa.column({}, {ty})", repr_str(c))),
                None => t.push(format!("sa.column({})", repr_str(c))),
            }
        }
        let mut text = format!(
            "op.bulk_insert(sa.table({}{}),\n    [",
            t.join(", "),
            schema_kw(schema)
        );
        let mut first_keys: Option<Vec<&str>> = None;
        let mut same_keys = true;
        for row in rows {
            let mut keys: Vec<&str> = Vec::with_capacity(row.len());
            let mut items = Vec::with_capacity(row.len());
            for (k, v) in row {
                if keys.contains(&k.as_str()) {
                    return Err(error(op, format!("a row sets column {k:?} twice")));
                }
                keys.push(k);
                let v = literal_py(v).map_err(|reason| error(op, reason))?;
                items.push(format!("{}: {v}", repr_str(k)));
            }
            text.push_str(&format!("\n        {{{}}},", items.join(", ")));
            keys.sort_unstable();
            match &first_keys {
                None => first_keys = Some(keys),
                Some(first) => same_keys &= *first == keys,
            }
        }
        text.push_str("\n    ]");
        // One executemany needs every row to set the same columns.
        if !same_keys {
            text.push_str(",\n    multiinsert=False");
        }
        text.push_str("\n)");
        Ok(text)
    }
}

/// The type of a `bulk_insert` column whose values are all of one kind
/// (`None` aside): offline, SQLAlchemy prints no literal for an untyped
/// column, and the body evaluator leaves a value of its column's own kind
/// unchanged. Columns of mixed or no values stay untyped (they run online).
fn literal_type<'a>(
    values: impl Iterator<Item = &'a aludel_core::schema::Literal>,
) -> Option<&'static str> {
    use aludel_core::schema::Literal;
    let mut kind = None;
    for v in values {
        let k = match v {
            Literal::Null => continue,
            Literal::Bool(_) => "sa.Boolean()",
            Literal::Int(_) => "sa.Integer()",
            Literal::Float(_) => "sa.Float()",
            Literal::Str(_) => "sa.String()",
        };
        match kind {
            None => kind = Some(k),
            Some(seen) if seen == k => {}
            Some(_) => return None,
        }
    }
    kind
}

/// The placement of the added column `column` in block `b`, if it has one.
fn placement<'a>(b: &'a BatchAlterTable, column: &str) -> Option<&'a ColumnPlacement> {
    b.placements
        .iter()
        .find(|p| p.column == column && (p.before.is_some() || p.after.is_some()))
}

/// `sa.Computed(...)` / `sa.Identity(...)` as written in a column.
fn generated_py(g: &Generated) -> String {
    match g {
        Generated::Computed { sqltext, persisted } => {
            let mut a = vec![repr_str(sqltext)];
            if let Some(p) = persisted {
                a.push(format!("persisted={}", py_bool(*p)));
            }
            format!("sa.Computed({})", a.join(", "))
        }
        Generated::Identity(id) => {
            let mut a = Vec::new();
            if id.always {
                a.push("always=True".to_string());
            }
            for (key, value) in [
                ("start", id.start),
                ("increment", id.increment),
                ("minvalue", id.minvalue),
                ("maxvalue", id.maxvalue),
                ("cache", id.cache),
            ] {
                if let Some(n) = value {
                    a.push(format!("{key}={n}"));
                }
            }
            if id.nominvalue {
                a.push("nominvalue=True".into());
            }
            if id.nomaxvalue {
                a.push("nomaxvalue=True".into());
            }
            if let Some(c) = id.cycle {
                a.push(format!("cycle={}", py_bool(c)));
            }
            format!("sa.Identity({})", a.join(", "))
        }
    }
}

/// Dialect options of an index, in the order SQLAlchemy keeps them
/// (grouped by dialect).
fn index_options(o: &IndexOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &o.postgresql_where {
        out.push(format!("postgresql_where=sa.text({})", repr_str(w)));
    }
    if let Some(u) = &o.postgresql_using {
        out.push(format!("postgresql_using={}", repr_str(u)));
    }
    if o.postgresql_concurrently {
        out.push("postgresql_concurrently=True".into());
    }
    if let Some(n) = o.postgresql_nulls_not_distinct {
        out.push(format!(
            "postgresql_nulls_not_distinct={}",
            if n { "True" } else { "False" }
        ));
    }
    if let Some(w) = &o.sqlite_where {
        out.push(format!("sqlite_where=sa.text({})", repr_str(w)));
    }
    if let Some(l) = o.mysql_length {
        out.push(format!("mysql_length={l}"));
    } else if !o.mysql_lengths.is_empty() {
        let pairs: Vec<String> = o
            .mysql_lengths
            .iter()
            .map(|(c, n)| format!("{}: {n}", repr_str(c)))
            .collect();
        out.push(format!("mysql_length={{{}}}", pairs.join(", ")));
    }
    out
}

/// `onupdate=`, `ondelete=`, `initially=`, `deferrable=`, `match=`, in
/// Alembic's order.
fn fk_actions(key: &ForeignKey) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(u) = &key.onupdate {
        out.push(format!("onupdate={}", repr_str(u)));
    }
    if let Some(d) = &key.ondelete {
        out.push(format!("ondelete={}", repr_str(d)));
    }
    if let Some(i) = &key.initially {
        out.push(format!("initially={}", repr_str(i)));
    }
    if let Some(d) = key.deferrable {
        out.push(format!("deferrable={}", py_bool(d)));
    }
    if let Some(m) = &key.match_ {
        out.push(format!("match={}", repr_str(m)));
    }
    out
}

/// `['schema.table.col', ...]`: the targets of a `sa.ForeignKeyConstraint`,
/// which are split at dots when read, so no part may hold one.
fn fk_targets(key: &ForeignKey) -> Result<Vec<String>, String> {
    let dotted = |what: &str, s: &str| -> Result<(), String> {
        if s.contains('.') {
            Err(format!(
                "the foreign key's {what} {s:?} holds a dot, which \"table.column\" targets cannot carry"
            ))
        } else {
            Ok(())
        }
    };
    dotted("referred table", &key.referent_table)?;
    if let Some(s) = &key.referent_schema {
        dotted("referred schema", s)?;
    }
    let mut out = Vec::with_capacity(key.referent_columns.len());
    for c in &key.referent_columns {
        dotted("referred column", c)?;
        out.push(match &key.referent_schema {
            Some(s) => format!("{s}.{}.{c}", key.referent_table),
            None => format!("{}.{c}", key.referent_table),
        });
    }
    if out.is_empty() {
        return Err("a foreign key without referred columns".into());
    }
    Ok(out)
}

/// Enum types are created in the default schema only (the evaluator reads no `schema=`).
fn enum_schema(op: &Op, schema: &Option<String>) -> Result<(), WriteError> {
    match schema {
        Some(s) => Err(error(
            op,
            format!(
                "an enum type in schema {s:?} (aludel reads sa.Enum(schema=...) as unsupported)"
            ),
        )),
        None => Ok(()),
    }
}
