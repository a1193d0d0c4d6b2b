//! Projects with several databases: Alembic's `multidb` template (made by
//! the real `alembic init -t multidb`, its env.py and ini as they are)
//! migrated by aludel gives the version rows and tables real Alembic gives,
//! database by database; and a `[tool.aludel.databases]` project of three
//! databases (SQLite, PostgreSQL, MariaDB) migrates them in parallel, where
//! a failure in one leaves the others done and is reported.

mod support;

use std::path::Path;

use aludel_db::driver::{connect, VersionTable};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{Dialect, ScratchDb};
use support::migrate::MigrateOracle;
use support::scratch_project::aludel_cmd;

fn version_rows(url: &str) -> Vec<String> {
    let mut conn = connect(&DatabaseUrl::parse(url).unwrap()).unwrap();
    let mut rows = conn.version_heads(&VersionTable::default()).unwrap();
    rows.sort();
    rows
}

/// A revision of a several-database project: `upgrade(engine_name)`
/// dispatching to `upgrade_<name>()`, as the multidb template writes it.
fn multidb_revision(id: &str, down: Option<&str>, bodies: &[(&str, &str, &str)]) -> String {
    let mut text = format!(
        "\"\"\"{id}\n\nRevision ID: {id}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade(engine_name: str) -> None:\n    globals()[\"upgrade_%s\" % engine_name]()\n\n\ndef downgrade(engine_name: str) -> None:\n    globals()[\"downgrade_%s\" % engine_name]()\n",
        down.map_or("None".to_string(), |d| format!("'{d}'"))
    );
    for (name, up, down) in bodies {
        text.push_str(&format!(
            "\n\ndef upgrade_{name}() -> None:\n    {up}\n\n\ndef downgrade_{name}() -> None:\n    {down}\n"
        ));
    }
    text
}

