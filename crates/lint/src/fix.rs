//! The safe rewrite of a fixable finding, as operations: what takes the
//! place of the flagged operation in its revision, and the revisions that
//! follow it (expand → backfill → contract). Writing them as Python is the
//! caller's (the revision writer's) job; everything here is for one
//! database, because the SQL of a batched backfill or a NOT VALID
//! constraint is that database's.

use aludel_core::ops::{AlterColumn, BatchAlterTable, ConstraintKind, Op, Recreate};
use aludel_core::schema::{Column, Index, IndexPart, SchemaState, SqlType};

use crate::finding::Finding;
use crate::target::Target;

/// Rows a batched backfill updates per statement.
pub const BATCH_ROWS: u32 = 1000;

/// A revision the fix adds after the fixed one.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// Its message (`-m`).
    pub message: String,
    /// A comment put above its upgrade operations.
    pub comment: Option<String>,
    /// `upgrade()`.
    pub upgrade: Vec<Op>,
    /// `downgrade()`.
    pub downgrade: Vec<Op>,
}

/// A downgrade operation to swap for others.
#[derive(Debug, Clone, PartialEq)]
pub struct DowngradeEdit {
    /// The operation as the downgrade has it now.
    pub find: Op,
    /// What takes its place.
    pub replace: Vec<Op>,
}

/// The whole rewrite of one finding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FixPlan {
    /// Replaces the flagged operation (`None`: it stays).
    pub replace: Option<Vec<Op>>,
    /// Goes first in `upgrade()`.
    pub prepend: Vec<Op>,
    /// A change to `downgrade()`.
    pub downgrade: Option<DowngradeEdit>,
    /// Revisions to add after this one, in order.
    pub follow_ups: Vec<FollowUp>,
    /// What the developer must still decide (e.g. the backfill value).
    pub notes: Vec<String>,
}

/// The rewrite for `finding` of operation `op`, with `state` the schema
/// just before it; `None` when this finding has none for `target`.
pub fn plan(finding: &Finding, op: &Op, state: &SchemaState, target: Target) -> Option<FixPlan> {
    let sql = Sql { target };
    match (finding.code, op) {
        (
            "AL101",
            Op::AddColumn {
                table,
                schema,
                column,
                ..
            },
        ) => required_column(&sql, table, schema, column, op),
        ("AL102", Op::AlterColumn(alter)) if target == Target::Postgresql => {
            let (check, name) = sql.not_null_check(&alter.table, &alter.schema, &alter.column);
            Some(FixPlan {
                replace: Some(vec![
                    check,
                    Op::Autocommit(vec![sql.validate(&alter.table, &alter.schema, &name)]),
                    op.clone(),
                    drop_check(&alter.table, &alter.schema, &name),
                ]),
                ..FixPlan::default()
            })
        }
        (
            "AL103",
            Op::CreateForeignKey {
                table, schema, key, ..
            },
        ) if target == Target::Postgresql => {
            let name = key
                .name
                .clone()
                .unwrap_or_else(|| format!("{table}_{}_fkey", key.columns.join("_")));
            let mut not_valid = op.clone();
            if let Op::CreateForeignKey {
                key,
                postgresql_not_valid,
                ..
            } = &mut not_valid
            {
                key.name = Some(name.clone());
                *postgresql_not_valid = true;
            }
            Some(FixPlan {
                replace: Some(vec![
                    not_valid,
                    Op::Autocommit(vec![sql.validate(table, schema, &name)]),
                ]),
                ..FixPlan::default()
            })
        }
        (
            "AL104",
            Op::CreateCheckConstraint {
                name,
                table,
                schema,
                ..
            },
        ) if target == Target::Postgresql => {
            let name = name.clone().unwrap_or_else(|| format!("{table}_check"));
            let mut not_valid = op.clone();
            if let Op::CreateCheckConstraint {
                name: n,
                postgresql_not_valid,
                ..
            } = &mut not_valid
            {
                *n = Some(name.clone());
                *postgresql_not_valid = true;
            }
            Some(FixPlan {
                replace: Some(vec![
                    not_valid,
                    Op::Autocommit(vec![sql.validate(table, schema, &name)]),
                ]),
                ..FixPlan::default()
            })
        }
        ("AL105", Op::CreateIndex { .. }) | ("AL107", Op::CreateIndex { .. }) => {
            let mut concurrent = op.clone();
            if let Op::CreateIndex { options, .. } = &mut concurrent {
                options.postgresql_concurrently = true;
            }
            Some(FixPlan {
                replace: Some(vec![Op::Autocommit(vec![concurrent])]),
                ..FixPlan::default()
            })
        }
        ("AL106", Op::DropIndex { .. }) | ("AL107", Op::DropIndex { .. }) => {
            let mut concurrent = op.clone();
            if let Op::DropIndex {
                postgresql_concurrently,
                ..
            } = &mut concurrent
            {
                *postgresql_concurrently = true;
            }
            Some(FixPlan {
                replace: Some(vec![Op::Autocommit(vec![concurrent])]),
                ..FixPlan::default()
            })
        }
        ("AL111", Op::AlterColumn(alter)) => rename_column(&sql, alter, state),
        ("AL117", _) => Some(FixPlan {
            prepend: vec![lock_timeout_op(target)],
            ..FixPlan::default()
        }),
        _ => None,
    }
}

