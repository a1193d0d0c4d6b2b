//! One difference between models and database, as `check` reports it.

use serde::Serialize;

/// The kind of a difference, named as Alembic's autogenerate names them in
/// `check`'s `New upgrade operations detected: [...]` (plus aludel's enum
/// type kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A table in the models only.
    AddTable,
    /// A table in the database only.
    RemoveTable,
    /// A column in the models only.
    AddColumn,
    /// A column in the database only.
    RemoveColumn,
    /// A column's type differs.
    ModifyType,
    /// A column's nullability differs.
    ModifyNullable,
    /// A column's server default differs.
    ModifyDefault,
    /// A column's comment differs.
    ModifyComment,
    /// An index in the models only (or changed: removed and added).
    AddIndex,
    /// An index in the database only.
    RemoveIndex,
    /// A unique or check constraint in the models only.
    AddConstraint,
    /// A unique or check constraint in the database only.
    RemoveConstraint,
    /// A foreign key in the models only.
    AddFk,
    /// A foreign key in the database only.
    RemoveFk,
    /// A table comment set or changed.
    AddTableComment,
    /// A table comment removed.
    RemoveTableComment,
    /// A PostgreSQL enum type in the models only.
    AddEnum,
    /// A PostgreSQL enum type in the database only.
    RemoveEnum,
    /// A PostgreSQL enum type whose values differ.
    ModifyEnum,
}

impl ChangeKind {
    /// Alembic's name of the difference (`add_column`, `modify_type`...).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::AddTable => "add_table",
            ChangeKind::RemoveTable => "remove_table",
            ChangeKind::AddColumn => "add_column",
            ChangeKind::RemoveColumn => "remove_column",
            ChangeKind::ModifyType => "modify_type",
            ChangeKind::ModifyNullable => "modify_nullable",
            ChangeKind::ModifyDefault => "modify_default",
            ChangeKind::ModifyComment => "modify_comment",
            ChangeKind::AddIndex => "add_index",
            ChangeKind::RemoveIndex => "remove_index",
            ChangeKind::AddConstraint => "add_constraint",
            ChangeKind::RemoveConstraint => "remove_constraint",
            ChangeKind::AddFk => "add_fk",
            ChangeKind::RemoveFk => "remove_fk",
            ChangeKind::AddTableComment => "add_table_comment",
            ChangeKind::RemoveTableComment => "remove_table_comment",
            ChangeKind::AddEnum => "add_enum",
            ChangeKind::RemoveEnum => "remove_enum",
            ChangeKind::ModifyEnum => "modify_enum",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What differs.
    pub kind: ChangeKind,
    /// The table's schema (`None`: the default one).
    pub schema: Option<String>,
    /// The table (`None` for an enum type).
    pub table: Option<String>,
    /// The column, index, constraint or enum type (`None` for a table).
    pub name: Option<String>,
    /// The database's side of the difference, in SQL (`VARCHAR(50)`,
    /// `NULL`, the default's text), when there is one.
    pub from: Option<String>,
    /// The models' side, in SQL.
    pub to: Option<String>,
}

impl Change {
    /// A line for people: `add column task.priority (INTEGER NOT NULL)`,
    /// `modify type of task.title: VARCHAR(50) -> VARCHAR(100)`.
    pub fn describe(&self) -> String {
        let mut place = String::new();
        if let Some(s) = &self.schema {
            place.push_str(s);
            place.push('.');
        }
        if let Some(t) = &self.table {
            place.push_str(t);
        }
        let named = |what: &str| match &self.name {
            Some(n) if place.is_empty() => format!("{what} {n}"),
            Some(n) => format!("{what} {n} on {place}"),
            None => format!("{what} {place}"),
        };
        let column = || match &self.name {
            Some(n) => format!("{place}.{n}"),
            None => place.clone(),
        };
        let both = || {
            format!(
                "{} -> {}",
                self.from.as_deref().unwrap_or("(none)"),
                self.to.as_deref().unwrap_or("(none)")
            )
        };
        let with = |text: String| match &self.to.as_ref().or(self.from.as_ref()) {
            Some(sql) => format!("{text} ({sql})"),
            None => text,
        };
        match self.kind {
            ChangeKind::AddTable => format!("add table {place}"),
            ChangeKind::RemoveTable => format!("remove table {place}"),
            ChangeKind::AddColumn => with(format!("add column {}", column())),
            ChangeKind::RemoveColumn => with(format!("remove column {}", column())),
            ChangeKind::ModifyType => format!("modify type of {}: {}", column(), both()),
            ChangeKind::ModifyNullable => format!("modify nullable of {}: {}", column(), both()),
            ChangeKind::ModifyDefault => {
                format!("modify server default of {}: {}", column(), both())
            }
            ChangeKind::ModifyComment => format!("modify comment of {}: {}", column(), both()),
            ChangeKind::AddIndex => with(named("add index")),
            ChangeKind::RemoveIndex => with(named("remove index")),
            ChangeKind::AddConstraint => with(named("add constraint")),
            ChangeKind::RemoveConstraint => with(named("remove constraint")),
            ChangeKind::AddFk => with(named("add foreign key")),
            ChangeKind::RemoveFk => with(named("remove foreign key")),
            ChangeKind::AddTableComment => format!("set comment of table {place}: {}", both()),
            ChangeKind::RemoveTableComment => format!("remove comment of table {place}"),
            ChangeKind::AddEnum => with(named("add enum type")),
            ChangeKind::RemoveEnum => with(named("remove enum type")),
            ChangeKind::ModifyEnum => format!(
                "modify values of enum type {}: {}",
                self.name.as_deref().unwrap_or(""),
                both()
            ),
        }
    }

    /// The tuple Alembic prints for the difference in `check`'s failure
    /// line, as near as a Rust value can spell a Python object:
    /// `('add_column', None, 'task', 'priority')`.
    pub fn alembic_tuple(&self) -> String {
        let q = |s: &Option<String>| match s {
            Some(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            None => "None".to_string(),
        };
        match self.kind {
            ChangeKind::AddTable | ChangeKind::RemoveTable => {
                format!(
                    "('{}', {}, {})",
                    self.kind.as_str(),
                    q(&self.schema),
                    q(&self.table)
                )
            }
            ChangeKind::AddEnum | ChangeKind::RemoveEnum | ChangeKind::ModifyEnum => {
                format!(
                    "('{}', {}, {})",
                    self.kind.as_str(),
                    q(&self.schema),
                    q(&self.name)
                )
            }
            _ => format!(
                "('{}', {}, {}, {})",
                self.kind.as_str(),
                q(&self.schema),
                q(&self.table),
                q(&self.name)
            ),
        }
    }
}
