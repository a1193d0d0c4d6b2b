//! Schema replay: applying operations to an in-memory [`SchemaState`], so
//! that a batch rebuild and `--sql` on SQLite know every table's shape
//! without a database connection.

mod error;

pub use error::ReplayError;

use crate::ops::{AlterColumn, ConstraintKind, Op};
use crate::schema::{
    constraint_columns, constraint_name, Column, Constraint, Index, IndexPart, SchemaState, Table,
};

/// Applies one operation to `state`. Enum types are tracked as PostgreSQL
/// keeps them: made by `create_enum` and by `create_table` for its named
/// native enums (unless `create_type=False`), removed by `drop_enum`.
/// Operations that do not change a shape (`execute`, `bulk_insert`)
/// change nothing.
pub fn apply(state: &mut SchemaState, op: &Op) -> Result<(), ReplayError> {
    let name = op.name();
    match op {
        Op::CreateTable {
            table,
            schema,
            columns,
            constraints,
            comment,
            if_not_exists,
        } => {
            if state.get(schema.as_deref(), table).is_some() {
                if *if_not_exists {
                    return Ok(());
                }
                return Err(ReplayError::TableExists {
                    op: name,
                    table: qualified(schema.as_deref(), table),
                });
            }
            state.insert(Table::from_create(
                schema.as_deref(),
                table,
                columns,
                constraints,
                comment.as_deref(),
            ));
            for c in columns {
                if let Some(e) = c.type_.as_enum() {
                    if let (Some(n), true, true) = (&e.name, e.native_enum, e.create_type) {
                        if state.enum_type(None, n).is_none() {
                            state.insert_enum(None, n, e.values.clone());
                        }
                    }
                }
            }
        }
        Op::DropTable {
            table,
            schema,
            if_exists,
        } => {
            if state.remove(schema.as_deref(), table).is_none() && !*if_exists {
                return Err(no_table(name, schema.as_deref(), table));
            }
        }
        Op::RenameTable {
            table,
            new_name,
            schema,
        } => {
            if state.get(schema.as_deref(), new_name).is_some() {
                return Err(ReplayError::TableExists {
                    op: name,
                    table: qualified(schema.as_deref(), new_name),
                });
            }
            let mut t = state
                .remove(schema.as_deref(), table)
                .ok_or_else(|| no_table(name, schema.as_deref(), table))?;
            t.name = new_name.clone();
            state.insert(t);
            // Databases follow a rename in the foreign keys that point at the table.
            retarget_keys(state, schema.as_deref(), |fk| {
                if fk.referent_table == *table {
                    fk.referent_table = new_name.clone();
                }
            });
        }
        Op::AddColumn {
            table,
            schema,
            column,
            if_not_exists,
            ..
        } => {
            let t = table_mut(state, name, schema.as_deref(), table)?;
            if t.column(&column.name).is_some() {
                if *if_not_exists {
                    return Ok(());
                }
                return Err(ReplayError::ColumnExists {
                    op: name,
                    table: table.clone(),
                    column: column.name.clone(),
                });
            }
            add_column(t, column);
        }
        Op::DropColumn {
            table,
            schema,
            column,
            if_exists,
        } => {
            let t = table_mut(state, name, schema.as_deref(), table)?;
            if t.column(column).is_none() {
                if *if_exists {
                    return Ok(());
                }
                return Err(no_column(name, t, column));
            }
            drop_column(t, column);
        }
        Op::AlterColumn(a) => {
            let t = table_mut(state, name, a.schema.as_deref(), &a.table)?;
            alter_column(t, a)?;
            if let Some(new) = &a.new_column_name {
                // Foreign keys elsewhere that refer to the column follow the rename.
                retarget_keys(state, a.schema.as_deref(), |fk| {
                    if fk.referent_table == a.table {
                        for c in &mut fk.referent_columns {
                            if *c == a.column {
                                *c = new.clone();
                            }
                        }
                    }
                });
            }
        }
        Op::CreateIndex {
            name: index,
            table,
            schema,
            parts,
            unique,
            if_not_exists,
            options,
        } => {
            let t = table_mut(state, name, schema.as_deref(), table)?;
            if t.indexes.iter().any(|i| i.name.as_deref() == Some(index)) && *if_not_exists {
                return Ok(());
            }
            for p in parts {
                if let IndexPart::Column(c) = p {
                    if t.column(c).is_none() {
                        return Err(no_column(name, t, c));
                    }
                }
            }
            t.indexes.push(Index {
                name: Some(index.clone()),
                parts: parts.clone(),
                unique: *unique,
                options: options.clone(),
            });
        }
        Op::DropIndex {
            name: index,
            table,
            schema,
            if_exists,
            ..
        } => drop_index(
            state,
            schema.as_deref(),
            table.as_deref(),
            index,
            *if_exists,
        )?,
        Op::CreateUniqueConstraint {
            name: cname,
            table,
            schema,
            columns,
        } => add_constraint(
            state,
            name,
            schema.as_deref(),
            table,
            Constraint::Unique {
                name: cname.clone(),
                columns: columns.clone(),
            },
        )?,
        Op::CreateForeignKey {
            table, schema, key, ..
        } => add_constraint(
            state,
            name,
            schema.as_deref(),
            table,
            Constraint::ForeignKey(key.clone()),
        )?,
        Op::CreateCheckConstraint {
            name: cname,
            table,
            schema,
            sqltext,
            ..
        } => add_constraint(
            state,
            name,
            schema.as_deref(),
            table,
            Constraint::Check {
                name: cname.clone(),
                sqltext: sqltext.clone(),
            },
        )?,
        Op::CreatePrimaryKey {
            name: cname,
            table,
            schema,
            columns,
        } => add_constraint(
            state,
            name,
            schema.as_deref(),
            table,
            Constraint::PrimaryKey {
                name: cname.clone(),
                columns: columns.clone(),
            },
        )?,
        Op::DropConstraint {
            name: cname,
            table,
            schema,
            type_,
            if_exists,
        } => {
            let t = table_mut(state, name, schema.as_deref(), table)?;
            let found = t.constraints.iter().position(|c| {
                constraint_name(c) == Some(cname.as_str()) && type_.is_none_or(|k| kind_of(c) == k)
            });
            match found {
                Some(i) => {
                    let removed = t.constraints.remove(i);
                    if matches!(removed, Constraint::PrimaryKey { .. }) {
                        t.set_primary_key(None, Vec::new());
                    }
                }
                None if *if_exists => {}
                None => {
                    return Err(ReplayError::NoSuchName {
                        op: name,
                        what: "constraint",
                        name: cname.clone(),
                        table: table.clone(),
                    })
                }
            }
        }
        Op::CreateTableComment {
            table,
            schema,
            comment,
            ..
        } => table_mut(state, name, schema.as_deref(), table)?.comment = Some(comment.clone()),
        Op::DropTableComment { table, schema, .. } => {
            table_mut(state, name, schema.as_deref(), table)?.comment = None
        }
        Op::Autocommit(inner) => {
            for op in inner {
                apply(state, op)?;
            }
        }
        Op::Batch(batch) => {
            let t = table_mut(state, name, batch.schema.as_deref(), &batch.table)?;
            // As the rebuild reflects the table: its unnamed constraints
            // named by the block's convention, so its ops find them.
            if !batch.naming_convention.is_empty() {
                crate::naming::NamingConvention::from_pairs(
                    batch.naming_convention.iter().cloned(),
                )
                .name_unnamed(t, crate::dialect::DialectKind::Sqlite);
            }
            for inner in &batch.ops {
                apply(state, inner)?;
            }
            if !batch.placements.is_empty() {
                if let Some(t) = state.get_mut(batch.schema.as_deref(), &batch.table) {
                    place_columns(t, &batch.placements);
                }
            }
        }
        Op::CreateEnum {
            name,
            schema,
            values,
            ..
        } => state.insert_enum(schema.as_deref(), name, values.clone()),
        Op::DropEnum { name, schema, .. } => {
            state.remove_enum(schema.as_deref(), name);
        }
        Op::Execute { .. } | Op::BulkInsert { .. } => {}
    }
    Ok(())
}

