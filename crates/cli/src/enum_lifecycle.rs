//! PostgreSQL enum types looked after while revisions run online, where
//! Alembic leaves them to chance: `add_column` / `alter_column` to an
//! `sa.Enum` fails there with `type "x" does not exist`, a `create_table`
//! run again after its downgrade with `type "x" already exists`, and a
//! dropped table leaves its type behind.
//!
//! Here a named native enum a column needs is created when it does not
//! exist yet, a `create_table` does not create one that exists, and the
//! types the columns dropped in a step used are dropped at the end of the
//! step when no column uses them any more. Histories that manage their
//! types by hand keep working: a type's fate is decided at the end of the
//! step (after any explicit `.drop()` in it), and an explicit create of a
//! type this run created, or an explicit drop of one this run dropped, is
//! taken as done.
//!
//! Offline (`--sql`) nothing changes: there is no catalog to ask, and the
//! script says what the revision files say.

use std::collections::BTreeSet;

use aludel_core::dialect::Dialect;
use aludel_core::ops::Op;
use aludel_core::schema::{Column, EnumType, PostgresqlType, SqlType};
use aludel_db::driver::{Connection, DbError};

/// (schema, name) of a type; `None` is the search path's.
type Key = (Option<String>, String);

/// What to do around one operation.
#[derive(Debug, Default)]
pub struct Around {
    /// Statements to run before the operation's own.
    pub before: Vec<String>,
    /// Run this operation instead (a `create_table` that must not create
    /// a type that exists).
    pub replace: Option<Op>,
    /// The operation is already done (an explicit create or drop of a type
    /// this run created or dropped).
    pub skip: bool,
}

/// The run's bookkeeping.
#[derive(Debug, Default)]
pub struct EnumLifecycle {
    created: BTreeSet<Key>,
    dropped: BTreeSet<Key>,
    /// Types the step's dropped columns used, decided at its end.
    candidates: Vec<Key>,
}

/// The named native enum types `ty` needs (itself, or an array's items).
fn enum_of(ty: &SqlType) -> Option<&EnumType> {
    let e = ty.as_enum()?;
    (e.native_enum && e.name.is_some()).then_some(e)
}

impl EnumLifecycle {
    /// What `op` needs before it runs on `conn`.
    pub fn before(
        &mut self,
        d: &dyn Dialect,
        op: &Op,
        conn: &mut dyn Connection,
    ) -> Result<Around, DbError> {
        let mut around = Around::default();
        if !d.has_enum_types() {
            return Ok(around);
        }
        match op {
            Op::AddColumn { column, .. } => {
                self.ensure(d, &column.type_, conn, &mut around.before)?;
            }
            Op::AlterColumn(a) => {
                if let Some(ty) = &a.type_ {
                    let used =
                        conn.enum_types_used_by(a.schema.as_deref(), &a.table, Some(&a.column))?;
                    self.candidates.extend(used);
                    self.ensure(d, ty, conn, &mut around.before)?;
                }
            }
            Op::CreateTable { columns, .. } => {
                let mut changed: Vec<Column> = columns.clone();
                let mut replaced = false;
                let mut seen: BTreeSet<String> = BTreeSet::new();
                for c in &mut changed {
                    let Some(e) = enum_of(&c.type_) else { continue };
                    let name = e.name.clone().unwrap_or_default();
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let exists = conn.enum_type_exists(None, &name)? == Some(true);
                    if exists && e.create_type {
                        c.type_ = without_create(&c.type_);
                        replaced = true;
                    } else if !exists && !e.create_type {
                        self.ensure(d, &c.type_, conn, &mut around.before)?;
                    } else if !exists {
                        self.created.insert((None, name));
                    }
                }
                if replaced {
                    if let Op::CreateTable {
                        table,
                        schema,
                        constraints,
                        comment,
                        if_not_exists,
                        ..
                    } = op
                    {
                        around.replace = Some(Op::CreateTable {
                            table: table.clone(),
                            schema: schema.clone(),
                            columns: changed,
                            constraints: constraints.clone(),
                            comment: comment.clone(),
                            if_not_exists: *if_not_exists,
                        });
                    }
                }
            }
            Op::DropColumn {
                table,
                schema,
                column,
                ..
            } => {
                let used = conn.enum_types_used_by(schema.as_deref(), table, Some(column))?;
                self.candidates.extend(used);
            }
            Op::DropTable { table, schema, .. } => {
                let used = conn.enum_types_used_by(schema.as_deref(), table, None)?;
                self.candidates.extend(used);
            }
            Op::Batch(batch) => {
                for inner in &batch.ops {
                    let more = self.before(d, inner, conn)?;
                    around.before.extend(more.before);
                }
            }
            Op::CreateEnum {
                name,
                schema,
                checkfirst: false,
                ..
            } => {
                let key = (schema.clone(), name.clone());
                if self.created.contains(&key)
                    && conn.enum_type_exists(schema.as_deref(), name)? == Some(true)
                {
                    around.skip = true;
                }
            }
            Op::DropEnum {
                name,
                schema,
                checkfirst: false,
            } => {
                let key = (schema.clone(), name.clone());
                if (self.dropped.contains(&key) || self.candidates.contains(&key))
                    && conn.enum_type_exists(schema.as_deref(), name)? == Some(false)
                {
                    around.skip = true;
                }
            }
            _ => {}
        }
        Ok(around)
    }

