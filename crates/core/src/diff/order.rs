//! The order tables are created in: a table after the tables its foreign
//! keys refer to, so that `CREATE TABLE` finds them on databases that check
//! references in DDL.

use std::collections::BTreeSet;

use crate::schema::{Constraint, Table};

/// The key of a table: (schema, name).
pub(super) type TableKey = (Option<String>, String);

/// The key of `table`.
pub(super) fn key_of(table: &Table) -> TableKey {
    (table.schema.clone(), table.name.clone())
}

/// The tables `table`'s foreign keys refer to, itself left out.
fn referents(table: &Table) -> BTreeSet<TableKey> {
    let mut out = BTreeSet::new();
    for c in &table.constraints {
        if let Constraint::ForeignKey(fk) = c {
            // A key without a schema refers to the table's own schema, as
            // SQLAlchemy resolves `ForeignKey("other.id")`.
            let schema = fk.referent_schema.clone().or_else(|| table.schema.clone());
            let k = (schema, fk.referent_table.clone());
            if k != key_of(table) {
                out.insert(k);
            }
        }
    }
    out
}

/// `tables` ordered so that each comes after the tables of the set its
/// foreign keys refer to (ties by (schema, name)); the second list holds
/// the tables of reference cycles, which no order satisfies, in
/// (schema, name) order.
pub(super) fn creation_order<'t>(tables: &[&'t Table]) -> (Vec<&'t Table>, Vec<&'t Table>) {
    let keys: BTreeSet<TableKey> = tables.iter().map(|t| key_of(t)).collect();
    let mut pending: Vec<(&Table, BTreeSet<TableKey>)> = tables
        .iter()
        .map(|t| {
            let deps: BTreeSet<TableKey> = referents(t)
                .into_iter()
                .filter(|k| keys.contains(k))
                .collect();
            (*t, deps)
        })
        .collect();
    pending.sort_by_key(|(t, _)| key_of(t));
    let mut done: BTreeSet<TableKey> = BTreeSet::new();
    let mut out = Vec::with_capacity(tables.len());
    loop {
        let ready: Vec<usize> = pending
            .iter()
            .enumerate()
            .filter(|(_, (_, deps))| deps.iter().all(|d| done.contains(d)))
            .map(|(i, _)| i)
            .collect();
        if ready.is_empty() {
            break;
        }
        // One at a time, lowest key first, so the order is stable.
        let (t, _) = pending.remove(ready[0]);
        done.insert(key_of(t));
        out.push(t);
    }
    let cyclic = pending.into_iter().map(|(t, _)| t).collect();
    (out, cyclic)
}
