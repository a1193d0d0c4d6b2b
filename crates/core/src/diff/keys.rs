//! Indexes, unique and check constraints and foreign keys: pairing the
//! models' with the database's, and the operations for the ones that
//! differ.
//!
//! Pairs are found by name first, then by definition (columns, referent),
//! because a database names what a model leaves unnamed (PostgreSQL's
//! `task_owner_id_fkey`, MySQL's `task_ibfk_1`) and SQLite keeps no name.

use super::changes::ChangeKind;
use super::plan::{change_on, names_in, Phase, Planner, Unit};
use crate::dialect::DialectKind;
use crate::ops::{BatchAlterTable, ConstraintKind, Op, Recreate};
use crate::schema::{Constraint, ForeignKey, Index, IndexPart, Table};

/// The operation that creates `index` on `table`; `None` for an unnamed
/// index (a database names those itself only in `CREATE TABLE`).
pub(super) fn create_index_op(table: &Table, index: &Index) -> Option<Op> {
    Some(Op::CreateIndex {
        name: index.name.clone()?,
        table: table.name.clone(),
        schema: table.schema.clone(),
        parts: index.parts.clone(),
        unique: index.unique,
        if_not_exists: false,
        options: index.options.clone(),
    })
}

fn drop_index_op(table: &Table, name: &str) -> Op {
    Op::DropIndex {
        name: name.to_string(),
        table: Some(table.name.clone()),
        schema: table.schema.clone(),
        if_exists: false,
        postgresql_concurrently: false,
    }
}

fn drop_constraint_op(table: &Table, name: String, kind: ConstraintKind) -> Op {
    Op::DropConstraint {
        name,
        table: table.name.clone(),
        schema: table.schema.clone(),
        type_: Some(kind),
        if_exists: false,
    }
}

fn parts_sql(parts: &[IndexPart]) -> String {
    let p: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            IndexPart::Column(c) | IndexPart::Expression(c) => c.as_str(),
        })
        .collect();
    format!("({})", p.join(", "))
}

fn column_parts(parts: &[IndexPart]) -> Option<Vec<&str>> {
    parts
        .iter()
        .map(|p| match p {
            IndexPart::Column(c) => Some(c.as_str()),
            IndexPart::Expression(_) => None,
        })
        .collect()
}

/// An `ON DELETE` / `ON UPDATE` action as compared: the databases report
/// the default action under their own name.
fn action(a: &Option<String>) -> Option<String> {
    let a = a.as_ref()?.trim().to_uppercase();
    match a.as_str() {
        "" | "NO ACTION" | "RESTRICT" => None,
        _ => Some(a),
    }
}

/// Column names as compared (MySQL and SQLite compare them without case).
fn same_names(kind: DialectKind, a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match kind {
            DialectKind::Postgresql => x == y,
            _ => x.eq_ignore_ascii_case(y),
        })
}

/// Pairs the items of `want` with those of `have`: first by equal names
/// (`name`), then by `same`; returns the pairs and the unpaired indices of
/// each side.
fn pair<W, H>(
    want: &[W],
    have: &[H],
    name_w: impl Fn(&W) -> Option<&str>,
    name_h: impl Fn(&H) -> Option<&str>,
    same: impl Fn(&W, &H) -> bool,
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut free_w: Vec<usize> = (0..want.len()).collect();
    let mut free_h: Vec<usize> = (0..have.len()).collect();
    free_w.retain(|&i| {
        let Some(n) = name_w(&want[i]) else {
            return true;
        };
        match free_h.iter().position(|&j| name_h(&have[j]) == Some(n)) {
            Some(p) => {
                pairs.push((i, free_h.remove(p)));
                false
            }
            None => true,
        }
    });
    free_w.retain(|&i| {
        match free_h.iter().position(|&j| {
            // A named model item pairs only with an unnamed database item
            // or one of the same name: a different name is a different item.
            let nh = name_h(&have[j]);
            (name_w(&want[i]).is_none() || nh.is_none()) && same(&want[i], &have[j])
        }) {
            Some(p) => {
                pairs.push((i, free_h.remove(p)));
                false
            }
            None => true,
        }
    });
    (pairs, free_w, free_h)
}

