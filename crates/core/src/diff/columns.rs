//! A kept table: its columns added, changed and dropped, around its
//! indexes and constraints (dropped before the column changes, created
//! after them), and its comment.

use super::changes::ChangeKind;
use super::plan::{change_on, qualified, Phase, Planner, Unit};
use crate::dialect::DialectKind;
use crate::ops::{AlterColumn, Op};
use crate::schema::{Column, SqlType, Table};

impl Planner<'_> {
    /// Compares a table the models and the database both have.
    pub(super) fn compare_table(&mut self, want: &Table, have: &Table) {
        let dropped: Vec<String> = have
            .columns
            .iter()
            .filter(|c| want.column(&c.name).is_none())
            .map(|c| c.name.clone())
            .collect();
        let keys = self.compare_keys(want, have, &dropped);
        for unit in keys.drops {
            self.push(Phase::TablesChanged, unit);
        }
        for c in &want.columns {
            if have.column(&c.name).is_none() {
                self.add_column(want, c);
            }
        }
        for c in &want.columns {
            if let Some(h) = have.column(&c.name) {
                self.alter_column(want, c, h);
            }
        }
        for unit in keys.creates {
            self.push(Phase::TablesChanged, unit);
        }
        self.compare_primary_key(want, have);
        self.compare_table_comment(want, have);
        for c in &have.columns {
            if want.column(&c.name).is_none() {
                self.drop_column(have, c);
            }
        }
    }

    fn add_column(&mut self, table: &Table, column: &Column) {
        let unit = Unit {
            up: vec![Op::AddColumn {
                table: table.name.clone(),
                schema: table.schema.clone(),
                column: self.op_column(column),
                if_not_exists: false,
                inline_references: false,
                inline_primary_key: false,
            }],
            down: vec![drop_column(table, &column.name)],
            changes: vec![change_on(
                ChangeKind::AddColumn,
                table,
                Some(&column.name),
                None,
                Some(self.column_sql(column)),
            )],
        };
        self.push(Phase::TablesChanged, unit);
    }

    fn drop_column(&mut self, table: &Table, column: &Column) {
        let unit = Unit {
            up: vec![drop_column(table, &column.name)],
            down: vec![Op::AddColumn {
                table: table.name.clone(),
                schema: table.schema.clone(),
                column: self.op_column(column),
                if_not_exists: false,
                inline_references: false,
                inline_primary_key: false,
            }],
            changes: vec![change_on(
                ChangeKind::RemoveColumn,
                table,
                Some(&column.name),
                Some(self.column_sql(column)),
                None,
            )],
        };
        self.push(Phase::TablesChanged, unit);
    }

    /// `VARCHAR(50) NOT NULL`: a column for people.
    fn column_sql(&self, column: &Column) -> String {
        let mut s = self.type_sql(&column.type_);
        if !column.nullable {
            s.push_str(" NOT NULL");
        }
        s
    }

    fn type_sql(&self, ty: &SqlType) -> String {
        self.d
            .compile_type(ty)
            .unwrap_or_else(|_| self.d.normal_type(ty))
    }

    /// A server default as compared; `None` when there is none (MySQL and
    /// MariaDB report `NULL` for a nullable column without one).
    pub(super) fn default_normal(&self, column: &Column) -> Option<String> {
        let sql = self.d.default_value(column.server_default.as_ref()?);
        let n = self.d.normal_default(&sql);
        if n.eq_ignore_ascii_case("null") {
            return None;
        }
        // PostgreSQL keeps a boolean default as `true` / `false`, whatever
        // spelling of it the model gives (`'0'`, `'t'`, `1`).
        if self.d.kind() == DialectKind::Postgresql
            && self.d.normal_type(&column.type_) == "BOOLEAN"
        {
            let bare = n.trim_matches('\'').to_lowercase();
            match bare.as_str() {
                "0" | "f" | "false" | "n" | "no" | "off" => return Some("false".into()),
                "1" | "t" | "true" | "y" | "yes" | "on" => return Some("true".into()),
                _ => {}
            }
        }
        Some(n)
    }

    fn alter_column(&mut self, table: &Table, want: &Column, have: &Column) {
        let d = self.d;
        let type_changed =
            self.options.compare_type && d.normal_type(&want.type_) != d.normal_type(&have.type_);
        // A primary key column is NOT NULL whatever the model says, except
        // on SQLite, which keeps a nullable key as declared.
        let pk_fixed = want.primary_key && d.kind() != DialectKind::Sqlite;
        let nullable_changed = want.nullable != have.nullable && !pk_fixed;
        let default_changed = self.options.compare_server_default
            && self.default_normal(want) != self.default_normal(have);
        let comment_changed = d.has_comments() && want.comment != have.comment;
        if !(type_changed || nullable_changed || default_changed || comment_changed) {
            return;
        }
        let up = self.alter_op(
            table,
            want,
            have,
            (
                type_changed,
                nullable_changed,
                default_changed,
                comment_changed,
            ),
        );
        let down = self.alter_op(
            table,
            have,
            want,
            (
                type_changed,
                nullable_changed,
                default_changed,
                comment_changed,
            ),
        );
        let mut changes = Vec::new();
        let name = Some(want.name.as_str());
        if type_changed {
            changes.push(change_on(
                ChangeKind::ModifyType,
                table,
                name,
                Some(self.type_sql(&have.type_)),
                Some(self.type_sql(&want.type_)),
            ));
        }
        if nullable_changed {
            let n = |b: bool| if b { "NULL" } else { "NOT NULL" }.to_string();
            changes.push(change_on(
                ChangeKind::ModifyNullable,
                table,
                name,
                Some(n(have.nullable)),
                Some(n(want.nullable)),
            ));
        }
        if default_changed {
            let sql = |c: &Column| c.server_default.as_ref().map(|s| d.default_value(s));
            changes.push(change_on(
                ChangeKind::ModifyDefault,
                table,
                name,
                sql(have),
                sql(want),
            ));
        }
        if comment_changed {
            changes.push(change_on(
                ChangeKind::ModifyComment,
                table,
                name,
                have.comment.clone(),
                want.comment.clone(),
            ));
        }
        self.push(
            Phase::TablesChanged,
            Unit {
                up: vec![Op::AlterColumn(Box::new(up))],
                down: vec![Op::AlterColumn(Box::new(down))],
                changes,
            },
        );
    }

    /// `alter_column` taking `from` to `to`, with Alembic's `existing_*`
    /// arguments for what stays (MySQL restates the whole column).
    fn alter_op(
        &self,
        table: &Table,
        to: &Column,
        from: &Column,
        (ty, nullable, default, comment): (bool, bool, bool, bool),
    ) -> AlterColumn {
        let to_c = self.op_column(to);
        let from_c = self.op_column(from);
        AlterColumn {
            table: table.name.clone(),
            column: to.name.clone(),
            schema: table.schema.clone(),
            nullable: nullable.then_some(to.nullable),
            type_: ty.then(|| to_c.type_.clone()),
            server_default: default.then(|| to.server_default.clone()),
            new_column_name: None,
            comment: comment.then(|| to.comment.clone()),
            existing_type: Some(from_c.type_.clone()),
            existing_nullable: (!nullable).then_some(from.nullable),
            existing_server_default: if default {
                None
            } else {
                from.server_default.clone()
            },
            existing_comment: if comment { None } else { from.comment.clone() },
            postgresql_using: if ty { self.using(to, from) } else { None },
        }
    }

    /// PostgreSQL's `USING` for a type change it will not make by itself:
    /// into an enum, or out of a string type into another kind.
    fn using(&self, to: &Column, from: &Column) -> Option<String> {
        if self.d.kind() != DialectKind::Postgresql {
            return None;
        }
        let col = self.d.quote(&to.name);
        let target = self.d.compile_type(&to.type_).ok()?;
        let stringy = |t: &str| {
            let t = t.to_uppercase();
            t.starts_with("VARCHAR") || t.starts_with("TEXT") || t.starts_with("CHAR")
        };
        let from_sql = self.d.compile_type(&from.type_).ok()?;
        if to.type_.as_enum().is_some() {
            return Some(format!("{col}::text::{target}"));
        }
        if stringy(&from_sql) && !stringy(&target) {
            return Some(format!("{col}::{target}"));
        }
        None
    }

    fn compare_primary_key(&mut self, want: &Table, have: &Table) {
        let (_, w) = want.primary_key();
        let (_, h) = have.primary_key();
        if w != h {
            self.notes.push(format!(
                "the primary key of {} differs ({} in the database, {} in the models): aludel does not change primary keys; write op.drop_constraint / op.create_primary_key by hand",
                qualified(want),
                if h.is_empty() { "none".to_string() } else { h.join(", ") },
                if w.is_empty() { "none".to_string() } else { w.join(", ") },
            ));
        }
    }

    fn compare_table_comment(&mut self, want: &Table, have: &Table) {
        if !self.d.has_comments() || want.comment == have.comment {
            return;
        }
        let set = |t: &Table, comment: &str, existing: &Option<String>| Op::CreateTableComment {
            table: t.name.clone(),
            schema: t.schema.clone(),
            comment: comment.to_string(),
            existing_comment: existing.clone(),
        };
        let unset = |t: &Table, existing: &Option<String>| Op::DropTableComment {
            table: t.name.clone(),
            schema: t.schema.clone(),
            existing_comment: existing.clone(),
        };
        let up = match &want.comment {
            Some(c) => set(want, c, &have.comment),
            None => unset(want, &have.comment),
        };
        let down = match &have.comment {
            Some(c) => set(have, c, &want.comment),
            None => unset(have, &want.comment),
        };
        let kind = if want.comment.is_some() {
            ChangeKind::AddTableComment
        } else {
            ChangeKind::RemoveTableComment
        };
        self.push(
            Phase::TablesChanged,
            Unit {
                up: vec![up],
                down: vec![down],
                changes: vec![change_on(
                    kind,
                    want,
                    None,
                    have.comment.clone(),
                    want.comment.clone(),
                )],
            },
        );
    }
}

fn drop_column(table: &Table, column: &str) -> Op {
    Op::DropColumn {
        table: table.name.clone(),
        schema: table.schema.clone(),
        column: column.to_string(),
        if_exists: false,
    }
}
