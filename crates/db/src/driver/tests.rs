//! Driver tests against real databases: SQLite always; PostgreSQL and
//! MariaDB on 127.0.0.1 (required when CI=true, skipped with a notice
//! otherwise).

use super::*;

fn server_url(var: &str, default: &str) -> Option<DatabaseUrl> {
    let text = std::env::var(var).unwrap_or_else(|_| default.to_string());
    let url = DatabaseUrl::parse(&text).expect("test URL parses");
    Some(url)
}

fn connect_or_skip(url: &DatabaseUrl) -> Option<Box<dyn Connection>> {
    match connect(url) {
        Ok(conn) => Some(conn),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but the database server is not reachable: {e}")
        }
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

/// A connection to the PostgreSQL test server, or `None` (skip) outside CI.
fn postgres() -> Option<Box<dyn Connection>> {
    let url = server_url(
        "ALUDEL_TEST_PG_URL",
        "postgresql://postgres@127.0.0.1:5432/postgres",
    )?;
    connect_or_skip(&url)
}

/// A connection to the MariaDB test server, or `None` (skip) outside CI.
fn mariadb() -> Option<Box<dyn Connection>> {
    let url = server_url(
        "ALUDEL_TEST_MYSQL_URL",
        "mysql+pymysql://root@127.0.0.1:3306/test",
    )?;
    connect_or_skip(&url)
}

#[test]
fn sqlite_reads_rows_and_missing_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let url = DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).unwrap();
    // A database file that does not exist reads as empty and is not created.
    let mut conn = connect(&url).unwrap();
    assert!(conn
        .version_heads(&VersionTable::default())
        .unwrap()
        .is_empty());
    assert!(!path.exists());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("CREATE TABLE other (x INT);").unwrap();
    let mut conn = connect(&url).unwrap();
    assert!(conn
        .version_heads(&VersionTable::default())
        .unwrap()
        .is_empty());
    raw.execute_batch(
        "CREATE TABLE \"Versions\" (version_num VARCHAR(32) NOT NULL PRIMARY KEY); \
         INSERT INTO \"Versions\" VALUES ('abc'), ('def');",
    )
    .unwrap();
    let table = VersionTable {
        name: "Versions".into(),
        schema: None,
    };
    let mut heads = conn.version_heads(&table).unwrap();
    heads.sort();
    assert_eq!(heads, ["abc", "def"]);
}

#[test]
fn postgres_reads_rows() {
    let Some(mut conn) = postgres() else {
        return;
    };
    let schema = format!("aludel_drv_{}", std::process::id());
    let mut admin = ::postgres::Client::connect(
        "host=127.0.0.1 user=postgres dbname=postgres",
        ::postgres::NoTls,
    )
    .unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
        ))
        .unwrap();
    let table = VersionTable {
        name: "alembic_version".into(),
        schema: Some(schema.clone()),
    };
    assert!(conn.version_heads(&table).unwrap().is_empty());
    admin
        .batch_execute(&format!(
            "CREATE TABLE {schema}.alembic_version (version_num VARCHAR(32) PRIMARY KEY); \
             INSERT INTO {schema}.alembic_version VALUES ('aaa1');"
        ))
        .unwrap();
    assert_eq!(conn.version_heads(&table).unwrap(), ["aaa1"]);
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

#[test]
fn mariadb_reads_rows() {
    let Some(mut conn) = mariadb() else {
        return;
    };
    let table = VersionTable {
        name: format!("aludel_drv_{}", std::process::id()),
        schema: None,
    };
    assert!(conn.version_heads(&table).unwrap().is_empty());
    let mut admin =
        ::mysql::Conn::new(::mysql::Opts::from_url("mysql://root@127.0.0.1:3306/test").unwrap())
            .unwrap();
    use ::mysql::prelude::Queryable;
    admin
        .query_drop(format!(
            "CREATE TABLE `{}` (version_num VARCHAR(32) PRIMARY KEY)",
            table.name
        ))
        .unwrap();
    admin
        .query_drop(format!("INSERT INTO `{}` VALUES ('bbb2')", table.name))
        .unwrap();
    let heads = conn.version_heads(&table);
    admin
        .query_drop(format!("DROP TABLE `{}`", table.name))
        .unwrap();
    assert_eq!(heads.unwrap(), ["bbb2"]);
}

#[test]
fn quoting_doubles_quotes() {
    assert_eq!(quote_ident("a\"b", '"'), "\"a\"\"b\"");
    assert_eq!(quote_ident("order", '`'), "`order`");
}

/// Creates the version table (once), moves rows, and checks the row-count
/// rule, on any connection.
fn exercise_version_rows(conn: &mut dyn Connection, table: &VersionTable) {
    assert!(conn.ensure_version_table(table).unwrap());
    assert!(!conn.ensure_version_table(table).unwrap());
    conn.begin().unwrap();
    conn.insert_version(table, "aaa1").unwrap();
    conn.insert_version(table, "bbb2").unwrap();
    conn.update_version(table, "aaa1", "ccc3").unwrap();
    conn.commit().unwrap();
    let mut heads = conn.version_heads(table).unwrap();
    heads.sort();
    assert_eq!(heads, ["bbb2", "ccc3"]);
    let err = conn.delete_version(table, "zzz9").unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "Online migration expected to match one row when deleting 'zzz9' in '{}'; 0 found",
            table.name
        )),
        "{err}"
    );
    let err = conn
        .update_version(table, "zzz9", "yyy8")
        .unwrap_err()
        .to_string();
    assert!(err.contains("when updating 'zzz9' to 'yyy8'"), "{err}");
    conn.begin().unwrap();
    conn.delete_version(table, "bbb2").unwrap();
    conn.rollback().unwrap();
    assert_eq!(conn.version_heads(table).unwrap().len(), 2);
    conn.delete_version(table, "bbb2").unwrap();
    assert_eq!(conn.version_heads(table).unwrap(), ["ccc3"]);
}

#[test]
fn sqlite_writes_rows_creating_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let url = DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).unwrap();
    let mut conn = connect(&url).unwrap();
    exercise_version_rows(conn.as_mut(), &VersionTable::default());
    assert!(path.exists());
}

#[test]
fn postgres_writes_rows() {
    let Some(mut conn) = postgres() else {
        return;
    };
    let schema = format!("aludel_drvw_{}", std::process::id());
    conn.execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .unwrap();
    conn.execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let table = VersionTable {
        name: "alembic_version".into(),
        schema: Some(schema.clone()),
    };
    exercise_version_rows(conn.as_mut(), &table);
    conn.execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

#[test]
fn mariadb_writes_rows() {
    let Some(mut conn) = mariadb() else {
        return;
    };
    let table = VersionTable {
        name: format!("aludel_drvw_{}", std::process::id()),
        schema: None,
    };
    conn.execute(&format!("DROP TABLE IF EXISTS {}", table.name))
        .unwrap();
    exercise_version_rows(conn.as_mut(), &table);
    conn.execute(&format!("DROP TABLE {}", table.name)).unwrap();
}
