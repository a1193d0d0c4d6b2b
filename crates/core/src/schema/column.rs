//! Columns and their server defaults.

use serde::Serialize;

use super::SqlType;

/// A server-side default (`server_default=`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ServerDefault {
    /// A Python string: rendered as a quoted SQL literal (`DEFAULT 'x'`).
    Literal(String),
    /// `sa.text("...")`: SQL text rendered as written.
    Text(String),
    /// `sa.func.<name>(args...)`, arguments as SQL text (`func.now()`).
    Func {
        /// Function name as written after `func.`.
        name: String,
        /// Arguments, already SQL text.
        args: Vec<String>,
    },
}

/// A `sa.ForeignKey("table.col", ...)` attached to a column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnForeignKey {
    /// The target as written: `table.col` or `schema.table.col`.
    pub target: String,
    /// Optional constraint name.
    pub name: Option<String>,
    /// `ondelete=`.
    pub ondelete: Option<String>,
    /// `onupdate=`.
    pub onupdate: Option<String>,
}

/// A `sa.Column(...)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column type.
    pub type_: SqlType,
    /// `nullable=` (SQLAlchemy's default: true unless primary key).
    pub nullable: bool,
    /// `primary_key=True`.
    pub primary_key: bool,
    /// `autoincrement=`: `None` is SQLAlchemy's `"auto"`.
    pub autoincrement: Option<bool>,
    /// `server_default=`.
    pub server_default: Option<ServerDefault>,
    /// `comment=`.
    pub comment: Option<String>,
    /// `sa.ForeignKey(...)` arguments.
    pub foreign_keys: Vec<ColumnForeignKey>,
    /// `unique=True`.
    pub unique: bool,
    /// `index=True`.
    pub index: bool,
    /// `sa.Computed(...)` / `sa.Identity(...)`: the database computes the
    /// value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
}

/// A column whose values the database makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Generated {
    /// `sa.Computed(sqltext, persisted=...)`: `GENERATED ALWAYS AS (...)`.
    Computed {
        /// The expression, SQL text.
        sqltext: String,
        /// `persisted=True` (`STORED`), `False` (`VIRTUAL`), or unsaid.
        persisted: Option<bool>,
    },
    /// `sa.Identity(always=..., start=..., increment=...)`: an identity
    /// column where the database has them (PostgreSQL), an ordinary
    /// auto-increment key elsewhere.
    Identity(Identity),
}

/// `sa.Identity(...)` options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// `always=True`: `GENERATED ALWAYS` (else `BY DEFAULT`).
    pub always: bool,
    /// `start=`.
    pub start: Option<i64>,
    /// `increment=`.
    pub increment: Option<i64>,
    /// `minvalue=`.
    pub minvalue: Option<i64>,
    /// `maxvalue=`.
    pub maxvalue: Option<i64>,
    /// `nominvalue=True`.
    pub nominvalue: bool,
    /// `nomaxvalue=True`.
    pub nomaxvalue: bool,
    /// `cache=`.
    pub cache: Option<i64>,
    /// `cycle=`.
    pub cycle: Option<bool>,
}

impl Generated {
    /// `GENERATED ALWAYS AS (...) [STORED|VIRTUAL]` of a computed column.
    pub fn computed_sql(&self) -> Option<String> {
        let Generated::Computed { sqltext, persisted } = self else {
            return None;
        };
        let mut sql = format!("GENERATED ALWAYS AS ({sqltext})");
        match persisted {
            Some(true) => sql.push_str(" STORED"),
            Some(false) => sql.push_str(" VIRTUAL"),
            None => {}
        }
        Some(sql)
    }

    /// `GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [(options)]`.
    pub fn identity_sql(&self) -> Option<String> {
        let Generated::Identity(id) = self else {
            return None;
        };
        let mut sql = format!(
            "GENERATED {} AS IDENTITY",
            if id.always { "ALWAYS" } else { "BY DEFAULT" }
        );
        let mut options = Vec::new();
        if let Some(n) = id.increment {
            options.push(format!("INCREMENT BY {n}"));
        }
        if let Some(n) = id.start {
            options.push(format!("START WITH {n}"));
        }
        if let Some(n) = id.minvalue {
            options.push(format!("MINVALUE {n}"));
        }
        if let Some(n) = id.maxvalue {
            options.push(format!("MAXVALUE {n}"));
        }
        if id.nominvalue {
            options.push("NO MINVALUE".into());
        }
        if id.nomaxvalue {
            options.push("NO MAXVALUE".into());
        }
        if let Some(n) = id.cache {
            options.push(format!("CACHE {n}"));
        }
        match id.cycle {
            Some(true) => options.push("CYCLE".into()),
            Some(false) => options.push("NO CYCLE".into()),
            None => {}
        }
        if !options.is_empty() {
            sql.push_str(&format!(" ({})", options.join(" ")));
        }
        Some(sql)
    }

    /// An identity column.
    pub fn is_identity(&self) -> bool {
        matches!(self, Generated::Identity(_))
    }
}

impl Column {
    /// `sa.Column(name, type_)` with SQLAlchemy's defaults.
    pub fn new(name: &str, type_: SqlType) -> Self {
        Column {
            name: name.to_string(),
            type_,
            nullable: true,
            primary_key: false,
            autoincrement: None,
            server_default: None,
            comment: None,
            foreign_keys: Vec::new(),
            unique: false,
            index: false,
            generated: None,
        }
    }

    /// `nullable=False`.
    pub fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }

    /// `primary_key=True` (which also makes the column NOT NULL).
    pub fn primary_key(mut self) -> Self {
        self.primary_key = true;
        self.nullable = false;
        self
    }

    /// `server_default=`.
    pub fn default(mut self, default: ServerDefault) -> Self {
        self.server_default = Some(default);
        self
    }

    /// `comment=`.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// Adds `sa.ForeignKey(target)`.
    pub fn references(mut self, target: &str) -> Self {
        self.foreign_keys.push(ColumnForeignKey {
            target: target.to_string(),
            name: None,
            ondelete: None,
            onupdate: None,
        });
        self
    }
}
