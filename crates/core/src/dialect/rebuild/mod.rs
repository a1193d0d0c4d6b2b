//! Rendering with table shapes: Alembic's batch "move and copy" on SQLite.
//!
//! SQLite cannot alter a column or add/drop a constraint in place, so
//! Alembic's `batch_alter_table` rebuilds the table: CREATE TABLE
//! `_alembic_tmp_<t>` with the new shape, `INSERT ... SELECT` the kept
//! columns (CAST where a type changes family), DROP the old table, RENAME
//! the new one and re-create the indexes. [`render_op`] does the same from a
//! [`TableShapes`] source, for batches and — departing from Alembic, which
//! prints SQL SQLite rejects — for such operations outside a batch too.

mod affinity;
mod apply;
mod order;

use apply::{carried_columns, BatchTable};

use super::{ddl, Dialect, DialectKind, RenderError};
use crate::naming::NamingConvention;
use crate::ops::{ColumnPlacement, Op, Recreate};
use crate::schema::{Constraint, ForeignKey, Index, IndexPart, ServerDefault, Table, TableShapes};

/// How statements are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// As `--sql` prints them: tabs as four spaces (Alembic's offline output).
    Offline,
    /// As Alembic executes them online: SQLAlchemy's tab-indented CREATE
    /// TABLE, which SQLite keeps verbatim in `sqlite_master`.
    Online,
}

/// The statements of one operation and, when it rebuilt a table, the
/// table's shape afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The statements, without terminators.
    pub statements: Vec<String>,
    /// The rebuilt table's new shape (`None`: no rebuild happened).
    pub rebuilt: Option<Table>,
}

/// Renders one op for a dialect in the offline layout, rebuilding the table
/// (move-and-copy) where SQLite needs it; `shapes` supplies the current table.
pub fn render_op(
    dialect: &dyn Dialect,
    op: &Op,
    shapes: &mut dyn TableShapes,
) -> Result<Vec<String>, RenderError> {
    Ok(render_op_in(dialect, op, shapes, Layout::Offline)?.statements)
}

/// [`render_op`] with a choice of layout, also reporting the rebuilt shape.
///
/// * `batch_alter_table` with `recreate="always"`, or `"auto"` on SQLite
///   when the batch has more than `add_column` (without an SQL-expression
///   default), `create_index` and `drop_index`, rebuilds the table.
///   Rebuilding is done on SQLite only: `recreate="always"` on PostgreSQL or
///   MySQL is an error here (Alembic would move-and-copy there too, which
///   breaks the foreign keys of other tables; it is rarely wanted).
/// * Other batches render their operations as plain statements.
/// * On SQLite, an operation SQLite cannot do in place (`alter_column` of
///   nullability, type or default; creating or dropping a constraint;
///   `add_column` with a foreign key or UNIQUE) is rebuilt as a
///   one-operation batch.
pub fn render_op_in(
    dialect: &dyn Dialect,
    op: &Op,
    shapes: &mut dyn TableShapes,
    layout: Layout,
) -> Result<Rendered, RenderError> {
    let sqlite = dialect.kind() == DialectKind::Sqlite;
    if let Op::Batch(batch) = op {
        let rebuilds = match batch.recreate {
            Recreate::Always => true,
            Recreate::Never => false,
            Recreate::Auto => sqlite && batch_needs_rebuild(&batch.ops),
        };
        if !rebuilds {
            if !batch.placements.is_empty() {
                return Err(RenderError::Batch {
                    table: batch.table.clone(),
                    reason: "Can't specify insert_before or insert_after when using ALTER; \
                             please specify recreate='always'"
                        .to_string(),
                });
            }
            return plain(dialect, op);
        }
        if !sqlite {
            return Err(RenderError::Unsupported {
                op: "batch_alter_table",
                reason: format!(
                    "recreate='always' rebuilds table '{}' by move-and-copy, which aludel does \
                     on SQLite only; on {} use recreate='auto' (plain ALTER statements)",
                    batch.table,
                    dialect.name()
                ),
            });
        }
        return rebuild(
            dialect,
            op.name(),
            &batch.table,
            batch.schema.as_deref(),
            &batch.ops,
            &batch.placements,
            &batch.naming_convention,
            shapes,
            layout,
        );
    }
    if sqlite && needs_rebuild_alone(dialect, op)? {
        if let Some((table, schema)) = op_table(op) {
            return rebuild(
                dialect,
                op.name(),
                table,
                schema,
                std::slice::from_ref(op),
                &[],
                &[],
                shapes,
                layout,
            );
        }
    }
    plain(dialect, op)
}