/// The statement that sets a lock timeout of 5 s first (AL117's fix).
pub fn lock_timeout_op(target: Target) -> Op {
    Op::Execute {
        sql: Sql { target }.lock_timeout(),
    }
}

/// AL101: add it nullable here; backfill; set NOT NULL.
fn required_column(
    sql: &Sql,
    table: &str,
    schema: &Option<String>,
    column: &Column,
    op: &Op,
) -> Option<FixPlan> {
    let value = zero_value(&column.type_, sql.target)?;
    let mut nullable = op.clone();
    if let Op::AddColumn { column, .. } = &mut nullable {
        column.nullable = true;
    }
    let name = &column.name;
    let backfill = sql.batched_update(
        table,
        schema,
        &format!("{} = {value}", sql.q(name)),
        &format!("{} IS NULL", sql.q(name)),
    );
    let not_null = AlterColumn {
        table: table.to_string(),
        column: name.clone(),
        schema: schema.clone(),
        nullable: Some(false),
        existing_type: Some(column.type_.clone()),
        ..AlterColumn::default()
    };
    let back_to_null = AlterColumn {
        nullable: Some(true),
        ..not_null.clone()
    };
    let mut set_not_null = Vec::new();
    let not_null = sql.alter(Op::AlterColumn(Box::new(not_null)));
    let back_to_null = sql.alter(Op::AlterColumn(Box::new(back_to_null)));
    if sql.target == Target::Postgresql {
        let (check, check_name) = sql.not_null_check(table, schema, name);
        set_not_null.push(check);
        set_not_null.push(Op::Autocommit(vec![sql.validate(
            table,
            schema,
            &check_name,
        )]));
        set_not_null.push(not_null);
        set_not_null.push(drop_check(table, schema, &check_name));
    } else {
        set_not_null.push(not_null);
    }
    Some(FixPlan {
        replace: Some(vec![nullable]),
        follow_ups: vec![
            FollowUp {
                message: format!("backfill {table}.{name}"),
                comment: Some(format!(
                    "existing rows get {value}: change it to the value they should have"
                )),
                upgrade: vec![backfill],
                downgrade: Vec::new(),
            },
            FollowUp {
                message: format!("make {table}.{name} not null"),
                comment: None,
                upgrade: set_not_null,
                downgrade: vec![back_to_null],
            },
        ],
        notes: vec![format!(
            "the backfill gives existing rows of '{table}' {value} for '{name}'; edit the backfill revision if they need another value"
        )],
        ..FixPlan::default()
    })
}