fn write_revisions(versions: &Path) {
    std::fs::create_dir_all(versions).unwrap();
    std::fs::write(
        versions.join("a1_first.py"),
        multidb_revision(
            "a1",
            None,
            &[
                (
                    "engine1",
                    "op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True))",
                    "op.drop_table('users')",
                ),
                (
                    "engine2",
                    "op.create_table('events', sa.Column('id', sa.Integer(), primary_key=True))",
                    "op.drop_table('events')",
                ),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        versions.join("b2_second.py"),
        multidb_revision(
            "b2",
            Some("a1"),
            &[
                (
                    "engine1",
                    "op.add_column('users', sa.Column('name', sa.String(40)))",
                    "op.drop_column('users', 'name')",
                ),
                ("engine2", "pass", "pass"),
            ],
        ),
    )
    .unwrap();
}

/// `alembic init -t multidb` in `dir`, its two databases SQLite files there.
fn multidb_project(reference: &support::Reference, dir: &Path) -> (String, String) {
    let init = support::alembic(reference, dir, &["init", "-t", "multidb", "migrations"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let one = format!("sqlite:///{}", dir.join("one.db").display());
    let two = format!("sqlite:///{}", dir.join("two.db").display());
    let ini = std::fs::read_to_string(dir.join("alembic.ini")).unwrap();
    let ini = ini
        .replace(
            "sqlalchemy.url = driver://user:pass@localhost/dbname2",
            &format!("sqlalchemy.url = {two}"),
        )
        .replace(
            "sqlalchemy.url = driver://user:pass@localhost/dbname",
            &format!("sqlalchemy.url = {one}"),
        );
    assert!(
        ini.contains(&one) && ini.contains(&two),
        "template changed:\n{ini}"
    );
    std::fs::write(dir.join("alembic.ini"), ini).unwrap();
    write_revisions(&dir.join("migrations/versions"));
    (one, two)
}

#[test]
fn the_multidb_template_migrates_each_database_as_alembic_does() {
    let Some(reference) = support::reference() else {
        return;
    };
    let mut oracle = MigrateOracle::start(&reference);
    let with_alembic = tempfile::tempdir().unwrap();
    let with_aludel = tempfile::tempdir().unwrap();
    let (a1, a2) = multidb_project(&reference, with_alembic.path());
    let (l1, l2) = multidb_project(&reference, with_aludel.path());
    for args in [
        vec!["upgrade", "head"],
        vec!["downgrade", "-1"],
        vec!["upgrade", "head"],
        vec!["downgrade", "base"],
    ] {
        let alembic = support::alembic(&reference, with_alembic.path(), &args);
        assert_eq!(alembic.code, 0, "alembic {args:?}: {}", alembic.stderr);
        let aludel = aludel_cmd(with_aludel.path(), &args).output().unwrap();
        let stderr = String::from_utf8_lossy(&aludel.stderr);
        assert!(aludel.status.success(), "aludel {args:?}: {stderr}");
        let first = stderr
            .find("Migrating database engine1")
            .expect("engine1 line");
        let second = stderr
            .find("Migrating database engine2")
            .expect("engine2 line");
        assert!(first < second, "{stderr}");
        assert_eq!(
            version_rows(&l1),
            version_rows(&a1),
            "engine1 after {args:?}"
        );
        assert_eq!(
            version_rows(&l2),
            version_rows(&a2),
            "engine2 after {args:?}"
        );
        assert_eq!(
            oracle.dump(&l1)["tables"],
            oracle.dump(&a1)["tables"],
            "engine1 tables after {args:?}"
        );
        assert_eq!(
            oracle.dump(&l2)["tables"],
            oracle.dump(&a2)["tables"],
            "engine2 tables after {args:?}"
        );
        // `current` prints each database's rows, in order
        let alembic_current = support::alembic(&reference, with_alembic.path(), &["current"]);
        let aludel_current = aludel_cmd(with_aludel.path(), &["current"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&aludel_current.stdout),
            alembic_current.stdout,
            "current after {args:?}"
        );
    }
    // --sql writes one script per database, as the template's env.py does
    for dir in [with_alembic.path(), with_aludel.path()] {
        for name in ["engine1.sql", "engine2.sql"] {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    let alembic_sql = support::alembic(
        &reference,
        with_alembic.path(),
        &["upgrade", "head", "--sql"],
    );
    assert_eq!(alembic_sql.code, 0, "{}", alembic_sql.stderr);
    let aludel_sql = aludel_cmd(with_aludel.path(), &["upgrade", "head", "--sql"])
        .output()
        .unwrap();
    assert!(aludel_sql.status.success());
    assert!(String::from_utf8_lossy(&aludel_sql.stderr).contains("Writing output to engine2.sql"));
    assert_eq!(
        String::from_utf8_lossy(&aludel_sql.stdout),
        alembic_sql.stdout
    );
    for name in ["engine1.sql", "engine2.sql"] {
        let read = |dir: &Path| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let alembic_script = read(with_alembic.path());
        assert!(
            alembic_script.contains("CREATE TABLE"),
            "{name}: {alembic_script}"
        );
        assert_eq!(read(with_aludel.path()), alembic_script, "{name}");
    }
    // stamp and status reach every database too
    let stamped = aludel_cmd(with_aludel.path(), &["stamp", "head"])
        .output()
        .unwrap();
    assert!(stamped.status.success());
    assert_eq!(version_rows(&l1), ["b2"]);
    assert_eq!(version_rows(&l2), ["b2"]);
    let status = aludel_cmd(with_aludel.path(), &["status"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert_eq!(text.matches("Pending: none").count(), 2, "{text}");
}

#[test]
fn three_databases_run_in_parallel_and_one_failure_leaves_the_others_done() {
    let main = ScratchDb::sqlite();
    let Some(analytics) = ScratchDb::create_tagged(Dialect::Postgresql, "multi") else {
        return;
    };
    let Some(audit) = ScratchDb::create_tagged(Dialect::Mariadb, "multi") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("aludel.toml"),
        format!(
            "[databases]\nmain = \"{}\"\nanalytics = {{ url_env = \"ANALYTICS_URL\" }}\naudit = \"{}\"\n",
            main.url(),
            audit.url()
        ),
    )
    .unwrap();
    let versions = dir.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap();
    let table = "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))";
    std::fs::write(
        versions.join("a1_first.py"),
        multidb_revision(
            "a1",
            None,
            &[
                ("main", table, "op.drop_table('t')"),
                ("analytics", table, "op.drop_table('t')"),
                ("audit", table, "op.drop_table('t')"),
            ],
        ),
    )
    .unwrap();
    let fails = "op.execute('INSERT INTO no_such_table VALUES (1)')";
    std::fs::write(
        versions.join("b2_second.py"),
        multidb_revision(
            "b2",
            Some("a1"),
            &[
                ("main", "pass", "pass"),
                ("analytics", fails, "pass"),
                ("audit", "pass", "pass"),
            ],
        ),
    )
    .unwrap();
    let run = aludel_cmd(dir, &["upgrade", "head", "--jobs", "3"])
        .env("ANALYTICS_URL", analytics.url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(
        stdout.contains("FAILED: 1 of 3 databases failed: analytics"),
        "{stdout}"
    );
    assert!(stderr.contains("no_such_table"), "{stderr}");
    assert_eq!(version_rows(main.url()), ["b2"]);
    assert_eq!(version_rows(audit.url()), ["b2"]);
    // PostgreSQL rolled the whole run back
    assert!(version_rows(analytics.url()).is_empty());
    // one database at a time, by name
    let only = aludel_cmd(dir, &["downgrade", "base", "--database", "audit"])
        .env("ANALYTICS_URL", analytics.url())
        .output()
        .unwrap();
    assert!(
        only.status.success(),
        "{}",
        String::from_utf8_lossy(&only.stderr)
    );
    assert!(version_rows(audit.url()).is_empty());
    assert_eq!(version_rows(main.url()), ["b2"]);
    let unknown = aludel_cmd(dir, &["upgrade", "head", "--database", "nope"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&unknown.stdout);
    assert!(said.contains("no database named 'nope'"), "{said}");
}

#[test]
fn twenty_tenant_schemas_migrate_in_parallel_each_with_its_version_table() {
    let Some(db) = ScratchDb::create_tagged(Dialect::Postgresql, "tenants") else {
        return;
    };
    let tenants: Vec<String> = (1..=20).map(|i| format!("tenant_{i:02}")).collect();
    let mut admin = connect(&DatabaseUrl::parse(db.url()).unwrap()).unwrap();
    for tenant in &tenants {
        admin.run(&format!("CREATE SCHEMA {tenant}")).unwrap();
    }
    // tenant 07 already has the table: its first revision fails there
    admin
        .run("CREATE TABLE tenant_07.accounts (id INTEGER PRIMARY KEY)")
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let ids = support::scratch_project::write_project(
        tmp.path(),
        db.url(),
        &[
            support::scratch_project::create_table_body("accounts"),
            support::scratch_project::create_table_body("invoices"),
        ],
        false,
    );
    let list: Vec<String> = tenants.iter().map(|t| format!("\"{t}\"")).collect();
    std::fs::write(
        tmp.path().join("aludel.toml"),
        format!("tenants = [{}]\n", list.join(", ")),
    )
    .unwrap();
    let run = aludel_cmd(tmp.path(), &["upgrade", "head", "--jobs", "4"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success());
    assert!(
        stdout.contains("FAILED: 1 of 20 databases failed: tenant_07"),
        "{stdout}"
    );
    let rows_in = |schema: &str| -> Vec<String> {
        let mut conn = connect(&DatabaseUrl::parse(db.url()).unwrap()).unwrap();
        conn.version_heads(&VersionTable {
            name: "alembic_version".into(),
            schema: Some(schema.into()),
        })
        .unwrap()
    };
    for tenant in &tenants {
        if tenant == "tenant_07" {
            assert!(rows_in(tenant).is_empty(), "{tenant}");
        } else {
            assert_eq!(rows_in(tenant), [ids[1].clone()], "{tenant}");
        }
    }
    let invoices = admin
        .query_strings(
            "SELECT count(*)::text FROM information_schema.tables WHERE table_name = 'invoices'",
        )
        .unwrap();
    assert_eq!(invoices, ["19"]);
    // nothing went to the default schema
    assert!(rows_in("public").is_empty());
    // -x tenant=NAME runs one, as env.py recipes do
    admin.run("DROP TABLE tenant_07.accounts").unwrap();
    let one = aludel_cmd(tmp.path(), &["-x", "tenant=tenant_07", "upgrade", "head"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert!(one.status.success(), "{stderr}");
    assert_eq!(stderr.matches("Migrating database").count(), 1, "{stderr}");
    assert_eq!(rows_in("tenant_07"), [ids[1].clone()]);
}