/// Whether SQLite runs `op` by copying its table into a new one (a batch
/// that rebuilds, or an operation SQLite cannot do in place), as
/// [`render_op_in`] decides: what a review warns about on big tables.
pub fn rebuilds_on_sqlite(op: &Op) -> bool {
    match op {
        Op::Batch(batch) => match batch.recreate {
            Recreate::Always => true,
            Recreate::Never => false,
            Recreate::Auto => batch_needs_rebuild(&batch.ops),
        },
        _ => needs_rebuild_alone(&super::Sqlite, op).unwrap_or(false),
    }
}

/// The operation's statements as plain rendering gives them.
fn plain(dialect: &dyn Dialect, op: &Op) -> Result<Rendered, RenderError> {
    Ok(Rendered {
        statements: dialect.render(op)?,
        rebuilt: None,
    })
}

/// Alembic's SQLite `requires_recreate_in_batch`: anything but `add_column`
/// with a constant (or no) default, `create_index` and `drop_index`.
fn batch_needs_rebuild(ops: &[Op]) -> bool {
    ops.iter().any(|op| match op {
        Op::AddColumn { column, .. } => matches!(
            column.server_default,
            Some(ServerDefault::Text(_) | ServerDefault::Func { .. })
        ),
        Op::CreateIndex { .. } | Op::DropIndex { .. } => false,
        _ => true,
    })
}

/// True for a non-batch operation SQLite cannot run in place.
fn needs_rebuild_alone(dialect: &dyn Dialect, op: &Op) -> Result<bool, RenderError> {
    Ok(match op {
        // A comment alone stays with the plain renderer, which refuses it as
        // SQLAlchemy does (SQLite has no comments; a rebuild would change nothing).
        Op::AlterColumn(a) => {
            a.nullable.is_some() || a.type_.is_some() || a.server_default.is_some()
        }
        Op::CreateUniqueConstraint { .. }
        | Op::CreateForeignKey { .. }
        | Op::CreateCheckConstraint { .. }
        | Op::CreatePrimaryKey { .. }
        | Op::DropConstraint { .. } => true,
        Op::AddColumn { .. } => matches!(dialect.render(op), Err(RenderError::NeedsBatch { .. })),
        _ => false,
    })
}

/// The table an operation changes.
fn op_table(op: &Op) -> Option<(&str, Option<&str>)> {
    match op {
        Op::AlterColumn(a) => Some((&a.table, a.schema.as_deref())),
        Op::AddColumn { table, schema, .. }
        | Op::CreateUniqueConstraint { table, schema, .. }
        | Op::CreateForeignKey { table, schema, .. }
        | Op::CreateCheckConstraint { table, schema, .. }
        | Op::CreatePrimaryKey { table, schema, .. }
        | Op::DropConstraint { table, schema, .. } => Some((table, schema.as_deref())),
        _ => None,
    }
}