    /// Creates the type `ty` needs when it does not exist.
    fn ensure(
        &mut self,
        d: &dyn Dialect,
        ty: &SqlType,
        conn: &mut dyn Connection,
        out: &mut Vec<String>,
    ) -> Result<(), DbError> {
        let Some(e) = enum_of(ty) else {
            return Ok(());
        };
        let name = e.name.clone().unwrap_or_default();
        if conn.enum_type_exists(None, &name)? == Some(true) {
            return Ok(());
        }
        let create = Op::CreateEnum {
            name: name.clone(),
            schema: None,
            values: e.values.clone(),
            checkfirst: false,
        };
        if let Ok(statements) = d.render(&create) {
            out.extend(statements);
            self.created.insert((None, name));
        }
        Ok(())
    }

    /// At the end of a step: `DROP TYPE` for each type its dropped columns
    /// used that still exists and that no column uses now.
    pub fn end_step(
        &mut self,
        d: &dyn Dialect,
        conn: &mut dyn Connection,
    ) -> Result<Vec<String>, DbError> {
        let mut out = Vec::new();
        let candidates = std::mem::take(&mut self.candidates);
        let mut seen: BTreeSet<Key> = BTreeSet::new();
        for key in candidates {
            if !seen.insert(key.clone()) {
                continue;
            }
            let (schema, name) = &key;
            if conn.enum_type_exists(schema.as_deref(), name)? != Some(true)
                || conn.enum_type_in_use(schema.as_deref(), name)?
            {
                continue;
            }
            let drop = Op::DropEnum {
                name: name.clone(),
                schema: schema.clone(),
                checkfirst: false,
            };
            if let Ok(statements) = d.render(&drop) {
                out.extend(statements);
                self.dropped.insert(key);
            }
        }
        Ok(out)
    }
}

/// `ty` with its enum's `create_type` off (`postgresql.ENUM(create_type=False)`).
fn without_create(ty: &SqlType) -> SqlType {
    match ty {
        SqlType::Enum(e) | SqlType::Postgresql(PostgresqlType::Enum(e)) => {
            let mut e = e.clone();
            e.create_type = false;
            SqlType::Postgresql(PostgresqlType::Enum(e))
        }
        SqlType::Array(item) => SqlType::Array(Box::new(without_create(item))),
        SqlType::Postgresql(PostgresqlType::Array(item)) => {
            SqlType::Postgresql(PostgresqlType::Array(Box::new(without_create(item))))
        }
        other => other.clone(),
    }
}
