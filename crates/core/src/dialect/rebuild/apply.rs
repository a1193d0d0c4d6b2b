//! The table being rebuilt, as Alembic's `ApplyBatchImpl` tracks it: the
//! original table's columns (kept under their original names as keys, so a
//! renamed column is still selected from its old name), the constraints and
//! indexes to carry over, and what the batch's operations change.

use super::affinity::{affinity, Affinity};
use super::order;
use crate::dialect::{Dialect, RenderError};
use crate::ops::{AlterColumn, ColumnPlacement, ConstraintKind, Op};
use crate::schema::{
    constraint_columns, constraint_name, Column, Constraint, Index, IndexPart, Table,
};

/// One column of the new table.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The column's name in the original table (for added columns: its name).
    pub(crate) key: String,
    /// The column as the new table declares it.
    pub(crate) column: Column,
    /// What the INSERT ... SELECT reads for it: `None` for an added column.
    pub(crate) source: Option<Source>,
    /// True when the column's type is the original one, so a type-bound
    /// CHECK (a non-native enum's) is regenerated from it.
    pub(crate) original_type: bool,
}

/// How a kept column is read from the old table.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// CAST target types, innermost first (one per type change across families).
    pub(crate) casts: Vec<String>,
}

/// A constraint to carry into the new table. Its columns are keys: names
/// before the batch. SQLAlchemy copies every constraint onto the new table
/// by column key, so those of renamed columns render under the new name,
/// and one naming a column by its new name is left out (no such key).
#[derive(Debug, Clone)]
pub(crate) struct Carried {
    /// The constraint.
    pub(crate) constraint: Constraint,
}

/// The state of a rebuild while the batch's operations are applied.
#[derive(Debug, Clone)]
pub(crate) struct BatchTable {
    /// The original table.
    pub(crate) original: Table,
    /// The columns of the new table.
    pub(crate) slots: Vec<Slot>,
    /// Original column keys still present, in original order.
    existing_ordering: Vec<String>,
    /// Ordering pairs from `insert_before=` / `insert_after=` and added columns.
    add_ordering: Vec<(String, String)>,
    /// The primary key: name and column keys.
    pub(crate) primary_key: Option<(Option<String>, Vec<String>)>,
    /// Named constraints other than the primary key, in order.
    pub(crate) named: Vec<Carried>,
    /// Unnamed constraints other than the primary key, in order.
    pub(crate) unnamed: Vec<Carried>,
    /// The original table's indexes still wanted.
    pub(crate) indexes: Vec<Index>,
    /// Indexes the batch creates.
    pub(crate) new_indexes: Vec<Index>,
    /// Indexes of added `index=True` columns, which SQLAlchemy creates with
    /// the temporary table (named after it) before Alembic creates them
    /// again under the real name: the table ends up with both.
    pub(crate) temp_indexes: Vec<Index>,
    /// Table comment after the batch.
    pub(crate) comment: Option<String>,
}

impl BatchTable {
    /// Starts from `table`; `reflected` leaves out unnamed CHECK constraints
    /// as Alembic does for a reflected table (it cannot tell them from a
    /// type's own).
    pub(crate) fn new(table: &Table, reflected: bool) -> Self {
        let slots = table
            .columns
            .iter()
            .map(|c| Slot {
                key: c.name.clone(),
                column: c.clone(),
                source: Some(Source { casts: Vec::new() }),
                original_type: true,
            })
            .collect();
        let mut primary_key = None;
        let mut named = Vec::new();
        let mut unnamed = Vec::new();
        for c in &table.constraints {
            match c {
                Constraint::PrimaryKey { name, columns } => {
                    primary_key = Some((name.clone(), columns.clone()));
                }
                Constraint::Check { name: None, .. } if reflected => {}
                _ => {
                    let carried = Carried {
                        constraint: c.clone(),
                    };
                    if constraint_name(c).is_some() {
                        named.push(carried);
                    } else {
                        unnamed.push(carried);
                    }
                }
            }
        }
        BatchTable {
            original: table.clone(),
            slots,
            existing_ordering: table.columns.iter().map(|c| c.name.clone()).collect(),
            add_ordering: Vec::new(),
            primary_key,
            named,
            unnamed,
            indexes: table.indexes.clone(),
            new_indexes: Vec::new(),
            temp_indexes: Vec::new(),
            comment: table.comment.clone(),
        }
    }

    fn fail(&self, reason: String) -> RenderError {
        RenderError::Batch {
            table: self.original.name.clone(),
            reason,
        }
    }

    fn slot_mut(&mut self, key: &str) -> Result<&mut Slot, RenderError> {
        let table = self.original.name.clone();
        let known = list_names(self.slots.iter().map(|s| s.key.as_str()));
        self.slots
            .iter_mut()
            .find(|s| s.key == key)
            .ok_or_else(|| RenderError::Batch {
                table: table.clone(),
                reason: format!(
                    "no column '{key}' in table '{table}' (its columns: {known}; batch \
                     operations name columns by their name before the batch)"
                ),
            })
    }