/// Rebuilds `schema.table` applying `ops`.
#[allow(clippy::too_many_arguments)]
fn rebuild(
    d: &dyn Dialect,
    op_name: &'static str,
    table: &str,
    schema: Option<&str>,
    ops: &[Op],
    placements: &[ColumnPlacement],
    naming_convention: &[(String, String)],
    shapes: &mut dyn TableShapes,
    layout: Layout,
) -> Result<Rendered, RenderError> {
    let qualified = match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.to_string(),
    };
    let current = shapes
        .table(schema, table)
        .map_err(|message| RenderError::TableShape {
            table: qualified.clone(),
            message,
        })?
        .ok_or(RenderError::NoSuchTable {
            op: op_name,
            table: qualified,
        })?;
    let mut current = current;
    if !naming_convention.is_empty() {
        NamingConvention::from_pairs(naming_convention.iter().cloned())
            .name_unnamed(&mut current, d.kind());
    }
    let mut batch = BatchTable::new(&current, shapes.reflected());
    let applied = ops
        .iter()
        .try_for_each(|op| batch.apply(d, op, placements))
        .and_then(|()| batch.ordered());
    match applied {
        // Outside a batch block, say which operation was being rebuilt.
        Err(RenderError::Batch { table, reason }) if op_name != "batch_alter_table" => {
            Err(RenderError::Batch {
                table,
                reason: format!(
                    "{reason} (op.{op_name} rebuilds the table on SQLite, as a batch would)"
                ),
            })
        }
        Err(e) => Err(e),
        Ok(()) => emit(d, &batch, layout),
    }
}

/// Alembic's temporary table name, cut to 50 characters.
fn temp_name(table: &str) -> String {
    format!("_alembic_tmp_{table}").chars().take(50).collect()
}

/// The statements of a rebuild and the shape it leaves.
fn emit(d: &dyn Dialect, batch: &BatchTable, layout: Layout) -> Result<Rendered, RenderError> {
    let original = &batch.original;
    let schema = &original.schema;
    let temp = temp_name(&original.name);
    let new_shape = new_shape(batch);

    let create = create_temp_table(d, batch, &new_shape, &temp)?;

    let source = ddl::table_name(d, schema, &original.name);
    let mut into = Vec::new();
    let mut select = Vec::new();
    for slot in &batch.slots {
        let Some(src) = &slot.source else { continue };
        into.push(d.quote(&slot.column.name));
        let mut expr = format!("{source}.{}", d.quote(&slot.key));
        for ty in &src.casts {
            expr = format!("CAST({expr} AS {ty})");
        }
        if !src.casts.is_empty() {
            expr = format!("{expr} AS {}", d.quote(&slot.key));
        }
        select.push(expr);
    }
    let mut statements = vec![create];
    for index in &batch.temp_indexes {
        if let Some(name) = &index.name {
            statements.push(ddl::create_index(
                d,
                name,
                &temp,
                schema,
                &index.parts,
                index.unique,
                false,
                &index.options,
            ));
        }
    }
    if !into.is_empty() {
        statements.push(format!(
            "INSERT INTO {} ({}) SELECT {} \nFROM {source}",
            ddl::table_name(d, schema, &temp),
            into.join(", "),
            select.join(", ")
        ));
    }
    statements.push(format!("DROP TABLE {source}"));
    statements.push(format!(
        "{} RENAME TO {}",
        ddl::alter_table(d, schema, &temp),
        d.quote(&original.name)
    ));
    // The temporary table's own indexes (first in the shape) exist already.
    for index in new_shape.indexes.iter().skip(batch.temp_indexes.len()) {
        let Some(name) = &index.name else { continue };
        statements.push(ddl::create_index(
            d,
            name,
            &original.name,
            schema,
            &index.parts,
            index.unique,
            false,
            &index.options,
        ));
    }
    let statements = statements
        .into_iter()
        .map(|s| match layout {
            Layout::Offline => ddl::finish(d.kind(), &s),
            Layout::Online => s.trim().to_string(),
        })
        .collect();
    Ok(Rendered {
        statements,
        rebuilt: Some(new_shape),
    })
}

