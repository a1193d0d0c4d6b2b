//! MySQL / MariaDB: backtick quoting, `AUTO_INCREMENT`, inline comments,
//! native `ENUM(...)`, and `ALTER TABLE ... MODIFY/CHANGE` that restate the
//! whole column.
//!
//! MariaDB is a flavour of the same renderer, as it is in SQLAlchemy (one
//! MySQL dialect with `is_mariadb` set). For the operations aludel renders it
//! differs in three places: its reserved-word list, `sa.Uuid()` compiling to
//! its native `UUID` type instead of `CHAR(32)` (SQLAlchemy 2.1 on; 2.0 keeps
//! `CHAR(32)`, [`MySql::MARIADB_SQLALCHEMY_20`]), and a CHECK constraint being
//! dropped with `DROP CONSTRAINT` rather than MySQL's `DROP CHECK`.

use super::{ddl, literal, names, normal, reserved, types, Dialect, DialectKind, RenderError};
use crate::ops::{AlterColumn, ConstraintKind, Op};
use crate::schema::{Column, MysqlType, PostgresqlType, SqlType, UpperType};

/// The MySQL renderer, or its MariaDB flavour ([`MySql::MARIADB`]).
///
/// `Default` is plain MySQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MySql {
    /// True for MariaDB (SQLAlchemy's `dialect.is_mariadb`).
    mariadb: bool,
    /// `sa.Uuid` is MariaDB's native `UUID` (SQLAlchemy 2.1 and later).
    native_uuid: bool,
}

impl MySql {
    /// The MySQL renderer (`mysql://` URLs).
    pub const MYSQL: MySql = MySql {
        mariadb: false,
        native_uuid: false,
    };

    /// The MariaDB renderer (`mariadb://` URLs): offline, SQLAlchemy only
    /// knows a server is MariaDB from the URL's dialect name.
    pub const MARIADB: MySql = MySql {
        mariadb: true,
        native_uuid: true,
    };

    /// MariaDB as SQLAlchemy 2.0 renders it: `sa.Uuid` is `CHAR(32)` there,
    /// as on MySQL (projects pinning sqlmodel before 0.0.48 run 2.0).
    pub const MARIADB_SQLALCHEMY_20: MySql = MySql {
        mariadb: true,
        native_uuid: false,
    };
}

fn needs_length<D: Dialect + ?Sized>(d: &D, name: &str) -> RenderError {
    RenderError::Type {
        reason: format!("{name} requires a length on dialect {}", d.name()),
    }
}

fn is_timestamp(ty: &SqlType) -> bool {
    matches!(
        ty,
        SqlType::Upper(UpperType::Timestamp { .. })
            | SqlType::Postgresql(PostgresqlType::Timestamp { .. })
    )
}

/// A `postgresql.ENUM` column whose type SQLAlchemy creates with the table.
fn creates_pg_type(column: &Column) -> bool {
    matches!(&column.type_, SqlType::Postgresql(PostgresqlType::Enum(e)) if e.create_type)
}

impl MySql {
    fn alter_column(&self, a: &AlterColumn) -> Result<Vec<String>, RenderError> {
        // Alembic restates DateTime-like columns with CHANGE whenever the
        // default is not being dropped (its "functional default" rule).
        let functional = a
            .type_
            .as_ref()
            .or(a.existing_type.as_ref())
            .is_some_and(SqlType::is_datetime)
            && a.server_default != Some(None);
        let change = a.new_column_name.is_some() || functional;
        let restates = change || a.nullable.is_some() || a.type_.is_some() || a.comment.is_some();
        if !restates {
            return Ok(match &a.server_default {
                Some(d) => vec![ddl::alter_default(self, a, d.as_ref())],
                None => Vec::new(),
            });
        }
        let Some(ty) = a.type_.as_ref().or(a.existing_type.as_ref()) else {
            return Err(RenderError::Unsupported {
                op: "alter_column",
                reason: "All MySQL CHANGE/MODIFY COLUMN operations require the existing type."
                    .to_string(),
            });
        };
        let nullable = a.nullable.or(a.existing_nullable).unwrap_or(true);
        let mut spec = format!(
            "{} {}",
            self.compile_type(ty)?,
            if nullable { "NULL" } else { "NOT NULL" }
        );
        let default = match &a.server_default {
            Some(d) => d.as_ref(),
            None => a.existing_server_default.as_ref(),
        };
        if let Some(d) = default {
            spec.push_str(&format!(" DEFAULT {}", self.default_value(d)));
        }
        let comment = match &a.comment {
            Some(c) => c.as_ref(),
            None => a.existing_comment.as_ref(),
        };
        if let Some(c) = comment {
            spec.push_str(&format!(" COMMENT {}", literal::string(self.kind(), c)));
        }
        let alter = ddl::alter_table(self, &a.schema, &a.table);
        let column = self.quote(&a.column);
        Ok(vec![if change {
            let new = a.new_column_name.as_deref().unwrap_or(&a.column);
            format!("{alter} CHANGE {column} {} {spec}", self.quote(new))
        } else {
            format!("{alter} MODIFY {column} {spec}")
        }])
    }
}

