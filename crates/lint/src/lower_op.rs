//! Operations → [`Change`]s, against the schema as it stands before each
//! operation (the caller replays them in order).

use std::collections::HashSet;

use aludel_core::ops::{AlterColumn, Op};
use aludel_core::schema::{Column, Constraint, Generated, SchemaState, ServerDefault};

use crate::change::{Change, ChangeKind, NewColumn, Origin, TableRef};
use crate::lower_sql;
use crate::target::Target;
use crate::types::TypeFacts;

/// What lowering knows while it walks one revision.
pub struct Lowering<'a> {
    /// The schema before the operation being lowered.
    pub state: &'a SchemaState,
    /// Tables this revision created so far (empty, so nothing to lock).
    pub created: &'a mut HashSet<(Option<String>, String)>,
    /// The database.
    pub target: Target,
    /// Index of the top-level operation.
    pub op_index: usize,
}

impl Lowering<'_> {
    /// The changes of `op` (top level: inside the migration's transaction).
    pub fn lower(&mut self, op: &Op) -> Vec<Change> {
        let mut out = Vec::new();
        self.lower_into(op, true, &mut out);
        out
    }

    fn change(&self, kind: ChangeKind, table: TableRef, in_transaction: bool) -> Change {
        let existing = !self
            .created
            .contains(&(table.schema.clone(), table.name.clone()));
        Change {
            kind,
            table: Some(table),
            existing,
            in_transaction,
            origin: Origin::Operation,
            op_index: self.op_index,
        }
    }

    fn lower_into(&mut self, op: &Op, in_transaction: bool, out: &mut Vec<Change>) {
        let sqlite = self.target == Target::Sqlite;
        if sqlite && aludel_core::dialect::rebuilds_on_sqlite(op) {
            if let Some(table) = op_table(op) {
                out.push(self.change(ChangeKind::Rebuild, table, in_transaction));
            }
        }
        match op {
            Op::CreateTable { table, schema, .. } => {
                let table = table_ref(schema, table);
                out.push(self.change(ChangeKind::CreateTable, table.clone(), in_transaction));
                self.created.insert((table.schema, table.name));
            }
            Op::DropTable { table, schema, .. } => out.push(self.change(
                ChangeKind::DropTable,
                table_ref(schema, table),
                in_transaction,
            )),
            Op::RenameTable {
                table,
                new_name,
                schema,
            } => out.push(self.change(
                ChangeKind::RenameTable {
                    to: new_name.clone(),
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::AddColumn {
                table,
                schema,
                column,
                ..
            } => {
                let new = self.new_column(column);
                out.push(self.change(
                    ChangeKind::AddColumn(new),
                    table_ref(schema, table),
                    in_transaction,
                ));
            }
            Op::DropColumn {
                table,
                schema,
                column,
                ..
            } => out.push(self.change(
                ChangeKind::DropColumn {
                    column: column.clone(),
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::AlterColumn(alter) => self.lower_alter(alter, in_transaction, out),
            Op::CreateIndex {
                name,
                table,
                schema,
                unique,
                options,
                ..
            } => out.push(self.change(
                ChangeKind::CreateIndex {
                    name: name.clone(),
                    unique: *unique,
                    concurrently: options.postgresql_concurrently,
                    copies_table: false,
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::DropIndex {
                name,
                table,
                schema,
                postgresql_concurrently,
                ..
            } => {
                let table = match table {
                    Some(t) => table_ref(schema, t),
                    None => self
                        .table_of_index(schema.as_deref(), name)
                        .unwrap_or_else(|| table_ref(schema, "")),
                };
                out.push(self.change(
                    ChangeKind::DropIndex {
                        name: name.clone(),
                        concurrently: *postgresql_concurrently,
                    },
                    table,
                    in_transaction,
                ));
            }
            Op::CreateUniqueConstraint {
                name,
                table,
                schema,
                ..
            } => out.push(self.change(
                ChangeKind::AddUnique {
                    name: name.clone(),
                    using_index: false,
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::CreateForeignKey {
                table,
                schema,
                key,
                postgresql_not_valid,
            } => out.push(self.change(
                ChangeKind::AddForeignKey {
                    name: key.name.clone(),
                    not_valid: *postgresql_not_valid && self.target == Target::Postgresql,
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::CreateCheckConstraint {
                name,
                table,
                schema,
                sqltext,
                postgresql_not_valid,
            } => out.push(self.change(
                ChangeKind::AddCheck {
                    name: name.clone(),
                    not_valid: *postgresql_not_valid && self.target == Target::Postgresql,
                    condition: sqltext.clone(),
                },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::CreatePrimaryKey { table, schema, .. } => out.push(self.change(
                ChangeKind::AddPrimaryKey { using_index: false },
                table_ref(schema, table),
                in_transaction,
            )),
            Op::Execute { sql } => {
                for mut change in lower_sql::lower(sql, self.target) {
                    if let Some(table) = &change.table {
                        let key = (table.schema.clone(), table.name.clone());
                        change.existing = !self.created.contains(&key);
                        if change.kind == ChangeKind::CreateTable {
                            self.created.insert(key);
                        }
                    }
                    change.in_transaction = in_transaction;
                    change.op_index = self.op_index;
                    if let (ChangeKind::AlterType { column, from, .. }, Some(table)) =
                        (&mut change.kind, &change.table)
                    {
                        if from.is_none() {
                            *from = self
                                .column(table, column)
                                .map(|c| TypeFacts::of(&c.type_, self.target));
                        }
                    }
                    if let (ChangeKind::SetNotNull { column, .. }, Some(table)) =
                        (&change.kind, &change.table)
                    {
                        if self.column(table, column).is_some_and(|c| !c.nullable) {
                            continue;
                        }
                    }
                    out.push(change);
                }
            }
            Op::Batch(batch) => {
                for inner in &batch.ops {
                    let mut changes = Vec::new();
                    self.lower_into(inner, in_transaction, &mut changes);
                    // A rebuilt SQLite table is reported once, for the block.
                    out.extend(
                        changes
                            .into_iter()
                            .filter(|c| c.kind != ChangeKind::Rebuild),
                    );
                }
            }
            Op::Autocommit(ops) => {
                for inner in ops {
                    self.lower_into(inner, false, out);
                }
            }
            Op::DropConstraint { .. }
            | Op::CreateTableComment { .. }
            | Op::DropTableComment { .. }
            | Op::CreateEnum { .. }
            | Op::DropEnum { .. }
            | Op::BulkInsert { .. } => {}
        }
    }

    fn lower_alter(&self, alter: &AlterColumn, in_transaction: bool, out: &mut Vec<Change>) {
        let table = table_ref(&alter.schema, &alter.table);
        let current = self
            .state
            .get(alter.schema.as_deref(), &alter.table)
            .and_then(|t| t.columns.iter().find(|c| c.name == alter.column));
        // On SQLite the rebuild is the finding; the column facts go with it.
        let sqlite = self.target == Target::Sqlite;
        if alter.nullable == Some(false) && !sqlite {
            let was_nullable = alter
                .existing_nullable
                .or(current.map(|c| c.nullable))
                .unwrap_or(true);
            if was_nullable {
                out.push(self.change(
                    ChangeKind::SetNotNull {
                        column: alter.column.clone(),
                        proven_by_check: self.not_null_checked(alter),
                    },
                    table.clone(),
                    in_transaction,
                ));
            }
        }
        if let Some(to) = &alter.type_ {
            if !sqlite {
                let from = alter
                    .existing_type
                    .as_ref()
                    .or(current.map(|c| &c.type_))
                    .map(|t| TypeFacts::of(t, self.target));
                out.push(self.change(
                    ChangeKind::AlterType {
                        column: alter.column.clone(),
                        from,
                        to: TypeFacts::of(to, self.target),
                    },
                    table.clone(),
                    in_transaction,
                ));
            }
        }
        if let Some(to) = &alter.new_column_name {
            out.push(self.change(
                ChangeKind::RenameColumn {
                    column: alter.column.clone(),
                    to: to.clone(),
                },
                table,
                in_transaction,
            ));
        }
    }

    /// A CHECK `<column> IS NOT NULL` on the table already.
    fn not_null_checked(&self, alter: &AlterColumn) -> bool {
        self.state
            .get(alter.schema.as_deref(), &alter.table)
            .is_some_and(|t| {
                t.constraints.iter().any(|c| match c {
                    Constraint::Check { sqltext, .. } => {
                        is_not_null_check(sqltext).as_deref() == Some(alter.column.as_str())
                    }
                    _ => false,
                })
            })
    }

    fn new_column(&self, column: &Column) -> NewColumn {
        NewColumn {
            name: column.name.clone(),
            type_: TypeFacts::of(&column.type_, self.target),
            nullable: column.nullable && !column.primary_key,
            default: column.server_default.as_ref().map(default_sql),
            references: !column.foreign_keys.is_empty(),
            unique: column.unique,
            primary_key: column.primary_key,
            generated: matches!(column.generated, Some(Generated::Computed { .. })),
        }
    }

    fn column(&self, table: &TableRef, column: &str) -> Option<&Column> {
        self.state
            .get(table.schema.as_deref(), &table.name)
            .and_then(|t| t.columns.iter().find(|c| c.name == column))
    }

    fn table_of_index(&self, schema: Option<&str>, name: &str) -> Option<TableRef> {
        self.state
            .tables()
            .find(|t| {
                t.schema.as_deref() == schema
                    && t.indexes.iter().any(|i| i.name.as_deref() == Some(name))
            })
            .map(|t| table_ref(&t.schema, &t.name))
    }
}

/// The column a `CHECK (<column> IS NOT NULL)` condition is about.
pub fn is_not_null_check(condition: &str) -> Option<String> {
    let text: String = condition
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '"' | '`'))
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [column, is, not, null]
            if is.eq_ignore_ascii_case("is")
                && not.eq_ignore_ascii_case("not")
                && null.eq_ignore_ascii_case("null") =>
        {
            Some(column.to_string())
        }
        _ => None,
    }
}

/// A server default as SQL text.
fn default_sql(default: &ServerDefault) -> String {
    match default {
        ServerDefault::Literal(text) => format!("'{}'", text.replace('\'', "''")),
        ServerDefault::Text(sql) => sql.clone(),
        ServerDefault::Func { name, args } => format!("{name}({})", args.join(", ")),
    }
}

fn table_ref(schema: &Option<String>, name: &str) -> TableRef {
    TableRef {
        schema: schema.clone(),
        name: name.to_string(),
    }
}

/// The table an operation changes, for the rebuild finding.
fn op_table(op: &Op) -> Option<TableRef> {
    match op {
        Op::Batch(b) => Some(table_ref(&b.schema, &b.table)),
        Op::AlterColumn(a) => Some(table_ref(&a.schema, &a.table)),
        Op::AddColumn { table, schema, .. }
        | Op::CreateUniqueConstraint { table, schema, .. }
        | Op::CreateForeignKey { table, schema, .. }
        | Op::CreateCheckConstraint { table, schema, .. }
        | Op::CreatePrimaryKey { table, schema, .. }
        | Op::DropConstraint { table, schema, .. } => Some(table_ref(schema, table)),
        _ => None,
    }
}
