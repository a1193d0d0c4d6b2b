//! The planner: walks both schemas and collects each difference as a unit
//! of upgrade and downgrade operations, in phases whose order keeps every
//! statement valid where it runs:
//!
//! 1. enum types created or given new values (columns use them later);
//! 2. foreign keys dropped from kept tables (nothing may still refer to a
//!    column or table about to go);
//! 3. removed tables, referring tables first;
//! 4. kept tables: their columns, indexes, unique and check constraints;
//! 5. new tables, referred tables first;
//! 6. foreign keys added to kept tables (their referents now exist);
//! 7. enum types no longer used.
//!
//! The downgrade runs the units backwards, each unit's own downgrade
//! operations in their order, so every phase's undo finds the schema its
//! upgrade started from.

use super::changes::{Change, ChangeKind};
use super::order::creation_order;
use super::{Diff, DiffOptions};
use crate::dialect::Dialect;
use crate::ops::Op;
use crate::schema::{Column, Constraint, PostgresqlType, SchemaState, SqlType, Table};

/// The phases, in upgrade order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Phase {
    EnumsCreated,
    ForeignKeysDropped,
    TablesRemoved,
    TablesChanged,
    TablesAdded,
    ForeignKeysAdded,
    EnumsDropped,
}

const PHASES: usize = 7;

/// One difference's operations both ways.
#[derive(Debug, Default)]
pub(super) struct Unit {
    pub(super) up: Vec<Op>,
    pub(super) down: Vec<Op>,
    pub(super) changes: Vec<Change>,
}

/// One comparison in progress.
pub(super) struct Planner<'a> {
    pub(super) desired: &'a SchemaState,
    pub(super) actual: &'a SchemaState,
    pub(super) options: &'a DiffOptions<'a>,
    pub(super) d: &'a dyn Dialect,
    phases: [Vec<Unit>; PHASES],
    pub(super) notes: Vec<String>,
}

impl<'a> Planner<'a> {
    pub(super) fn new(
        desired: &'a SchemaState,
        actual: &'a SchemaState,
        options: &'a DiffOptions<'a>,
    ) -> Self {
        Planner {
            desired,
            actual,
            options,
            d: options.dialect,
            phases: Default::default(),
            notes: Vec::new(),
        }
    }

    /// Adds a unit to `phase`; empty units are dropped.
    pub(super) fn push(&mut self, phase: Phase, unit: Unit) {
        if unit.up.is_empty() && unit.down.is_empty() && unit.changes.is_empty() {
            return;
        }
        self.phases[phase as usize].push(unit);
    }

    pub(super) fn run(mut self) -> Diff {
        self.enums_created();
        let added: Vec<&Table> = self
            .desired
            .tables()
            .filter(|t| self.actual.get(t.schema.as_deref(), &t.name).is_none())
            .collect();
        let removed: Vec<&Table> = self
            .actual
            .tables()
            .filter(|t| self.desired.get(t.schema.as_deref(), &t.name).is_none())
            .collect();
        let kept: Vec<(&Table, &Table)> = self
            .desired
            .tables()
            .filter_map(|t| {
                self.actual
                    .get(t.schema.as_deref(), &t.name)
                    .map(|a| (t, a))
            })
            .collect();
        for (want, have) in &kept {
            self.compare_foreign_keys(want, have);
        }
        self.tables_removed(&removed);
        for (want, have) in &kept {
            self.compare_table(want, have);
        }
        self.tables_added(&added);
        self.enums_dropped();
        self.finish()
    }

    fn finish(self) -> Diff {
        let mut diff = Diff {
            notes: self.notes,
            ..Diff::default()
        };
        for phase in &self.phases {
            for unit in phase {
                diff.upgrade.extend(unit.up.iter().cloned());
                diff.changes.extend(unit.changes.iter().cloned());
            }
        }
        for phase in self.phases.iter().rev() {
            for unit in phase.iter().rev() {
                diff.downgrade.extend(unit.down.iter().cloned());
            }
        }
        diff
    }

    /// A column as an operation writes it: on PostgreSQL a named native
    /// enum is `postgresql.ENUM(..., create_type=False)`, because the diff
    /// creates and drops enum types itself (once, where they are needed)
    /// and `create_table` must not try again.
    pub(super) fn op_column(&self, column: &Column) -> Column {
        let mut c = column.clone();
        if self.d.has_enum_types() {
            c.type_ = op_type(&c.type_);
        }
        c
    }

