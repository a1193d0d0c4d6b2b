//! PostgreSQL's enum types: created before the columns that use them,
//! rebuilt when their values change, dropped once nothing uses them.
//!
//! A type whose values change is rebuilt rather than altered: `ALTER TYPE
//! ... ADD VALUE` cannot remove or reorder values, and a value it adds
//! cannot be used in the transaction that added it. The rebuild renames
//! the old type away, creates the new one and moves each column over with
//! a cast through text.

use super::changes::{Change, ChangeKind};
use super::plan::{Phase, Planner, Unit};
use crate::dialect::literal;
use crate::dialect::DialectKind;
use crate::ops::Op;
use crate::schema::{Column, Table};

impl Planner<'_> {
    /// Phase 1: enum types the models add or give other values.
    pub(super) fn enums_created(&mut self) {
        if !self.d.has_enum_types() {
            return;
        }
        for ((schema, name), values) in self.desired.enum_types() {
            match self.actual.enum_type(schema.as_deref(), name) {
                None => {
                    let unit = Unit {
                        up: vec![Op::CreateEnum {
                            name: name.clone(),
                            schema: schema.clone(),
                            values: values.clone(),
                            checkfirst: false,
                        }],
                        down: vec![Op::DropEnum {
                            name: name.clone(),
                            schema: schema.clone(),
                            checkfirst: false,
                        }],
                        changes: vec![enum_change(
                            ChangeKind::AddEnum,
                            schema,
                            name,
                            None,
                            Some(values),
                        )],
                    };
                    self.push(Phase::EnumsCreated, unit);
                }
                Some(old) if old != values.as_slice() => {
                    let users = self.enum_users(self.actual, schema.as_deref(), name);
                    let up = self.rebuild(schema.as_deref(), name, values, &users);
                    let down = self.rebuild(schema.as_deref(), name, old, &users);
                    let unit = Unit {
                        up,
                        down,
                        changes: vec![enum_change(
                            ChangeKind::ModifyEnum,
                            schema,
                            name,
                            Some(old),
                            Some(values),
                        )],
                    };
                    self.push(Phase::EnumsCreated, unit);
                }
                Some(_) => {}
            }
        }
    }

    /// Phase 7: enum types of the database's columns that the models no
    /// longer have (types no column uses are not the models' business).
    pub(super) fn enums_dropped(&mut self) {
        if !self.d.has_enum_types() {
            return;
        }
        for ((schema, name), values) in self.actual.enum_types() {
            if self.desired.enum_type(schema.as_deref(), name).is_some() {
                continue;
            }
            if self
                .enum_users(self.actual, schema.as_deref(), name)
                .is_empty()
            {
                continue;
            }
            let unit = Unit {
                up: vec![Op::DropEnum {
                    name: name.clone(),
                    schema: schema.clone(),
                    checkfirst: false,
                }],
                down: vec![Op::CreateEnum {
                    name: name.clone(),
                    schema: schema.clone(),
                    values: values.clone(),
                    checkfirst: false,
                }],
                changes: vec![enum_change(
                    ChangeKind::RemoveEnum,
                    schema,
                    name,
                    Some(values),
                    None,
                )],
            };
            self.push(Phase::EnumsDropped, unit);
        }
    }

    /// The statements that give the type `name` the values `values`, moving
    /// the columns `users` over.
    fn rebuild(
        &self,
        schema: Option<&str>,
        name: &str,
        values: &[String],
        users: &[(&Table, &Column)],
    ) -> Vec<Op> {
        let d = self.d;
        let qualified = |n: &str| match schema {
            Some(s) => format!("{}.{}", d.quote(s), d.quote(n)),
            None => d.quote(n),
        };
        let old = format!("{name}_old");
        let list: Vec<String> = values
            .iter()
            .map(|v| literal::string(DialectKind::Postgresql, v))
            .collect();
        let mut sql = vec![
            format!("ALTER TYPE {} RENAME TO {}", qualified(name), d.quote(&old)),
            format!(
                "CREATE TYPE {} AS ENUM ({})",
                qualified(name),
                list.join(", ")
            ),
        ];
        for (table, column) in users {
            let t = match &table.schema {
                Some(s) => format!("{}.{}", d.quote(s), d.quote(&table.name)),
                None => d.quote(&table.name),
            };
            let c = d.quote(&column.name);
            let array = column.type_.as_enum().is_some()
                && !matches!(
                    column.type_,
                    crate::schema::SqlType::Enum(_)
                        | crate::schema::SqlType::Postgresql(crate::schema::PostgresqlType::Enum(
                            _
                        ))
                );
            let target = if array {
                format!("{}[]", qualified(name))
            } else {
                qualified(name)
            };
            let cast = if array { "text[]" } else { "text" };
            // A default is an expression of the old type: off during the
            // move, back after it (its text names the type, now the new one).
            if column.server_default.is_some() {
                sql.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
            }
            sql.push(format!(
                "ALTER TABLE {t} ALTER COLUMN {c} TYPE {target} USING {c}::{cast}::{target}"
            ));
            if let Some(default) = &column.server_default {
                sql.push(format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}",
                    d.default_value(default)
                ));
            }
        }
        sql.push(format!(
            "DROP TYPE {}",
            match schema {
                Some(s) => format!("{}.{}", d.quote(s), d.quote(&old)),
                None => d.quote(&old),
            }
        ));
        sql.into_iter().map(|sql| Op::Execute { sql }).collect()
    }
}

fn enum_change(
    kind: ChangeKind,
    schema: &Option<String>,
    name: &str,
    from: Option<&[String]>,
    to: Option<&[String]>,
) -> Change {
    let list = |v: &[String]| {
        let q: Vec<String> = v
            .iter()
            .map(|s| format!("'{}'", s.replace('\'', "''")))
            .collect();
        format!("({})", q.join(", "))
    };
    Change {
        kind,
        schema: schema.clone(),
        table: None,
        name: Some(name.to_string()),
        from: from.map(list),
        to: to.map(list),
    }
}