    /// The current name of the column with key `key` (the key itself when
    /// the column is gone, as Alembic then renders the old name).
    pub(crate) fn current_name(&self, key: &str) -> String {
        self.slots
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_string(), |s| s.column.name.clone())
    }

    /// True when every column is still in the new table (by key).
    pub(crate) fn has_all(&self, keys: &[String]) -> bool {
        keys.iter().all(|k| self.slots.iter().any(|s| s.key == *k))
    }

    /// Applies one of the batch's operations.
    pub(crate) fn apply(
        &mut self,
        d: &dyn Dialect,
        op: &Op,
        placements: &[ColumnPlacement],
    ) -> Result<(), RenderError> {
        match op {
            Op::AddColumn { column, .. } => {
                let placement = placements.iter().find(|p| p.column == column.name);
                self.add_column(column, placement)
            }
            Op::DropColumn { column, .. } => self.drop_column(column),
            Op::AlterColumn(a) => self.alter_column(d, a),
            Op::CreateIndex {
                name,
                parts,
                unique,
                options,
                ..
            } => {
                if parts.iter().any(|p| matches!(p, IndexPart::Expression(_))) {
                    return Err(self.fail(format!(
                        "index '{name}' has expressions, which Alembic silently leaves out of \
                         an index created in a rebuilding batch; create the index after the \
                         batch block with op.create_index"
                    )));
                }
                self.new_indexes.push(Index {
                    name: Some(name.clone()),
                    parts: parts.clone(),
                    unique: *unique,
                    options: options.clone(),
                });
                Ok(())
            }
            Op::DropIndex { name, .. } => {
                let before = self.indexes.len();
                self.indexes.retain(|i| i.name.as_deref() != Some(name));
                if self.indexes.len() == before {
                    return Err(self.fail(format!(
                        "No such index: '{name}' (the table has {})",
                        list_names(self.indexes.iter().filter_map(|i| i.name.as_deref()))
                    )));
                }
                Ok(())
            }
            Op::CreateUniqueConstraint { name, columns, .. } => self.add_constraint(
                Constraint::Unique {
                    name: name.clone(),
                    columns: columns.clone(),
                },
                op.name(),
            ),
            Op::CreateForeignKey { key, .. } => {
                self.add_constraint(Constraint::ForeignKey(key.clone()), op.name())
            }
            Op::CreateCheckConstraint { name, sqltext, .. } => self.add_constraint(
                Constraint::Check {
                    name: name.clone(),
                    sqltext: sqltext.clone(),
                },
                op.name(),
            ),
            Op::CreatePrimaryKey { name, columns, .. } => self.add_constraint(
                Constraint::PrimaryKey {
                    name: name.clone(),
                    columns: columns.clone(),
                },
                op.name(),
            ),
            Op::DropConstraint { name, type_, .. } => self.drop_constraint(name, *type_),
            Op::CreateTableComment { comment, .. } => {
                self.comment = Some(comment.clone());
                Ok(())
            }
            Op::DropTableComment { .. } => {
                self.comment = None;
                Ok(())
            }
            other => Err(self.fail(format!(
                "op.{} cannot be part of a batch that rebuilds the table; move it out of the \
                 batch block",
                other.name()
            ))),
        }
    }

    fn add_column(
        &mut self,
        column: &Column,
        placement: Option<&ColumnPlacement>,
    ) -> Result<(), RenderError> {
        if self.slots.iter().any(|s| s.key == column.name) {
            return Err(self.fail(format!(
                "column '{}' already exists; pick another name",
                column.name
            )));
        }
        let pairs = order::pairs_for_added(
            &column.name,
            placement.and_then(|p| p.before.as_deref()),
            placement.and_then(|p| p.after.as_deref()),
            &self.existing_ordering,
            &self.add_ordering,
        );
        self.add_ordering.extend(pairs);
        let mut copy = column.clone();
        // Column-level keys and uniques reach the batch as separate
        // add_constraint calls (Alembic's add_column), which need names.
        for fk in std::mem::take(&mut copy.foreign_keys) {
            let key = crate::dialect::ddl::column_fk(&column.name, &fk);
            self.add_constraint(Constraint::ForeignKey(key), "add_column")?;
        }
        if copy.unique && !copy.index {
            self.add_constraint(
                Constraint::Unique {
                    name: None,
                    columns: vec![column.name.clone()],
                },
                "add_column",
            )?;
        }
        if copy.index {
            let index_for = |table: &str| Index {
                name: Some(crate::dialect::names::generated_index_name(
                    crate::dialect::DialectKind::Sqlite,
                    &format!("ix_{table}_{}", column.name),
                )),
                parts: vec![IndexPart::Column(column.name.clone())],
                unique: copy.unique,
                options: Default::default(),
            };
            self.temp_indexes
                .push(index_for(&super::temp_name(&self.original.name)));
            self.new_indexes.push(index_for(&self.original.name));
        }
        copy.unique = false;
        copy.index = false;
        self.slots.push(Slot {
            key: column.name.clone(),
            column: copy,
            source: None,
            // Alembic turns off an added column's type events: no type CHECK.
            original_type: false,
        });
        Ok(())
    }

    fn drop_column(&mut self, key: &str) -> Result<(), RenderError> {
        self.slot_mut(key)?;
        self.slots.retain(|s| s.key != key);
        self.existing_ordering.retain(|k| k != key);
        if let Some((_, cols)) = &mut self.primary_key {
            cols.retain(|c| c != key);
        }
        Ok(())
    }

    fn alter_column(&mut self, d: &dyn Dialect, a: &AlterColumn) -> Result<(), RenderError> {
        let cast_sql = match &a.type_ {
            Some(t) => Some(d.compile_type(t)?),
            None => None,
        };
        let slot = self.slot_mut(&a.column)?;
        if let Some(new) = &a.new_column_name {
            slot.column.name = new.clone();
        }
        if let (Some(t), Some(sql)) = (&a.type_, cast_sql) {
            let old = affinity(&slot.column.type_);
            let new = affinity(t);
            if old != new && new != Affinity::Json {
                if let Some(source) = &mut slot.source {
                    source.casts.push(sql);
                }
            }
            slot.column.type_ = t.clone();
            slot.original_type = false;
        }
        if let Some(n) = a.nullable {
            slot.column.nullable = n;
        }
        if let Some(default) = &a.server_default {
            slot.column.server_default = default.clone();
        }
        if let Some(comment) = &a.comment {
            slot.column.comment = comment.clone();
        }
        Ok(())
    }

    fn add_constraint(&mut self, c: Constraint, op: &'static str) -> Result<(), RenderError> {
        if constraint_name(&c).is_none() {
            return Err(self.fail(format!(
                "op.{op}: Constraint must have a name (a rebuilt table keeps constraints by \
                 name; pass name=...)"
            )));
        }
        if let Constraint::PrimaryKey { name, columns } = c {
            // A new primary key replaces the table's (SQLAlchemy keeps one).
            self.primary_key = Some((name, columns));
            return Ok(());
        }
        self.named
            .retain(|k| constraint_name(&k.constraint) != constraint_name(&c));
        self.named.push(Carried { constraint: c });
        Ok(())
    }

    fn drop_constraint(
        &mut self,
        name: &str,
        kind: Option<ConstraintKind>,
    ) -> Result<(), RenderError> {
        if let Some(i) = self
            .named
            .iter()
            .position(|k| constraint_name(&k.constraint) == Some(name))
        {
            self.named.remove(i);
            return Ok(());
        }
        let pk_named = matches!(&self.primary_key, Some((Some(n), _)) if n == name);
        if pk_named {
            if let Some((_, cols)) = self.primary_key.take() {
                for key in cols {
                    if let Some(s) = self.slots.iter_mut().find(|s| s.key == key) {
                        s.column.primary_key = false;
                    }
                }
            }
            return Ok(());
        }
        let mut known: Vec<&str> = self
            .named
            .iter()
            .filter_map(|k| constraint_name(&k.constraint))
            .collect();
        if let Some((Some(n), _)) = &self.primary_key {
            known.push(n);
        }
        let hint = if kind.is_some() && self.unnamed.iter().any(|k| kind_of(&k.constraint) == kind)
        {
            " (SQLite keeps some constraints without a name; those cannot be dropped by name — \
             Alembic needs naming_convention= for them)"
        } else {
            ""
        };
        Err(self.fail(format!(
            "No such constraint: '{name}' (the table's named constraints: {}){hint}",
            list_names(known.into_iter())
        )))
    }

    /// Column keys in the new table's order (placements applied).
    pub(crate) fn ordered(&mut self) -> Result<(), RenderError> {
        if self.add_ordering.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = self.slots.iter().map(|s| s.key.clone()).collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (i, key) in self.existing_ordering.iter().enumerate().skip(1) {
            if let Some(prev) = keys.get(i - 1) {
                pairs.push((prev.clone(), key.clone()));
            }
        }
        pairs.extend(self.add_ordering.iter().cloned());
        let sorted = order::topological(&keys, &pairs).ok_or_else(|| {
            self.fail(
                "insert_before= / insert_after= make a cycle; check the column placements"
                    .to_string(),
            )
        })?;
        let mut slots = Vec::with_capacity(self.slots.len());
        for key in sorted {
            if let Some(s) = self.slots.iter().find(|s| s.key == key) {
                slots.push(s.clone());
            }
        }
        self.slots = slots;
        Ok(())
    }
}

/// The constraint kind `drop_constraint(type_=...)` would name.
fn kind_of(c: &Constraint) -> Option<ConstraintKind> {
    Some(match c {
        Constraint::PrimaryKey { .. } => ConstraintKind::Primary,
        Constraint::ForeignKey(_) => ConstraintKind::ForeignKey,
        Constraint::Unique { .. } => ConstraintKind::Unique,
        Constraint::Check { .. } => ConstraintKind::Check,
    })
}

/// `'a', 'b'` or `none`.
fn list_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.map(|n| format!("'{n}'")).collect();
    if quoted.is_empty() {
        "none".to_string()
    } else {
        quoted.join(", ")
    }
}

/// The columns a carried constraint names, for the "all columns kept" test.
pub(crate) fn carried_columns(c: &Carried) -> &[String] {
    constraint_columns(&c.constraint)
}