    /// A table's `create_table` and `create_index` operations; on
    /// databases whose foreign keys make indexes, with the foreign keys
    /// added after the indexes when `keys_after_indexes` (so a recreated
    /// table gets its indexes under their own names, not InnoDB's).
    pub(super) fn create_table_ops(&self, table: &Table, keys_after_indexes: bool) -> Vec<Op> {
        let split = keys_after_indexes && self.d.foreign_keys_make_indexes();
        let constraints: Vec<Constraint> = table
            .constraints
            .iter()
            .filter(|c| !(split && matches!(c, Constraint::ForeignKey(_))))
            .cloned()
            .collect();
        let mut ops = vec![Op::CreateTable {
            table: table.name.clone(),
            schema: table.schema.clone(),
            columns: table.columns.iter().map(|c| self.op_column(c)).collect(),
            constraints,
            comment: table.comment.clone(),
            if_not_exists: false,
        }];
        for index in &table.indexes {
            if let Some(op) = super::keys::create_index_op(table, index) {
                ops.push(op);
            }
        }
        if split {
            for c in &table.constraints {
                if let Constraint::ForeignKey(fk) = c {
                    ops.push(Op::CreateForeignKey {
                        table: table.name.clone(),
                        schema: table.schema.clone(),
                        key: fk.clone(),
                        postgresql_not_valid: false,
                    });
                }
            }
        }
        ops
    }

    fn tables_added(&mut self, added: &[&Table]) {
        let (ordered, cyclic) = creation_order(added);
        for table in ordered {
            let unit = Unit {
                up: self.create_table_ops(table, false),
                down: vec![drop_table(table)],
                changes: vec![table_change(ChangeKind::AddTable, table)],
            };
            self.push(Phase::TablesAdded, unit);
        }
        // Tables that refer to each other in a cycle: created without the
        // keys, which are added once all of them exist.
        for table in &cyclic {
            let mut bare = (*table).clone();
            bare.constraints
                .retain(|c| !matches!(c, Constraint::ForeignKey(_)));
            let unit = Unit {
                up: self.create_table_ops(&bare, false),
                down: vec![drop_table(table)],
                changes: vec![table_change(ChangeKind::AddTable, table)],
            };
            self.push(Phase::TablesAdded, unit);
        }
        for table in &cyclic {
            let mut unit = Unit::default();
            let mut taken: Vec<String> = Vec::new();
            for c in &table.constraints {
                if let Constraint::ForeignKey(fk) = c {
                    unit.up.push(Op::CreateForeignKey {
                        table: table.name.clone(),
                        schema: table.schema.clone(),
                        key: fk.clone(),
                        postgresql_not_valid: false,
                    });
                    let name = self.dropped_name(
                        table,
                        fk.name.as_deref(),
                        crate::ops::ConstraintKind::ForeignKey,
                        &fk.columns,
                        &mut taken,
                    );
                    if let Some(name) = name {
                        unit.down.insert(
                            0,
                            Op::DropConstraint {
                                name,
                                table: table.name.clone(),
                                schema: table.schema.clone(),
                                type_: Some(crate::ops::ConstraintKind::ForeignKey),
                                if_exists: false,
                            },
                        );
                    }
                }
            }
            self.push(Phase::TablesAdded, unit);
        }
    }

    fn tables_removed(&mut self, removed: &[&Table]) {
        let (mut ordered, cyclic) = creation_order(removed);
        if !cyclic.is_empty() {
            let names: Vec<String> = cyclic.iter().map(|t| qualified(t)).collect();
            self.notes.push(format!(
                "tables {} refer to each other in a cycle: drop their foreign keys before the tables if the database refuses",
                names.join(", ")
            ));
            ordered.extend(cyclic);
        }
        // Referring tables go first; the downgrade recreates them last.
        for table in ordered.into_iter().rev() {
            let unit = Unit {
                up: vec![drop_table(table)],
                down: self.create_table_ops(table, true),
                changes: vec![table_change(ChangeKind::RemoveTable, table)],
            };
            self.push(Phase::TablesRemoved, unit);
        }
    }

    /// The name a downgrade drops a constraint by: its own when it has
    /// one, else the one the database gives it (`taken` collects the names
    /// given so far, so a second unnamed key gets the next number).
    pub(super) fn dropped_name(
        &self,
        table: &Table,
        name: Option<&str>,
        kind: crate::ops::ConstraintKind,
        columns: &[String],
        taken: &mut Vec<String>,
    ) -> Option<String> {
        if let Some(n) = name {
            return Some(n.to_string());
        }
        if let Some(n) = self.convention_name(table, kind, columns) {
            return Some(n);
        }
        let mut all = names_in(table);
        all.extend(taken.iter().cloned());
        let n = self
            .d
            .implicit_constraint_name(kind, &table.name, columns, &all)?;
        taken.push(n.clone());
        Some(n)
    }