/// AL111: add the new column, copy into it and index it like the old one
/// here (expand); drop the old one in a revision of its own (contract).
fn rename_column(sql: &Sql, alter: &AlterColumn, state: &SchemaState) -> Option<FixPlan> {
    let to = alter.new_column_name.as_ref()?;
    let old = &alter.column;
    let table_now = state.get(alter.schema.as_deref(), &alter.table);
    let current = table_now.and_then(|t| t.columns.iter().find(|c| &c.name == old));
    let type_ = alter
        .existing_type
        .clone()
        .or_else(|| current.map(|c| c.type_.clone()))?;
    let (table, schema) = (&alter.table, &alter.schema);
    let column = |name: &str| {
        let mut c = Column::new(name, type_.clone());
        c.nullable = true;
        c
    };
    let add = |name: &str| Op::AddColumn {
        table: table.clone(),
        schema: schema.clone(),
        column: column(name),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    let drop = |name: &str| Op::DropColumn {
        table: table.clone(),
        schema: schema.clone(),
        column: name.to_string(),
        if_exists: false,
    };
    let copy = |from: &str, into: &str| {
        sql.batched_update(
            table,
            schema,
            &format!("{} = {}", sql.q(into), sql.q(from)),
            &format!("{} IS NULL AND {} IS NOT NULL", sql.q(into), sql.q(from)),
        )
    };
    // The old column's indexes, and the same ones over the new column (the
    // rename would have carried them over).
    let old_indexes: Vec<Index> = table_now
        .map(|t| {
            t.indexes
                .iter()
                .filter(|i| i.name.is_some() && i.parts.contains(&IndexPart::Column(old.clone())))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let new_indexes: Vec<Index> = old_indexes
        .iter()
        .map(|index| {
            let name = index.name.clone().unwrap_or_default();
            let renamed = if name.contains(old.as_str()) {
                name.replacen(old.as_str(), to, 1)
            } else {
                format!("{name}_{to}")
            };
            Index {
                name: Some(renamed),
                parts: index
                    .parts
                    .iter()
                    .map(|p| match p {
                        IndexPart::Column(c) if c == old => IndexPart::Column(to.clone()),
                        other => other.clone(),
                    })
                    .collect(),
                ..index.clone()
            }
        })
        .collect();
    let create = |index: &Index| sql.create_index(table, schema, index);
    let drop_index = |index: &Index| Op::DropIndex {
        name: index.name.clone().unwrap_or_default(),
        table: Some(table.clone()),
        schema: schema.clone(),
        if_exists: false,
        postgresql_concurrently: false,
    };
    let inverse = Op::AlterColumn(Box::new(AlterColumn {
        table: table.clone(),
        column: to.clone(),
        schema: schema.clone(),
        new_column_name: Some(old.clone()),
        ..AlterColumn::default()
    }));
    let mut expand = vec![add(to), copy(old, to)];
    expand.extend(new_indexes.iter().map(create));
    let mut undo_expand: Vec<Op> = new_indexes.iter().map(drop_index).collect();
    undo_expand.push(drop(to));
    let mut contract: Vec<Op> = old_indexes
        .iter()
        .map(|index| sql.concurrently(drop_index(index)))
        .collect();
    contract.push(drop(old));
    let mut undo_contract = vec![add(old), copy(to, old)];
    undo_contract.extend(old_indexes.iter().map(create));
    Some(FixPlan {
        replace: Some(expand),
        downgrade: Some(DowngradeEdit {
            find: inverse,
            replace: undo_expand,
        }),
        follow_ups: vec![FollowUp {
            message: format!("drop {table}.{old} after the rename to {to}"),
            comment: Some(format!(
                "apply once every running release reads and writes '{to}' instead of '{old}'"
            )),
            upgrade: contract,
            downgrade: undo_contract,
        }],
        notes: vec![format!(
            "until the contract revision runs, the application must write both '{old}' and '{to}' (or copy again before it); constraints on '{old}' other than indexes are not carried over"
        )],
        ..FixPlan::default()
    })
}

fn drop_check(table: &str, schema: &Option<String>, name: &str) -> Op {
    Op::DropConstraint {
        name: name.to_string(),
        table: table.to_string(),
        schema: schema.clone(),
        type_: Some(ConstraintKind::Check),
        if_exists: false,
    }
}

/// A value every row can take when the developer has not said one: the
/// type's zero. `None` for types without an obvious one (UUIDs, JSON...).
fn zero_value(ty: &SqlType, target: Target) -> Option<&'static str> {
    use SqlType::*;
    Some(match ty {
        Integer | BigInteger | SmallInteger | Float { .. } | Double | Numeric { .. } => "0",
        String { .. } | Text { .. } | Unicode { .. } | UnicodeText | AutoString { .. } => "''",
        Boolean if target == Target::Postgresql => "false",
        Boolean => "0",
        DateTime { .. } | UtcDateTime => "CURRENT_TIMESTAMP",
        Date => "CURRENT_DATE",
        _ => return None,
    })
}

/// SQL for one database.
struct Sql {
    target: Target,
}

impl Sql {
    /// An `ALTER` of a column as the database can run it: SQLite only in a
    /// `batch_alter_table` block (a rebuild), as Alembic requires there.
    fn alter(&self, op: Op) -> Op {
        let Op::AlterColumn(alter) = &op else {
            return op;
        };
        if self.target != Target::Sqlite {
            return op;
        }
        Op::Batch(Box::new(BatchAlterTable {
            table: alter.table.clone(),
            schema: alter.schema.clone(),
            recreate: Recreate::Auto,
            ops: vec![op],
            placements: Vec::new(),
            naming_convention: Vec::new(),
        }))
    }

    fn q(&self, name: &str) -> String {
        self.target.kind().dialect().quote(name)
    }

    fn table(&self, table: &str, schema: &Option<String>) -> String {
        match schema {
            Some(s) => format!("{}.{}", self.q(s), self.q(table)),
            None => self.q(table),
        }
    }

    fn lock_timeout(&self) -> String {
        match self.target {
            Target::Postgresql => "SET lock_timeout = '5s'".to_string(),
            _ => "SET SESSION lock_wait_timeout = 5".to_string(),
        }
    }

    /// An index created as the database builds it without blocking
    /// writes: CONCURRENTLY outside the transaction on PostgreSQL.
    fn create_index(&self, table: &str, schema: &Option<String>, index: &Index) -> Op {
        let mut options = index.options.clone();
        let concurrently = self.target == Target::Postgresql;
        options.postgresql_concurrently = concurrently;
        let op = Op::CreateIndex {
            name: index.name.clone().unwrap_or_default(),
            table: table.to_string(),
            schema: schema.clone(),
            parts: index.parts.clone(),
            unique: index.unique,
            if_not_exists: false,
            options,
        };
        if concurrently {
            Op::Autocommit(vec![op])
        } else {
            op
        }
    }

    /// A DROP INDEX as the database runs it without blocking: CONCURRENTLY
    /// outside the transaction on PostgreSQL.
    fn concurrently(&self, op: Op) -> Op {
        match op {
            Op::DropIndex {
                name,
                table,
                schema,
                if_exists,
                ..
            } if self.target == Target::Postgresql => Op::Autocommit(vec![Op::DropIndex {
                name,
                table,
                schema,
                if_exists,
                postgresql_concurrently: true,
            }]),
            other => other,
        }
    }

    /// `ADD CONSTRAINT <name> CHECK (<col> IS NOT NULL) NOT VALID`.
    fn not_null_check(&self, table: &str, schema: &Option<String>, column: &str) -> (Op, String) {
        let mut name = format!("ck_{table}_{column}_not_null");
        name.truncate(63);
        let op = Op::Execute {
            sql: format!(
                "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID",
                self.table(table, schema),
                self.q(&name),
                self.q(column)
            ),
        };
        (op, name)
    }

    fn validate(&self, table: &str, schema: &Option<String>, name: &str) -> Op {
        Op::Execute {
            sql: format!(
                "ALTER TABLE {} VALIDATE CONSTRAINT {}",
                self.table(table, schema),
                self.q(name)
            ),
        }
    }

    /// `UPDATE table SET <set> WHERE <pending>` in batches of
    /// [`BATCH_ROWS`], each committed on its own (outside the migration's
    /// transaction), until no row is pending. PostgreSQL loops in a DO
    /// block, MariaDB in a compound statement; MySQL has neither outside a
    /// stored procedure and SQLite has one writer anyway: one statement.
    fn batched_update(&self, table: &str, schema: &Option<String>, set: &str, pending: &str) -> Op {
        let t = self.table(table, schema);
        let n = BATCH_ROWS;
        match self.target {
            Target::Postgresql => Op::Autocommit(vec![Op::Execute {
                sql: format!(
                    "DO $$\nBEGIN\n  LOOP\n    UPDATE {t} SET {set} WHERE ctid IN (SELECT ctid FROM {t} WHERE {pending} LIMIT {n});\n    EXIT WHEN NOT FOUND;\n    COMMIT;\n  END LOOP;\nEND $$"
                ),
            }]),
            Target::Mariadb => Op::Autocommit(vec![Op::Execute {
                sql: format!(
                    "BEGIN NOT ATOMIC\n  REPEAT\n    UPDATE {t} SET {set} WHERE {pending} LIMIT {n};\n  UNTIL ROW_COUNT() = 0 END REPEAT;\nEND"
                ),
            }]),
            Target::Mysql | Target::Sqlite => Op::Execute {
                sql: format!("UPDATE {t} SET {set} WHERE {pending}"),
            },
        }
    }
}
