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
    let Some(url) = server_url(
        "ALUDEL_TEST_PG_URL",
        "postgresql://postgres@127.0.0.1:5432/postgres",
    ) else {
        return;
    };
    let Some(mut conn) = connect_or_skip(&url) else {
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
    let Some(url) = server_url(
        "ALUDEL_TEST_MYSQL_URL",
        "mysql+pymysql://root@127.0.0.1:3306/test",
    ) else {
        return;
    };
    let Some(mut conn) = connect_or_skip(&url) else {
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