/// The table after the rebuild: columns under their new names, the kept
/// constraints and indexes with renamed columns followed.
fn new_shape(batch: &BatchTable) -> Table {
    let original = &batch.original;
    let rename =
        |keys: &[String]| -> Vec<String> { keys.iter().map(|k| batch.current_name(k)).collect() };
    let mut table = Table::new(original.schema.as_deref(), &original.name);
    table.comment = batch.comment.clone();
    table.sqlite_autoincrement = original.sqlite_autoincrement;
    table.columns = batch.slots.iter().map(|s| s.column.clone()).collect();
    if let Some((name, keys)) = &batch.primary_key {
        if !keys.is_empty() && batch.has_all(keys) {
            table.set_primary_key(name.clone(), rename(keys));
        } else {
            table.set_primary_key(None, Vec::new());
        }
    } else {
        table.set_primary_key(None, Vec::new());
    }
    for carried in batch.named.iter().chain(&batch.unnamed) {
        if !batch.has_all(carried_columns(carried)) {
            continue;
        }
        table.constraints.push(match &carried.constraint {
            Constraint::ForeignKey(fk) => {
                let mut fk: ForeignKey = fk.clone();
                fk.columns = rename(&fk.columns);
                Constraint::ForeignKey(fk)
            }
            Constraint::Unique { name, columns } => Constraint::Unique {
                name: name.clone(),
                columns: rename(columns),
            },
            other => other.clone(),
        });
    }
    let indexes = batch
        .temp_indexes
        .iter()
        .chain(&batch.indexes)
        .chain(&batch.new_indexes);
    for index in indexes {
        table.indexes.push(Index {
            parts: index
                .parts
                .iter()
                .map(|p| match p {
                    IndexPart::Column(c) => IndexPart::Column(batch.current_name(c)),
                    other => other.clone(),
                })
                .collect(),
            ..index.clone()
        });
    }
    table
}

/// `CREATE TABLE _alembic_tmp_<t> (...)` in SQLAlchemy's tab layout.
fn create_temp_table(
    d: &dyn Dialect,
    batch: &BatchTable,
    shape: &Table,
    temp: &str,
) -> Result<String, RenderError> {
    let op = "batch_alter_table";
    let (pk_name, pk_cols) = shape.primary_key();
    let inline_pk = autoincrement_inline(shape);
    let mut lines = Vec::new();
    for column in &shape.columns {
        let mut spec = d.column_spec(column, false)?;
        if inline_pk.as_deref() == Some(column.name.as_str()) {
            spec.push_str(" PRIMARY KEY AUTOINCREMENT");
        }
        lines.push(spec);
    }
    if !pk_cols.is_empty() && inline_pk.is_none() {
        lines.push(ddl::constraint_clause(
            d,
            &Constraint::PrimaryKey {
                name: pk_name.map(str::to_string),
                columns: pk_cols.iter().map(|c| c.to_string()).collect(),
            },
            op,
        )?);
    }
    for slot in batch.slots.iter().filter(|s| s.original_type) {
        if let Some(check) = ddl::enum_check(d, &slot.column) {
            lines.push(check);
        }
    }
    for c in &shape.constraints {
        match c {
            Constraint::PrimaryKey { .. } => {}
            // SQLite names the referred table without a schema, and leaves
            // out a key to a table in another schema (SQLAlchemy's SQLite DDL).
            Constraint::ForeignKey(fk) if d.kind() == DialectKind::Sqlite => {
                let target = fk.referent_schema.as_ref().or(shape.schema.as_ref());
                if target == shape.schema.as_ref() {
                    let mut local = fk.clone();
                    local.referent_schema = None;
                    lines.push(ddl::constraint_clause(
                        d,
                        &Constraint::ForeignKey(local),
                        op,
                    )?);
                }
            }
            _ => lines.push(ddl::constraint_clause(d, c, op)?),
        }
    }
    Ok(format!(
        "CREATE TABLE {} (\n\t{}\n)",
        ddl::table_name(d, &shape.schema, temp),
        lines.join(", \n\t")
    ))
}

/// The column SQLite declares `PRIMARY KEY AUTOINCREMENT` inline: with
/// `sqlite_autoincrement`, the single integer primary key column without a
/// foreign key.
fn autoincrement_inline(shape: &Table) -> Option<String> {
    if !shape.sqlite_autoincrement {
        return None;
    }
    let (_, pk) = shape.primary_key();
    let [only] = pk.as_slice() else {
        return None;
    };
    let column = shape.column(only)?;
    let in_fk = shape.constraints.iter().any(|c| match c {
        Constraint::ForeignKey(fk) => fk.columns.iter().any(|n| n == only),
        _ => false,
    });
    let integer = affinity::affinity(&column.type_) == affinity::Affinity::Integer;
    (integer && !in_fk).then(|| column.name.clone())
}

#[cfg(test)]
mod tests;