/// Applies every operation in order, stopping at the first failure.
pub fn apply_all<'a>(
    state: &mut SchemaState,
    ops: impl IntoIterator<Item = &'a Op>,
) -> Result<(), ReplayError> {
    for op in ops {
        apply(state, op)?;
    }
    Ok(())
}

/// Applies `change` to every foreign key that refers to a table in `schema`.
fn retarget_keys(
    state: &mut SchemaState,
    schema: Option<&str>,
    mut change: impl FnMut(&mut crate::schema::ForeignKey),
) {
    let keys: Vec<(Option<String>, String)> = state
        .tables()
        .map(|t| (t.schema.clone(), t.name.clone()))
        .collect();
    for (s, name) in keys {
        let Some(t) = state.get_mut(s.as_deref(), &name) else {
            continue;
        };
        for c in &mut t.constraints {
            if let Constraint::ForeignKey(fk) = c {
                // A key without a referent schema points into its own table's schema.
                let target_schema = fk.referent_schema.as_deref().or(t.schema.as_deref());
                if target_schema == schema {
                    change(fk);
                }
            }
        }
    }
}

fn qualified(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.to_string(),
    }
}

fn no_table(op: &'static str, schema: Option<&str>, table: &str) -> ReplayError {
    ReplayError::NoSuchTable {
        op,
        table: qualified(schema, table),
    }
}

