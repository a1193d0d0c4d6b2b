//! What differs between the databases when aludel writes SQL: one
//! [`DialectInfo`] per database (the name of Alembic's implementation class,
//! transactional DDL, transaction markers of `--sql`, identifier quoting, the
//! `RETURNING` form SQLAlchemy gives an offline `INSERT`). Everything else
//! asks these values instead of testing the dialect itself.

use crate::url::{DatabaseUrl, Dialect};

/// How an offline `INSERT` of a version row ends (SQLAlchemy 2.x renders a
/// `RETURNING` of the primary key where the dialect supports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertReturning {
    /// No `RETURNING` clause (MySQL).
    None,
    /// `RETURNING version_num` (SQLite).
    Column,
    /// `RETURNING alembic_version.version_num` (PostgreSQL, MariaDB).
    QualifiedColumn,
}

/// The facts about one database that SQL rendering and the runner need.
#[derive(Debug)]
pub struct DialectInfo {
    /// Alembic's implementation class, as logged (`Context impl SQLiteImpl.`).
    pub impl_name: &'static str,
    /// Whether Alembic assumes DDL runs inside transactions
    /// (`Will assume transactional DDL.`): PostgreSQL yes, SQLite and MySQL no.
    pub transactional_ddl: bool,
    /// Whether aludel runs a whole command in one transaction (SQLite and
    /// PostgreSQL); otherwise one transaction per step, as DDL commits anyway.
    pub single_transaction: bool,
    /// The character that quotes identifiers.
    pub quote: char,
    /// The offline `INSERT ... RETURNING` form.
    pub insert_returning: InsertReturning,
    /// Words that must be quoted as identifiers (lower case).
    reserved: &'static [&'static str],
}

/// Reserved in all three dialects (SQL keywords SQLAlchemy quotes).
const COMMON_RESERVED: &[&str] = &[
    "all",
    "alter",
    "and",
    "any",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "exists",
    "false",
    "for",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "in",
    "index",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "right",
    "select",
    "set",
    "table",
    "then",
    "to",
    "true",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

static SQLITE: DialectInfo = DialectInfo {
    impl_name: "SQLiteImpl",
    transactional_ddl: false,
    single_transaction: true,
    quote: '"',
    insert_returning: InsertReturning::Column,
    reserved: COMMON_RESERVED,
};

static POSTGRESQL: DialectInfo = DialectInfo {
    impl_name: "PostgresqlImpl",
    transactional_ddl: true,
    single_transaction: true,
    quote: '"',
    insert_returning: InsertReturning::QualifiedColumn,
    reserved: COMMON_RESERVED,
};

static MYSQL: DialectInfo = DialectInfo {
    impl_name: "MySQLImpl",
    transactional_ddl: false,
    single_transaction: false,
    quote: '`',
    insert_returning: InsertReturning::None,
    reserved: COMMON_RESERVED,
};

static MARIADB: DialectInfo = DialectInfo {
    impl_name: "MariaDBImpl",
    transactional_ddl: false,
    single_transaction: false,
    quote: '`',
    insert_returning: InsertReturning::QualifiedColumn,
    reserved: COMMON_RESERVED,
};

impl DialectInfo {
    /// The facts for a URL's database (`mariadb://` is MariaDB, other MySQL
    /// URLs MySQL, as SQLAlchemy decides before connecting).
    pub fn of(url: &DatabaseUrl) -> &'static DialectInfo {
        match url.dialect() {
            Dialect::Sqlite => &SQLITE,
            Dialect::Postgresql => &POSTGRESQL,
            Dialect::Mysql if url.is_mariadb() => &MARIADB,
            Dialect::Mysql => &MYSQL,
        }
    }

    /// The facts for a dialect family (MySQL for MariaDB).
    pub fn of_dialect(dialect: Dialect) -> &'static DialectInfo {
        match dialect {
            Dialect::Sqlite => &SQLITE,
            Dialect::Postgresql => &POSTGRESQL,
            Dialect::Mysql => &MYSQL,
        }
    }

    /// The statement that opens the `--sql` script's transaction, if the
    /// dialect has transactional DDL (`BEGIN` on PostgreSQL).
    pub fn offline_begin(&self) -> Option<&'static str> {
        self.transactional_ddl.then_some("BEGIN")
    }

    /// The statement that closes it (`COMMIT`).
    pub fn offline_commit(&self) -> Option<&'static str> {
        self.transactional_ddl.then_some("COMMIT")
    }

    /// An identifier as SQLAlchemy writes it: bare when it is lower case,
    /// made of letters, digits, `_` and `$`, does not start with a digit or
    /// `$` and is not a reserved word; quoted (quotes doubled) otherwise.
    pub fn ident(&self, name: &str) -> String {
        let legal = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
        let bad_start = name
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_digit() || c == '$');
        if legal && !bad_start && !self.reserved.contains(&name) {
            return name.to_string();
        }
        let q = self.quote;
        format!("{q}{}{q}", name.replace(q, &format!("{q}{q}")))
    }
}

/// A string as an SQL literal: single quotes, inner quotes doubled.
pub fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        let pg = DialectInfo::of_dialect(Dialect::Postgresql);
        assert_eq!(pg.ident("alembic_version"), "alembic_version");
        assert_eq!(pg.ident("Versions"), "\"Versions\"");
        assert_eq!(pg.ident("user"), "\"user\"");
        assert_eq!(pg.ident("1st"), "\"1st\"");
        assert_eq!(pg.ident("a\"b"), "\"a\"\"b\"");
        let my = DialectInfo::of_dialect(Dialect::Mysql);
        assert_eq!(my.ident("order"), "`order`");
        assert_eq!(literal("it's"), "'it''s'");
    }
}