/// What a kept table's indexes and constraints need: drops to run before
/// the column changes, creates after them.
#[derive(Default)]
pub(super) struct KeyUnits {
    pub(super) drops: Vec<Unit>,
    pub(super) creates: Vec<Unit>,
}

impl Planner<'_> {
    fn index_same(&self, want: &Index, have: &Index) -> bool {
        if want.unique != have.unique || want.parts.len() != have.parts.len() {
            return false;
        }
        let kind = self.d.kind();
        let parts_same = want
            .parts
            .iter()
            .zip(&have.parts)
            .all(|(w, h)| match (w, h) {
                (IndexPart::Column(a), IndexPart::Column(b)) => {
                    same_names(kind, std::slice::from_ref(a), std::slice::from_ref(b))
                }
                // Expressions come back from the database in its own spelling
                // (`lower((name)::text)`): same position, same kind is the match.
                (IndexPart::Expression(_), IndexPart::Expression(_)) => true,
                _ => false,
            });
        if !parts_same {
            return false;
        }
        let (w, h) = (&want.options, &have.options);
        match kind {
            DialectKind::Postgresql => {
                let method = |m: &Option<String>| {
                    m.as_deref().map(str::to_lowercase).filter(|m| m != "btree")
                };
                method(&w.postgresql_using) == method(&h.postgresql_using)
                    && w.postgresql_where.is_some() == h.postgresql_where.is_some()
            }
            DialectKind::Sqlite => w.sqlite_where.is_some() == h.sqlite_where.is_some(),
            // MariaDB indexes a TEXT / BLOB column given no length by a
            // prefix of the whole key length (768 utf8mb4 characters): the
            // model that gave none has what it asked for.
            DialectKind::Mysql => {
                w.mysql_length == h.mysql_length
                    || (w.mysql_length.is_none() && h.mysql_length.is_some_and(|n| n >= 768))
            }
        }
    }

    /// On MySQL, the index InnoDB made for one of the table's foreign keys
    /// (not a model's own): non-unique, unnamed by the models, exactly the
    /// key's columns.
    fn backs_foreign_key(&self, want: &Table, have: &Table, index: &Index) -> bool {
        if !self.d.foreign_keys_make_indexes() || index.unique {
            return false;
        }
        if want.indexes.iter().any(|i| i.name == index.name) {
            return false;
        }
        let Some(cols) = column_parts(&index.parts) else {
            return false;
        };
        have.constraints.iter().any(|c| match c {
            Constraint::ForeignKey(fk) => {
                fk.columns.len() == cols.len()
                    && fk
                        .columns
                        .iter()
                        .zip(&cols)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            }
            _ => false,
        })
    }

    /// The kept table's indexes, unique and check constraints compared.
    /// `dropped`: the columns the upgrade drops from the table.
    pub(super) fn compare_keys(
        &mut self,
        want: &Table,
        have: &Table,
        dropped: &[String],
    ) -> KeyUnits {
        let mut units = KeyUnits::default();
        let as_index = self.d.unique_constraints_are_indexes();
        // The database's indexes the models may name; on MySQL the ones
        // InnoDB made for foreign keys are the keys' business.
        let have_indexes: Vec<&Index> = have
            .indexes
            .iter()
            .filter(|i| !self.backs_foreign_key(want, have, i))
            .collect();
        let want_indexes: Vec<&Index> = want.indexes.iter().collect();
        let (pairs, add_i, drop_i) = pair(
            &want_indexes,
            &have_indexes,
            |i| i.name.as_deref(),
            |i| i.name.as_deref(),
            |w, h| self.index_same(w, h),
        );
        let mut leftover_have: Vec<&Index> = drop_i.iter().map(|&j| have_indexes[j]).collect();
        let mut to_add: Vec<&Index> = add_i.iter().map(|&i| want_indexes[i]).collect();
        for (i, j) in pairs {
            if !self.index_same(want_indexes[i], have_indexes[j]) {
                leftover_have.push(have_indexes[j]);
                to_add.push(want_indexes[i]);
            }
        }

        // Unique constraints; on MySQL the database's side is its unique
        // indexes that no model index took.
        let want_uniques: Vec<(Option<&str>, &[String])> = want
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::Unique { name, columns } => Some((name.as_deref(), columns.as_slice())),
                _ => None,
            })
            .collect();
        let mut have_uniques: Vec<(Option<&str>, Vec<String>, bool)> = have
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::Unique { name, columns } => {
                    Some((name.as_deref(), columns.clone(), false))
                }
                _ => None,
            })
            .collect();
        if as_index {
            leftover_have.retain(|i| {
                let cols = column_parts(&i.parts);
                match (i.unique, cols) {
                    (true, Some(cols)) => {
                        have_uniques.push((
                            i.name.as_deref(),
                            cols.iter().map(|c| c.to_string()).collect(),
                            true,
                        ));
                        false
                    }
                    _ => true,
                }
            });
        }
        let kind = self.d.kind();
        // On MySQL an unnamed model constraint is a unique index named after
        // its first column (or by env.py's naming convention): a unique
        // index of another name is another object.
        let implicit_name = |h: &(Option<&str>, Vec<String>, bool)| -> bool {
            if !h.2 {
                return true;
            }
            let (Some(name), Some(first)) = (h.0, h.1.first()) else {
                return true;
            };
            if self
                .convention_name(want, ConstraintKind::Unique, &h.1)
                .is_some_and(|n| n == name)
            {
                return true;
            }
            name == first
                || name
                    .strip_prefix(first.as_str())
                    .and_then(|r| r.strip_prefix('_'))
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        };
        let (u_pairs, u_add, u_drop) = pair(
            &want_uniques,
            &have_uniques,
            |w| w.0,
            |h| h.0,
            |w, h| same_names(kind, w.1, &h.1) && (w.0.is_some() || implicit_name(h)),
        );
        let mut u_add: Vec<usize> = u_add;
        let mut u_drop: Vec<usize> = u_drop;
        for (i, j) in u_pairs {
            if !same_names(kind, want_uniques[i].1, &have_uniques[j].1) {
                u_add.push(i);
                u_drop.push(j);
            }
        }

        // Drops first (a changed index is dropped and created again).
        for index in &leftover_have {
            let Some(name) = index.name.as_deref() else {
                self.notes.push(format!(
                    "index {} on {} has no name in the database: drop it by hand",
                    parts_sql(&index.parts),
                    super::plan::qualified(have)
                ));
                // Still a difference `check` reports, with no operation.
                units.drops.push(Unit {
                    changes: vec![change_on(
                        ChangeKind::RemoveIndex,
                        have,
                        None,
                        Some(parts_sql(&index.parts)),
                        None,
                    )],
                    ..Unit::default()
                });
                continue;
            };
            let mut unit = Unit {
                up: vec![drop_index_op(have, name)],
                down: create_index_op(have, index).into_iter().collect(),
                changes: vec![change_on(
                    ChangeKind::RemoveIndex,
                    have,
                    Some(name),
                    Some(parts_sql(&index.parts)),
                    None,
                )],
            };
            // InnoDB refuses to drop the index a kept foreign key needs:
            // the index create_all would have made for the key comes first
            // (and goes after the index is back, in the downgrade).
            if let Some((fk_index, fk_cols)) = self.index_a_key_needs(want, &index.parts) {
                let make = Op::CreateIndex {
                    name: fk_index.clone(),
                    table: have.name.clone(),
                    schema: have.schema.clone(),
                    parts: fk_cols.into_iter().map(IndexPart::Column).collect(),
                    unique: false,
                    if_not_exists: false,
                    options: Default::default(),
                };
                unit.up.insert(0, make);
                unit.down.push(drop_index_op(have, &fk_index));
            }
            units.drops.push(unit);
        }
        let mut taken: Vec<String> = Vec::new();
        for &j in &u_drop {
            let (name, columns, is_index) = &have_uniques[j];
            let all_gone = columns.iter().all(|c| dropped.contains(c));
            let down_name = self.batch_name(name.map(str::to_string), || {
                format!("uq_{}_{}", have.name, columns.join("_"))
            });
            let down = if *is_index {
                Op::CreateIndex {
                    name: down_name.clone().unwrap_or_default(),
                    table: have.name.clone(),
                    schema: have.schema.clone(),
                    parts: columns.iter().cloned().map(IndexPart::Column).collect(),
                    unique: true,
                    if_not_exists: false,
                    options: Default::default(),
                }
            } else {
                Op::CreateUniqueConstraint {
                    name: down_name,
                    table: have.name.clone(),
                    schema: have.schema.clone(),
                    columns: columns.clone(),
                }
            };
            // A unique key MySQL keeps as an index is one to Alembic too:
            // it reports (and drops) it as an index.
            let kind = if *is_index {
                ChangeKind::RemoveIndex
            } else {
                ChangeKind::RemoveConstraint
            };
            let change = change_on(
                kind,
                have,
                *name,
                Some(format!("UNIQUE ({})", columns.join(", "))),
                None,
            );
            let up = match name {
                Some(n) if *is_index => vec![drop_index_op(have, n)],
                Some(n) => vec![drop_constraint_op(
                    have,
                    n.to_string(),
                    ConstraintKind::Unique,
                )],
                None if all_gone => Vec::new(),
                None => {
                    match self.dropped_name(have, None, ConstraintKind::Unique, columns, &mut taken)
                    {
                        Some(n) => vec![drop_constraint_op(have, n, ConstraintKind::Unique)],
                        None if !self.d.alters_in_place() => {
                            vec![convention_drop(
                                have,
                                ConstraintKind::Unique,
                                uq_convention_name(have, columns),
                            )]
                        }
                        None => {
                            self.notes.push(format!(
                                "unique constraint on {} ({}) has no name in the database and cannot be dropped by name: name it in the table's DDL or drop it by hand",
                                super::plan::qualified(have),
                                columns.join(", ")
                            ));
                            units.drops.push(Unit {
                                changes: vec![change],
                                ..Unit::default()
                            });
                            continue;
                        }
                    }
                }
            };
            units.drops.push(Unit {
                up,
                down: vec![down],
                changes: vec![change],
            });
        }
        self.compare_checks(want, have, &mut units);

        // Creates.
        for index in to_add {
            let Some(op) = create_index_op(want, index) else {
                self.notes.push(format!(
                    "index {} on {} has no name: give it one in the model",
                    parts_sql(&index.parts),
                    super::plan::qualified(want)
                ));
                continue;
            };
            let name = index.name.clone().unwrap_or_default();
            let mut down = vec![drop_index_op(want, &name)];
            // InnoDB drops the index it made for a key once another index
            // serves the key; the downgrade gives it back first.
            if self.d.foreign_keys_make_indexes() {
                if let Some(backing) = have.indexes.iter().find(|i| {
                    self.backs_foreign_key(want, have, i) && starts_with(&index.parts, &i.parts)
                }) {
                    down.splice(0..0, create_index_op(have, backing));
                }
            }
            units.creates.push(Unit {
                up: vec![op],
                down,
                changes: vec![change_on(
                    ChangeKind::AddIndex,
                    want,
                    Some(&name),
                    None,
                    Some(parts_sql(&index.parts)),
                )],
            });
        }
        let mut taken: Vec<String> = Vec::new();
        for &i in &u_add {
            let (name, columns) = want_uniques[i];
            let up_name = self.batch_name(name.map(str::to_string), || {
                format!("uq_{}_{}", want.name, columns.join("_"))
            });
            let down_name = match &up_name {
                Some(n) => Some(n.clone()),
                None => self.dropped_name(want, None, ConstraintKind::Unique, columns, &mut taken),
            };
            let Some(down_name) = down_name else {
                self.notes.push(format!(
                    "unique constraint on {} ({}) is unnamed: its downgrade cannot drop it; name it in the model",
                    super::plan::qualified(want),
                    columns.join(", ")
                ));
                continue;
            };
            units.creates.push(Unit {
                up: vec![Op::CreateUniqueConstraint {
                    name: up_name.clone(),
                    table: want.name.clone(),
                    schema: want.schema.clone(),
                    columns: columns.to_vec(),
                }],
                down: vec![drop_constraint_op(want, down_name, ConstraintKind::Unique)],
                changes: vec![change_on(
                    ChangeKind::AddConstraint,
                    want,
                    up_name.as_deref(),
                    None,
                    Some(format!("UNIQUE ({})", columns.join(", "))),
                )],
            });
        }
        units
    }

    /// A name for a constraint an operation creates: the given one, or
    /// where changes go through a table rebuild (SQLite's batch mode,
    /// which refuses unnamed constraints) one after `fallback`.
    fn batch_name(
        &self,
        name: Option<String>,
        fallback: impl FnOnce() -> String,
    ) -> Option<String> {
        if name.is_some() || self.d.alters_in_place() {
            return name;
        }
        Some(fallback())
    }

    /// The CHECK constraints: by name, then by text, then unnamed ones
    /// pair up in order (a database rewrites a condition's text, and a
    /// check that moved is still the same check to a user).
    fn compare_checks(&mut self, want: &Table, have: &Table, units: &mut KeyUnits) {
        let mut want_checks: Vec<(Option<String>, String, bool)> = want
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::Check { name, sqltext } => Some((name.clone(), sqltext.clone(), false)),
                _ => None,
            })
            .collect();
        // The CHECKs a type makes for itself (a non-native enum's) are the
        // column's, compared with its type: they pair but are never written.
        for c in &want.columns {
            if let Some(e) = c.type_.as_enum() {
                let native = e.native_enum && self.d.kind() != DialectKind::Sqlite;
                if e.create_constraint && !native {
                    want_checks.push((e.name.clone(), String::new(), true));
                }
            }
        }
        let have_checks: Vec<(Option<String>, String)> = have
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::Check { name, sqltext } => Some((name.clone(), sqltext.clone())),
                _ => None,
            })
            .collect();
        let norm = |s: &str| {
            self.d
                .normal_default(s)
                .replace([' ', '(', ')', '"', '`'], "")
        };
        let (_, add, drop) = pair(
            &want_checks,
            &have_checks,
            |w| w.0.as_deref(),
            |h| h.0.as_deref(),
            |w, h| !w.2 && norm(&w.1) == norm(&h.1),
        );
        // The words of a condition: a database rewrites its text (casts,
        // parentheses, `IN` as `= ANY (ARRAY[...])`) but keeps its words.
        let words = |s: &str| -> std::collections::BTreeSet<String> {
            s.to_lowercase()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        // The leftovers pair in order where either side is unnamed: a
        // database rewrites a condition's text and names what a model
        // leaves unnamed, so the text alone does not tell.
        let mut drop: Vec<usize> = drop;
        let mut unpaired: Vec<usize> = Vec::new();
        for i in add {
            match drop.iter().position(|&j| {
                (want_checks[i].0.is_none() || have_checks[j].0.is_none())
                    && (want_checks[i].2
                        || words(&want_checks[i].1).is_subset(&words(&have_checks[j].1)))
            }) {
                Some(p) => {
                    drop.remove(p);
                }
                None => unpaired.push(i),
            }
        }
        let add = unpaired;
        let mut n = have_checks.len();
        let mut predicted: Vec<String> = Vec::new();
        for j in drop {
            let (name, sqltext) = &have_checks[j];
            let change = change_on(
                ChangeKind::RemoveConstraint,
                have,
                name.as_deref(),
                Some(format!("CHECK ({sqltext})")),
                None,
            );
            let up = match name {
                Some(n) => vec![drop_constraint_op(have, n.clone(), ConstraintKind::Check)],
                None => {
                    self.notes.push(format!(
                        "check constraint on {} ({sqltext}) has no name in the database and cannot be dropped by name: drop it by hand",
                        super::plan::qualified(have)
                    ));
                    units.drops.push(Unit {
                        changes: vec![change],
                        ..Unit::default()
                    });
                    continue;
                }
            };
            units.drops.push(Unit {
                up,
                down: vec![Op::CreateCheckConstraint {
                    name: self.batch_name(name.clone(), || format!("ck_{}_{}", have.name, j + 1)),
                    table: have.name.clone(),
                    schema: have.schema.clone(),
                    sqltext: sqltext.clone(),
                    postgresql_not_valid: false,
                }],
                changes: vec![change],
            });
        }
        for i in add {
            let (name, sqltext, implicit) = &want_checks[i];
            if *implicit {
                continue;
            }
            n += 1;
            let up_name = self.batch_name(name.clone(), || format!("ck_{}_{n}", want.name));
            let down_name = up_name.clone().or_else(|| {
                let mut taken = names_in(want);
                taken.extend(names_in(have));
                taken.extend(predicted.iter().cloned());
                let n = self.d.implicit_constraint_name(
                    ConstraintKind::Check,
                    &want.name,
                    &[],
                    &taken,
                )?;
                predicted.push(n.clone());
                Some(n)
            });
            let Some(down_name) = down_name else {
                self.notes.push(format!(
                    "check constraint on {} ({sqltext}) is unnamed: its downgrade cannot drop it; name it in the model",
                    super::plan::qualified(want)
                ));
                continue;
            };
            units.creates.push(Unit {
                up: vec![Op::CreateCheckConstraint {
                    name: up_name.clone(),
                    table: want.name.clone(),
                    schema: want.schema.clone(),
                    sqltext: sqltext.clone(),
                    postgresql_not_valid: false,
                }],
                down: vec![drop_constraint_op(want, down_name, ConstraintKind::Check)],
                changes: vec![change_on(
                    ChangeKind::AddConstraint,
                    want,
                    up_name.as_deref(),
                    None,
                    Some(format!("CHECK ({sqltext})")),
                )],
            });
        }
    }

    fn fk_same(&self, want: &ForeignKey, have: &ForeignKey, table_schema: &Option<String>) -> bool {
        let kind = self.d.kind();
        let schema = |fk: &ForeignKey| fk.referent_schema.clone().or_else(|| table_schema.clone());
        same_names(kind, &want.columns, &have.columns)
            && same_names(kind, &want.referent_columns, &have.referent_columns)
            && same_names(
                kind,
                std::slice::from_ref(&want.referent_table),
                std::slice::from_ref(&have.referent_table),
            )
            && schema(want) == schema(have)
            && action(&want.ondelete) == action(&have.ondelete)
            && action(&want.onupdate) == action(&have.onupdate)
    }

    /// The kept table's foreign keys: drops go early (phase 2), adds late
    /// (phase 6).
    pub(super) fn compare_foreign_keys(&mut self, want: &Table, have: &Table) {
        let fks = |t: &Table| -> Vec<ForeignKey> {
            t.constraints
                .iter()
                .filter_map(|c| match c {
                    Constraint::ForeignKey(fk) => Some(fk.clone()),
                    _ => None,
                })
                .collect()
        };
        let (want_fks, have_fks) = (fks(want), fks(have));
        let (pairs, mut add, mut drop) = pair(
            &want_fks,
            &have_fks,
            |f| f.name.as_deref(),
            |f| f.name.as_deref(),
            |w, h| self.fk_same(w, h, &want.schema),
        );
        for (i, j) in pairs {
            if !self.fk_same(&want_fks[i], &have_fks[j], &want.schema) {
                add.push(i);
                drop.push(j);
            }
        }
        let kept_columns: Vec<&str> = want.columns.iter().map(|c| c.name.as_str()).collect();
        let dropped_names: Vec<Option<String>> =
            drop.iter().map(|&j| have_fks[j].name.clone()).collect();
        for j in drop {
            let fk = &have_fks[j];
            let change = change_on(
                ChangeKind::RemoveFk,
                have,
                fk.name.as_deref(),
                Some(fk_sql(fk)),
                None,
            );
            let all_gone = fk
                .columns
                .iter()
                .all(|c| !kept_columns.contains(&c.as_str()));
            let Some(name) = fk.name.clone() else {
                if self.d.alters_in_place() {
                    self.notes.push(format!(
                        "foreign key {} of {} has no name in the database and cannot be dropped by name: drop it by hand",
                        fk_sql(fk),
                        super::plan::qualified(have)
                    ));
                    self.push(
                        Phase::ForeignKeysDropped,
                        Unit {
                            changes: vec![change],
                            ..Unit::default()
                        },
                    );
                    continue;
                }
                // SQLite keeps no name. A key whose columns all go is
                // dropped by the rebuild; another one by a batch block
                // that names the table's unnamed keys by a convention as
                // it reflects them. Either downgrade adds it back under
                // that name (a rebuild refuses unnamed constraints).
                let name = fk_convention(have, fk);
                let (phase, up) = if all_gone {
                    (Phase::TablesChanged, Vec::new())
                } else {
                    (
                        Phase::ForeignKeysDropped,
                        vec![convention_drop(
                            have,
                            ConstraintKind::ForeignKey,
                            name.clone(),
                        )],
                    )
                };
                let mut named = fk.clone();
                named.name = Some(name);
                self.push(
                    phase,
                    Unit {
                        up,
                        down: vec![Op::CreateForeignKey {
                            table: have.name.clone(),
                            schema: have.schema.clone(),
                            key: named,
                            postgresql_not_valid: false,
                        }],
                        changes: vec![change],
                    },
                );
                continue;
            };
            let mut unit = Unit {
                up: vec![drop_constraint_op(have, name, ConstraintKind::ForeignKey)],
                down: Vec::new(),
                changes: vec![change],
            };
            // InnoDB's index for the key stays when the key goes: drop it
            // too (unless its columns go), and give it back before the key.
            if let Some(index) = have.indexes.iter().find(|i| {
                self.backs_foreign_key(want, have, i)
                    && column_parts(&i.parts).is_some_and(|c| {
                        same_names(
                            self.d.kind(),
                            &fk.columns,
                            &c.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                        )
                    })
            }) {
                if let Some(iname) = &index.name {
                    if !all_gone {
                        unit.up.push(drop_index_op(have, iname));
                    }
                    unit.down.extend(create_index_op(have, index));
                }
            }
            unit.down.push(Op::CreateForeignKey {
                table: have.name.clone(),
                schema: have.schema.clone(),
                key: fk.clone(),
                postgresql_not_valid: false,
            });
            self.push(Phase::ForeignKeysDropped, unit);
        }
        // The names the database knows when the keys are added: the
        // dropped ones are gone by then (PostgreSQL and InnoDB reuse them).
        let mut after_drop = have.clone();
        after_drop.constraints.retain(|c| match c {
            Constraint::ForeignKey(fk) => !dropped_names.contains(&fk.name),
            _ => true,
        });
        let mut taken: Vec<String> = Vec::new();
        for i in add {
            let fk = &want_fks[i];
            let mut key = fk.clone();
            key.name = self.batch_name(fk.name.clone(), || fk_convention(want, fk));
            let down_name = match &key.name {
                Some(n) => Some(n.clone()),
                None => self.dropped_name(
                    &after_drop,
                    None,
                    ConstraintKind::ForeignKey,
                    &fk.columns,
                    &mut taken,
                ),
            };
            let change = change_on(
                ChangeKind::AddFk,
                want,
                key.name.as_deref(),
                None,
                Some(fk_sql(fk)),
            );
            let Some(down_name) = down_name else {
                self.notes.push(format!(
                    "foreign key {} of {} is unnamed: its downgrade cannot drop it; name it in the model",
                    fk_sql(fk),
                    super::plan::qualified(want)
                ));
                continue;
            };
            let mut down = vec![drop_constraint_op(
                want,
                down_name,
                ConstraintKind::ForeignKey,
            )];
            if let Some(index) = self.index_made_for(want, &key) {
                down.push(drop_index_op(want, &index));
            }
            self.push(
                Phase::ForeignKeysAdded,
                Unit {
                    up: vec![Op::CreateForeignKey {
                        table: want.name.clone(),
                        schema: want.schema.clone(),
                        key,
                        postgresql_not_valid: false,
                    }],
                    down,
                    changes: vec![change],
                },
            );
        }
    }

    /// On MySQL, when dropping the index of `parts` leaves one of the
    /// models' foreign keys of `table` without an index: the name and
    /// columns of the index InnoDB would have made for it.
    fn index_a_key_needs(
        &self,
        table: &Table,
        parts: &[IndexPart],
    ) -> Option<(String, Vec<String>)> {
        if !self.d.foreign_keys_make_indexes() {
            return None;
        }
        for c in &table.constraints {
            let Constraint::ForeignKey(fk) = c else {
                continue;
            };
            let fk_parts: Vec<IndexPart> =
                fk.columns.iter().cloned().map(IndexPart::Column).collect();
            if !starts_with(parts, &fk_parts) {
                continue;
            }
            if let Some(name) = self.index_made_for(table, fk) {
                return Some((name, fk.columns.clone()));
            }
        }
        None
    }

    /// On MySQL, the name of the index InnoDB makes when `fk` is added to
    /// `table` (as the models have it): none when an index, unique key or
    /// the primary key already starts with the key's columns.
    fn index_made_for(&self, table: &Table, fk: &ForeignKey) -> Option<String> {
        if !self.d.foreign_keys_make_indexes() {
            return None;
        }
        let starts = |cols: &[&str]| {
            cols.len() >= fk.columns.len()
                && fk
                    .columns
                    .iter()
                    .zip(cols)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
        };
        let covered = table
            .indexes
            .iter()
            .any(|i| column_parts(&i.parts).is_some_and(|c| starts(&c)))
            || table.constraints.iter().any(|c| match c {
                Constraint::PrimaryKey { columns, .. } | Constraint::Unique { columns, .. } => {
                    starts(&columns.iter().map(String::as_str).collect::<Vec<_>>())
                }
                _ => false,
            });
        if covered {
            return None;
        }
        let base = fk.name.clone().or_else(|| fk.columns.first().cloned())?;
        // Index names are their own namespace on MySQL (a key and its
        // index share a name): only indexes and unique keys count.
        let mut taken: Vec<String> = table
            .indexes
            .iter()
            .filter_map(|i| i.name.clone())
            .collect();
        taken.extend(table.constraints.iter().filter_map(|c| match c {
            Constraint::Unique { name, .. } => name.clone(),
            _ => None,
        }));
        if !taken.contains(&base) {
            return Some(base);
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|n| !taken.contains(n))
    }
}