fn no_column(op: &'static str, t: &Table, column: &str) -> ReplayError {
    ReplayError::NoSuchColumn {
        op,
        table: t.name.clone(),
        column: column.to_string(),
        known: t
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn table_mut<'a>(
    state: &'a mut SchemaState,
    op: &'static str,
    schema: Option<&str>,
    table: &str,
) -> Result<&'a mut Table, ReplayError> {
    state
        .get_mut(schema, table)
        .ok_or_else(|| no_table(op, schema, table))
}

fn kind_of(c: &Constraint) -> ConstraintKind {
    match c {
        Constraint::PrimaryKey { .. } => ConstraintKind::Primary,
        Constraint::ForeignKey(_) => ConstraintKind::ForeignKey,
        Constraint::Unique { .. } => ConstraintKind::Unique,
        Constraint::Check { .. } => ConstraintKind::Check,
    }
}

/// Adds a column; a primary-key column joins (or makes) the primary key.
fn add_column(t: &mut Table, column: &Column) {
    let pk = column.primary_key;
    t.push_column(column.clone());
    if pk {
        let (name, cols) = t.primary_key();
        let name = name.map(str::to_string);
        let mut cols: Vec<String> = cols.into_iter().map(str::to_string).collect();
        cols.push(column.name.clone());
        t.set_primary_key(name, cols);
    }
}

/// Drops a column and what depends on it only: the constraints and indexes
/// naming it go (as a database drops or refuses them; a rebuild leaves them out).
fn drop_column(t: &mut Table, column: &str) {
    t.columns.retain(|c| c.name != column);
    let (pk_name, pk_cols) = t.primary_key();
    let pk_name = pk_name.map(str::to_string);
    let pk_cols: Vec<String> = pk_cols
        .into_iter()
        .filter(|c| *c != column)
        .map(str::to_string)
        .collect();
    t.constraints.retain(|c| {
        matches!(c, Constraint::PrimaryKey { .. })
            || !constraint_columns(c).iter().any(|n| n == column)
    });
    t.set_primary_key(pk_name, pk_cols);
    t.indexes.retain(|i| {
        !i.parts
            .iter()
            .any(|p| matches!(p, IndexPart::Column(c) if c == column))
    });
}