    /// The name env.py's naming convention gives an unnamed constraint of
    /// `kind` on `columns` (a foreign key's referent is the table's key
    /// on those columns).
    pub(super) fn convention_name(
        &self,
        table: &Table,
        kind: crate::ops::ConstraintKind,
        columns: &[String],
    ) -> Option<String> {
        use crate::naming::{ConventionKind, NameParts};
        use crate::ops::ConstraintKind as K;
        let convention = self.options.naming_convention?;
        let convention_kind = match kind {
            K::ForeignKey => ConventionKind::ForeignKey,
            K::Unique => ConventionKind::Unique,
            K::Primary => ConventionKind::PrimaryKey,
            K::Check => return None,
        };
        let referent = table.constraints.iter().find_map(|c| match c {
            Constraint::ForeignKey(fk) if kind == K::ForeignKey && fk.columns == columns => {
                Some(fk)
            }
            _ => None,
        });
        let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
        let parts = NameParts {
            table: &table.name,
            schema: table.schema.as_deref(),
            keys: cols.clone(),
            columns: cols,
            name: None,
            referred_table: referent.map(|fk| fk.referent_table.as_str()),
            referred_columns: referent
                .map(|fk| fk.referent_columns.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        };
        convention
            .apply(convention_kind, &parts, self.d.kind())
            .ok()
            .flatten()
    }

    /// The columns of `state` whose type is the enum type `schema.name`.
    /// An enum type lives in the default schema: `sa.Enum` has no schema
    /// of its own here, and the model reader refuses `inherit_schema`.
    pub(super) fn enum_users<'t>(
        &self,
        state: &'t SchemaState,
        schema: Option<&str>,
        name: &str,
    ) -> Vec<(&'t Table, &'t Column)> {
        let mut out = Vec::new();
        for t in state.tables() {
            for c in &t.columns {
                if let Some(e) = c.type_.as_enum() {
                    if e.native_enum && e.name.as_deref() == Some(name) && schema.is_none() {
                        out.push((t, c));
                    }
                }
            }
        }
        out
    }
}

/// `ty` with named native enums as `postgresql.ENUM(create_type=False)`.
fn op_type(ty: &SqlType) -> SqlType {
    match ty {
        SqlType::Enum(e) | SqlType::Postgresql(PostgresqlType::Enum(e))
            if e.native_enum && e.name.is_some() =>
        {
            let mut e = e.clone();
            e.create_type = false;
            SqlType::Postgresql(PostgresqlType::Enum(e))
        }
        SqlType::Array(item) => SqlType::Array(Box::new(op_type(item))),
        SqlType::Postgresql(PostgresqlType::Array(item)) => {
            SqlType::Postgresql(PostgresqlType::Array(Box::new(op_type(item))))
        }
        other => other.clone(),
    }
}

/// Every constraint and index name of `table`.
pub(super) fn names_in(table: &Table) -> Vec<String> {
    let mut out: Vec<String> = table
        .constraints
        .iter()
        .filter_map(|c| crate::schema::constraint_name(c).map(str::to_string))
        .collect();
    out.extend(table.indexes.iter().filter_map(|i| i.name.clone()));
    out
}

/// `schema.table` or `table`.
pub(super) fn qualified(table: &Table) -> String {
    match &table.schema {
        Some(s) => format!("{s}.{}", table.name),
        None => table.name.clone(),
    }
}

fn drop_table(table: &Table) -> Op {
    Op::DropTable {
        table: table.name.clone(),
        schema: table.schema.clone(),
        if_exists: false,
    }
}

fn table_change(kind: ChangeKind, table: &Table) -> Change {
    Change {
        kind,
        schema: table.schema.clone(),
        table: Some(table.name.clone()),
        name: None,
        from: None,
        to: None,
    }
}

/// A change on a table's column, index or constraint.
pub(super) fn change_on(
    kind: ChangeKind,
    table: &Table,
    name: Option<&str>,
    from: Option<String>,
    to: Option<String>,
) -> Change {
    Change {
        kind,
        schema: table.schema.clone(),
        table: Some(table.name.clone()),
        name: name.map(str::to_string),
        from,
        to,
    }
}
