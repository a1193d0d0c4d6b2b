//! What differs between the databases when aludel writes SQL: one
//! [`DialectInfo`] per database (the name of Alembic's implementation class,
//! transactional DDL, transaction markers of `--sql`, identifier quoting, the
//! `RETURNING` form SQLAlchemy gives an offline `INSERT`). Everything else
//! asks these values instead of testing the dialect itself.

use aludel_core::dialect::DialectKind;

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
    /// Whether every DDL statement commits at once (MySQL), so a failed
    /// revision keeps the statements that ran before the failure.
    pub ddl_autocommits: bool,
    /// Whether the run's write transaction is itself the migration lock
    /// (SQLite), so it must stay open for the whole run.
    pub transaction_is_lock: bool,
    /// The offline `INSERT ... RETURNING` form.
    pub insert_returning: InsertReturning,
    /// The SQL renderer of this database, which also quotes identifiers.
    kind: DialectKind,
}

static SQLITE: DialectInfo = DialectInfo {
    impl_name: "SQLiteImpl",
    transactional_ddl: false,
    single_transaction: true,
    ddl_autocommits: false,
    transaction_is_lock: true,
    insert_returning: InsertReturning::Column,
    kind: DialectKind::Sqlite,
};

static POSTGRESQL: DialectInfo = DialectInfo {
    impl_name: "PostgresqlImpl",
    transactional_ddl: true,
    single_transaction: true,
    ddl_autocommits: false,
    transaction_is_lock: false,
    insert_returning: InsertReturning::QualifiedColumn,
    kind: DialectKind::Postgresql,
};

static MYSQL: DialectInfo = DialectInfo {
    impl_name: "MySQLImpl",
    transactional_ddl: false,
    single_transaction: false,
    ddl_autocommits: true,
    transaction_is_lock: false,
    insert_returning: InsertReturning::None,
    kind: DialectKind::Mysql,
};

static MARIADB: DialectInfo = DialectInfo {
    impl_name: "MariaDBImpl",
    transactional_ddl: false,
    single_transaction: false,
    ddl_autocommits: true,
    transaction_is_lock: false,
    insert_returning: InsertReturning::QualifiedColumn,
    kind: DialectKind::Mysql,
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

    /// The SQL renderer's dialect.
    pub fn kind(&self) -> DialectKind {
        self.kind
    }

    /// An identifier as SQLAlchemy writes it for this database: bare when
    /// it can be, quoted (quotes doubled) when it is a reserved word, has
    /// upper-case letters or other characters.
    pub fn ident(&self, name: &str) -> String {
        self.kind.dialect().quote(name)
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