fn alter_column(t: &mut Table, a: &AlterColumn) -> Result<(), ReplayError> {
    let op = "alter_column";
    if let Some(new) = &a.new_column_name {
        if new != &a.column && t.column(new).is_some() {
            return Err(ReplayError::ColumnExists {
                op,
                table: t.name.clone(),
                column: new.clone(),
            });
        }
    }
    if t.column(&a.column).is_none() {
        return Err(no_column(op, t, &a.column));
    }
    if let Some(c) = t.column_mut(&a.column) {
        if let Some(n) = a.nullable {
            c.nullable = n;
        }
        if let Some(ty) = &a.type_ {
            c.type_ = ty.clone();
        }
        if let Some(d) = &a.server_default {
            c.server_default = d.clone();
        }
        if let Some(comment) = &a.comment {
            c.comment = comment.clone();
        }
    }
    if let Some(new) = &a.new_column_name {
        rename_column(t, &a.column, new);
    }
    Ok(())
}

/// Renames a column everywhere the table names it.
fn rename_column(t: &mut Table, old: &str, new: &str) {
    let swap = |names: &mut Vec<String>| {
        for n in names.iter_mut() {
            if n == old {
                *n = new.to_string();
            }
        }
    };
    if let Some(c) = t.column_mut(old) {
        c.name = new.to_string();
    }
    for c in &mut t.constraints {
        match c {
            Constraint::PrimaryKey { columns, .. } | Constraint::Unique { columns, .. } => {
                swap(columns)
            }
            Constraint::ForeignKey(fk) => swap(&mut fk.columns),
            Constraint::Check { .. } => {}
        }
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if let IndexPart::Column(c) = p {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }
}

fn add_constraint(
    state: &mut SchemaState,
    op: &'static str,
    schema: Option<&str>,
    table: &str,
    c: Constraint,
) -> Result<(), ReplayError> {
    let t = table_mut(state, op, schema, table)?;
    for col in constraint_columns(&c) {
        if t.column(col).is_none() {
            return Err(no_column(op, t, col));
        }
    }
    match c {
        Constraint::PrimaryKey { name, columns } => t.set_primary_key(name, columns),
        other => t.constraints.push(other),
    }
    Ok(())
}

fn drop_index(
    state: &mut SchemaState,
    schema: Option<&str>,
    table: Option<&str>,
    index: &str,
    if_exists: bool,
) -> Result<(), ReplayError> {
    let op = "drop_index";
    let mut found = false;
    // drop_index may leave out the table (only MySQL needs it): look in all tables then.
    let candidates: Vec<(Option<String>, String)> = match table {
        Some(t) => vec![(schema.map(str::to_string), t.to_string())],
        None => state
            .tables()
            .filter(|t| t.schema.as_deref() == schema)
            .map(|t| (t.schema.clone(), t.name.clone()))
            .collect(),
    };
    for (s, name) in candidates {
        if let Some(t) = state.get_mut(s.as_deref(), &name) {
            let before = t.indexes.len();
            t.indexes.retain(|i| i.name.as_deref() != Some(index));
            found |= t.indexes.len() != before;
        }
    }
    if found || if_exists {
        return Ok(());
    }
    Err(ReplayError::NoSuchName {
        op,
        what: "index",
        name: index.to_string(),
        table: table.unwrap_or("?").to_string(),
    })
}

/// Moves columns added with `insert_before=` / `insert_after=` into place.
fn place_columns(t: &mut Table, placements: &[crate::ops::ColumnPlacement]) {
    for p in placements {
        let Some(from) = t.columns.iter().position(|c| c.name == p.column) else {
            continue;
        };
        let column = t.columns.remove(from);
        let at = match (&p.before, &p.after) {
            (Some(b), _) => t.columns.iter().position(|c| &c.name == b),
            (None, Some(a)) => t.columns.iter().position(|c| &c.name == a).map(|i| i + 1),
            (None, None) => None,
        };
        let at = at.unwrap_or(t.columns.len()).min(t.columns.len());
        t.columns.insert(at, column);
    }
}

#[cfg(test)]
mod tests;