/// True when `parts` begins with the columns `prefix` names.
fn starts_with(parts: &[IndexPart], prefix: &[IndexPart]) -> bool {
    match (column_parts(parts), column_parts(prefix)) {
        (Some(p), Some(q)) => {
            p.len() >= q.len() && p.iter().zip(&q).all(|(a, b)| a.eq_ignore_ascii_case(b))
        }
        _ => false,
    }
}

/// The naming convention a batch block gives SQLite's unnamed foreign
/// keys: the same names [`fk_convention`] gives keys the diff adds.
const FK_TEMPLATE: &str = "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s";

/// The convention for unnamed unique constraints ([`uq_convention_name`]).
const UQ_TEMPLATE: &str = "uq_%(table_name)s_%(column_0_N_name)s";

/// `uq_<table>_<columns joined by _>`: the name [`UQ_TEMPLATE`] gives.
fn uq_convention_name(table: &Table, columns: &[String]) -> String {
    format!("uq_{}_{}", table.name, columns.join("_"))
}

/// On SQLite, where an unnamed constraint has no name to drop it by:
/// `batch_alter_table(..., naming_convention={kind: template})` whose
/// rebuild names the reflected table's unnamed constraints of that kind,
/// with `drop_constraint(name)` inside (Alembic's documented recipe).
fn convention_drop(table: &Table, kind: ConstraintKind, name: String) -> Op {
    let (key, template) = match kind {
        ConstraintKind::ForeignKey => ("fk", FK_TEMPLATE),
        _ => ("uq", UQ_TEMPLATE),
    };
    Op::Batch(Box::new(BatchAlterTable {
        table: table.name.clone(),
        schema: table.schema.clone(),
        recreate: Recreate::Auto,
        ops: vec![drop_constraint_op(table, name, kind)],
        placements: Vec::new(),
        naming_convention: vec![(key.to_string(), template.to_string())],
    }))
}

/// `fk_<table>_<column>_<referent>`: a name for a key created through a
/// rebuild, where an unnamed one is refused.
fn fk_convention(table: &Table, fk: &ForeignKey) -> String {
    format!(
        "fk_{}_{}_{}",
        table.name,
        fk.columns.first().map(String::as_str).unwrap_or(""),
        fk.referent_table
    )
}

/// `(owner_id) REFERENCES user (id)`.
fn fk_sql(fk: &ForeignKey) -> String {
    let referent = match &fk.referent_schema {
        Some(s) => format!("{s}.{}", fk.referent_table),
        None => fk.referent_table.clone(),
    };
    format!(
        "({}) REFERENCES {referent} ({})",
        fk.columns.join(", "),
        fk.referent_columns.join(", ")
    )
}
