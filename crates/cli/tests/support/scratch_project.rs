//! Small Alembic projects whose revisions run given upgrade bodies, on
//! scratch databases, for the tests of how runs fail, wait and recover
//! (`reliability.rs`, `timeouts.rs`).

use std::path::Path;
use std::process::Command;

use aludel_db::driver::{connect, Connection};
use aludel_db::url::DatabaseUrl;

pub const PG_ADMIN: &str = "postgresql://postgres@127.0.0.1:5432/postgres";

/// A project whose revision `i` (0-based) has the upgrade body `bodies[i]`
/// (and drops nothing on downgrade).
pub fn write_project(dir: &Path, url: &str, bodies: &[String], per_migration: bool) -> Vec<String> {
    let pairs: Vec<(String, String)> = bodies
        .iter()
        .map(|b| (b.clone(), "    pass".to_string()))
        .collect();
    write_project_with_downgrades(dir, url, &pairs, per_migration)
}

/// A project whose revision `i` (0-based) has the upgrade and downgrade
/// bodies `revisions[i]` (indented function bodies); the revision ids.
pub fn write_project_with_downgrades(
    dir: &Path,
    url: &str,
    revisions: &[(String, String)],
    per_migration: bool,
) -> Vec<String> {
    let versions = dir.join("migrations").join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        format!("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = {url}\n"),
    )
    .unwrap();
    if per_migration {
        std::fs::write(
            dir.join("aludel.toml"),
            "transaction_per_migration = true\n",
        )
        .unwrap();
    }
    let ids: Vec<String> = (0..revisions.len()).map(|i| format!("rev{i:04}")).collect();
    for (i, (body, down_body)) in revisions.iter().enumerate() {
        let down = if i == 0 {
            "None".to_string()
        } else {
            format!("'{}'", ids[i - 1])
        };
        let text = format!(
            "\"\"\"step {i}\n\nRevision ID: {id}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{body}\n\n\ndef downgrade():\n{down_body}\n",
            id = ids[i]
        );
        std::fs::write(versions.join(format!("{}_step.py", ids[i])), text).unwrap();
    }
    ids
}

/// The downgrade of [`create_table_body`].
pub fn drop_table_body(name: &str) -> String {
    format!("    op.drop_table('{name}')")
}

/// A copy of the stairway fixture `case` (`tests/fixtures/stairway/<case>`:
/// `migrations/versions/*.py`, perhaps models and `aludel.toml`) in `dir`,
/// with an alembic.ini whose URL is `url`.
pub fn stairway_fixture(dir: &Path, case: &str, url: &str) {
    let source = super::workspace_root()
        .join("tests/fixtures/stairway")
        .join(case);
    assert!(source.is_dir(), "no stairway fixture {}", source.display());
    copy_tree(&source, dir);
    std::fs::write(
        dir.join("alembic.ini"),
        format!("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = {url}\n"),
    )
    .unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The databases on the server of `dialect` whose names start with `prefix`.
pub fn databases_named(dialect: aludel_testkit::scratch::Dialect, prefix: &str) -> Vec<String> {
    use aludel_testkit::scratch::Dialect;
    let (admin, sql) = match dialect {
        Dialect::Postgresql => (PG_ADMIN.to_string(), "SELECT datname FROM pg_database"),
        Dialect::Mariadb => (
            MARIADB_ADMIN.to_string(),
            "SELECT schema_name FROM information_schema.schemata",
        ),
        Dialect::Sqlite => return Vec::new(),
    };
    let mut conn = connect(&DatabaseUrl::parse(&admin).unwrap()).unwrap();
    let mut names: Vec<String> = conn
        .query_strings(sql)
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

pub const MARIADB_ADMIN: &str = "mysql://root@127.0.0.1:3306/information_schema";

pub fn create_table_body(name: &str) -> String {
    format!(
        "    op.create_table(\n        '{name}',\n        sa.Column('id', sa.Integer(), nullable=False),\n        sa.Column('name', sa.String(50)),\n        sa.PrimaryKeyConstraint('id'),\n    )"
    )
}

pub fn aludel_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(super::aludel_bin());
    super::clean_env(&mut cmd);
    cmd.current_dir(dir).args(args);
    cmd
}

pub fn rows(url: &str) -> Vec<String> {
    let mut conn = connect(&DatabaseUrl::parse(url).unwrap()).unwrap();
    let mut rows = conn
        .version_heads(&aludel_db::driver::VersionTable::default())
        .unwrap();
    rows.sort();
    rows
}

/// The user tables of a database, sorted.
pub fn tables(url: &str) -> Vec<String> {
    let parsed = DatabaseUrl::parse(url).unwrap();
    let mut conn = connect(&parsed).unwrap();
    let sql = match parsed.dialect() {
        aludel_db::url::Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        }
        aludel_db::url::Dialect::Mysql => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1"
        }
        aludel_db::url::Dialect::Postgresql => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    };
    conn.query_strings(sql).unwrap()
}

/// A fresh PostgreSQL database for one test, or `None` when no server runs
/// (a failure under CI).
pub fn pg_database(tag: &str) -> Option<(Box<dyn Connection>, String, String)> {
    let mut admin = match connect(&DatabaseUrl::parse(PG_ADMIN).unwrap()) {
        Ok(c) => c,
        Err(e) if super::under_ci() => panic!("CI=true but PostgreSQL is not reachable: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: no PostgreSQL ({e})");
            return None;
        }
    };
    let name = format!("aludel_rel_{tag}_{}", std::process::id());
    admin
        .execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin.execute(&format!("CREATE DATABASE {name}")).unwrap();
    let url = format!("postgresql://postgres@127.0.0.1:5432/{name}");
    Some((admin, name, url))
}

pub fn drop_pg(mut admin: Box<dyn Connection>, name: &str) {
    let _ = admin.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