impl Dialect for MySql {
    fn kind(&self) -> DialectKind {
        DialectKind::Mysql
    }

    fn is_mariadb(&self) -> bool {
        self.mariadb
    }

    fn name(&self) -> &'static str {
        if self.mariadb {
            "mariadb"
        } else {
            "mysql"
        }
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        if self.mariadb {
            reserved::MARIADB
        } else {
            reserved::MYSQL
        }
    }

    fn quote_char(&self) -> char {
        '`'
    }

    fn compile_type(&self, ty: &SqlType) -> Result<String, RenderError> {
        Ok(match ty {
            SqlType::String { length, collation } => {
                let n = length.ok_or_else(|| needs_length(self, "VARCHAR"))?;
                format!("VARCHAR({n}){}", types::collate(self, collation, false))
            }
            SqlType::Unicode { length } | SqlType::Upper(UpperType::Varchar(length)) => {
                format!(
                    "VARCHAR({})",
                    length.ok_or_else(|| needs_length(self, "VARCHAR"))?
                )
            }
            SqlType::Upper(UpperType::Nvarchar(length)) => format!(
                "NATIONAL VARCHAR({})",
                length.ok_or_else(|| needs_length(self, "NVARCHAR"))?
            ),
            SqlType::AutoString { length } => format!("VARCHAR({})", length.unwrap_or(255)),
            SqlType::Text { collation } => {
                format!("TEXT{}", types::collate(self, collation, false))
            }
            SqlType::Boolean | SqlType::Upper(UpperType::Boolean) => "BOOL".into(),
            SqlType::Enum(e) if e.native_enum => types::mysql_enum(self, &e.values),
            SqlType::Postgresql(PostgresqlType::Enum(e)) => types::mysql_enum(self, &e.values),
            SqlType::LargeBinary { length } => types::with_len("BLOB", *length),
            SqlType::Postgresql(PostgresqlType::Uuid) => "UUID".into(),
            // SQLAlchemy 2.1 gives MariaDB (10.7+ assumed offline) a native
            // UUID implementation of `sa.Uuid`; sqlmodel's GUID is the same type.
            SqlType::Uuid { .. } | SqlType::Guid if self.native_uuid => "UUID".into(),
            SqlType::Postgresql(PostgresqlType::Timestamp { .. }) => "TIMESTAMP".into(),
            SqlType::Postgresql(PostgresqlType::DoublePrecision) => "DOUBLE PRECISION".into(),
            SqlType::Postgresql(_) => return Err(types::foreign_type(self, ty)),
            SqlType::Mysql(m) => match m {
                MysqlType::Tinyint(w) => types::with_len("TINYINT", *w),
                MysqlType::Longtext => "LONGTEXT".into(),
                MysqlType::Mediumtext => "MEDIUMTEXT".into(),
                MysqlType::Datetime(fsp) => types::with_len("DATETIME", *fsp),
                MysqlType::Enum(values) => types::mysql_enum(self, values),
                MysqlType::Timestamp(fsp) => types::with_len("TIMESTAMP", *fsp),
                MysqlType::Tinytext => "TINYTEXT".into(),
                MysqlType::Mediumint(w) => types::with_len("MEDIUMINT", *w),
                MysqlType::Longblob => "LONGBLOB".into(),
                MysqlType::Mediumblob => "MEDIUMBLOB".into(),
                MysqlType::Other(t) => t.sql.clone(),
            },
            _ => types::generic(self, ty)?,
        })
    }

    fn normal_type(&self, ty: &SqlType) -> String {
        mysql_synonyms(&normal::generic_type(self, ty))
    }

    fn normal_default(&self, sql: &str) -> String {
        let d = normal::generic_default(sql);
        match d.as_str() {
            "now()"
            | "current_timestamp()"
            | "current_timestamp"
            | "localtimestamp"
            | "localtimestamp()" => "current_timestamp".into(),
            "true" => "1".into(),
            "false" => "0".into(),
            _ => d,
        }
    }

    fn implicit_constraint_name(
        &self,
        kind: ConstraintKind,
        table: &str,
        columns: &[String],
        taken: &[String],
    ) -> Option<String> {
        match kind {
            // InnoDB numbers unnamed keys after the highest number in use.
            ConstraintKind::ForeignKey => {
                let prefix = format!("{table}_ibfk_");
                let next = taken
                    .iter()
                    .filter_map(|n| n.strip_prefix(&prefix)?.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0)
                    + 1;
                Some(format!("{prefix}{next}"))
            }
            // A unique key is named after its first column (`x`, `x_2`, ...).
            ConstraintKind::Unique => {
                let first = columns.first()?;
                if !taken.contains(first) {
                    return Some(first.clone());
                }
                (2..)
                    .map(|n| format!("{first}_{n}"))
                    .find(|n| !taken.contains(n))
            }
            ConstraintKind::Primary => Some("PRIMARY".into()),
            // MariaDB numbers unnamed CHECKs `CONSTRAINT_n`, MySQL 8
            // `<table>_chk_n`, after the highest number in use.
            ConstraintKind::Check => {
                let prefix = if self.is_mariadb() {
                    "CONSTRAINT_".to_string()
                } else {
                    format!("{table}_chk_")
                };
                let next = taken
                    .iter()
                    .filter_map(|n| n.strip_prefix(&prefix)?.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0)
                    + 1;
                Some(format!("{prefix}{next}"))
            }
        }
    }

    fn unique_constraints_are_indexes(&self) -> bool {
        true
    }

    fn foreign_keys_make_indexes(&self) -> bool {
        true
    }

    fn column_spec(&self, column: &Column, autoincrement: bool) -> Result<String, RenderError> {
        let mut spec = format!(
            "{} {}",
            self.quote(&column.name),
            self.compile_type(&column.type_)?
        );
        if let Some(sql) = column.generated.as_ref().and_then(|g| g.computed_sql()) {
            spec.push_str(&format!(" {sql}"));
        }
        if !column.nullable {
            spec.push_str(" NOT NULL");
        } else if is_timestamp(&column.type_) {
            spec.push_str(" NULL");
        }
        if let Some(c) = &column.comment {
            spec.push_str(&format!(" COMMENT {}", literal::string(self.kind(), c)));
        }
        if autoincrement && column.server_default.is_none() {
            spec.push_str(" AUTO_INCREMENT");
        } else if let Some(d) = &column.server_default {
            let value = self.default_value(d);
            if ddl::default_needs_parens(&value) {
                spec.push_str(&format!(" DEFAULT ({value})"));
            } else {
                spec.push_str(&format!(" DEFAULT {value}"));
            }
        }
        Ok(spec)
    }

    fn render(&self, op: &Op) -> Result<Vec<String>, RenderError> {
        names::check_op(self.kind(), op)?;
        let stmts = match op {
            Op::CreateTable { columns, .. } if columns.iter().any(creates_pg_type) => {
                return Err(RenderError::Unsupported {
                    op: op.name(),
                    reason: "postgresql.ENUM creates its type with the table, which MySQL cannot \
                             render (use sa.Enum)"
                        .to_string(),
                });
            }
            Op::AlterColumn(a) => self.alter_column(a)?,
            Op::DropIndex {
                name,
                table,
                schema,
                if_exists,
                ..
            } => vec![format!(
                "DROP INDEX {}{} ON {}",
                super::ddl::if_exists_prefix(*if_exists),
                self.quote(name),
                ddl::table_name(self, schema, table.as_deref().unwrap_or("no_table"))
            )],
            Op::DropConstraint {
                name,
                table,
                schema,
                type_,
                ..
            } => vec![ddl::mysql_drop_constraint(
                self, name, table, schema, *type_,
            )?],
            Op::CreateTableComment {
                table,
                schema,
                comment,
                ..
            } => vec![format!(
                "{} COMMENT {}",
                ddl::alter_table(self, schema, table),
                literal::string(self.kind(), comment)
            )],
            Op::DropTableComment { table, schema, .. } => {
                vec![format!(
                    "{} COMMENT ''",
                    ddl::alter_table(self, schema, table)
                )]
            }
            _ => return ddl::render(self, op),
        };
        Ok(stmts.iter().map(|s| ddl::finish(self.kind(), s)).collect())
    }
}

/// MySQL's own names for the generic spellings: display widths dropped,
/// `BOOL` for `TINYINT(1)` / `BOOLEAN`, `INTEGER` for `INT`, `DECIMAL`'s
/// default precision, collations and character sets left out.
fn mysql_synonyms(t: &str) -> String {
    let mut t = t.to_string();
    for marker in [" COLLATE ", " CHARACTER SET "] {
        if let Some(at) = t.find(marker) {
            t.truncate(at);
        }
    }
    let base = t.split('(').next().unwrap_or(&t).to_string();
    match base.as_str() {
        "TINYINT" if t == "TINYINT(1)" => "BOOL".into(),
        "BOOLEAN" | "BOOL" => "BOOL".into(),
        "INT" | "INTEGER" => "INTEGER".into(),
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "BIGINT" => base,
        "NUMERIC" if t == "NUMERIC" => "NUMERIC(10, 0)".into(),
        "DOUBLE PRECISION" | "REAL" => "DOUBLE".into(),
        _ => t,
    }
}
