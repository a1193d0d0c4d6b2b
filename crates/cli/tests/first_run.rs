//! What a newcomer meets in the first minutes, following a SQLModel guide:
//! messages for a missing config file, the `init` placeholder URL, a
//! mistyped SQLite path, servers that refuse the connection; deprecation
//! notices kept quiet; global options after the command; help texts; the
//! start-up INFO lines; `stamp --json`; and the bundled example project.

mod support;

use std::fs;
use std::path::Path;

use aludel_testkit::scratch::{server_available, Dialect, ScratchDb};
use aludel_testkit::under_ci;
use support::{aludel, Run};

/// A one-revision project on SQLite with the given extra `[alembic]` lines.
fn project(dir: &Path, extra_ini: &str) {
    let versions = dir.join("migrations/versions");
    fs::create_dir_all(&versions).unwrap();
    fs::write(
        dir.join("alembic.ini"),
        format!(
            "[alembic]\nscript_location = %(here)s/migrations\n\
             sqlalchemy.url = sqlite:///%(here)s/app.db\n{extra_ini}"
        ),
    )
    .unwrap();
    fs::write(
        versions.join("r1.py"),
        "\"\"\"first\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\
         revision = 'r1'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\n\
         def upgrade():\n    op.create_table('item', sa.Column('id', sa.Integer(), primary_key=True))\n\n\n\
         def downgrade():\n    op.drop_table('item')\n",
    )
    .unwrap();
}

fn failed_line(run: &Run) -> &str {
    run.stdout
        .lines()
        .find(|l| l.starts_with("FAILED: "))
        .unwrap_or_else(|| panic!("no FAILED line:\n{}\n{}", run.stdout, run.stderr))
}

fn server_or_skip(dialect: Dialect) -> bool {
    match server_available(dialect) {
        Ok(()) => true,
        Err(e) if under_ci() => panic!("{dialect} is needed under CI=true: {e}"),
        Err(e) => {
            eprintln!("skipped: {dialect} not available: {e}");
            false
        }
    }
}

#[test]
fn legacy_path_splitting_is_only_mentioned_with_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "prepend_sys_path = .\n");
    let quiet = aludel(tmp.path(), &["heads"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(quiet.stdout, "r1 (head)\n");
    assert!(!quiet.stderr.contains("path_separator"), "{}", quiet.stderr);

    let verbose = aludel(tmp.path(), &["heads", "-v"]);
    assert_eq!(verbose.code, 0, "{}", verbose.stderr);
    assert!(
        verbose
            .stderr
            .contains("DeprecationWarning: no path_separator in the configuration"),
        "{}",
        verbose.stderr
    );
}

#[test]
fn a_missing_config_file_is_named_with_where_aludel_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let run = aludel(tmp.path(), &["-c", "nope.ini", "current"]);
    assert_eq!(run.code, 255);
    assert_eq!(
        failed_line(&run),
        format!(
            "FAILED: No config file 'nope.ini' found: {} does not exist.",
            tmp.path().join("nope.ini").display()
        )
    );
    assert!(run.stderr.contains("-c/--config"), "{}", run.stderr);

    let run = aludel(tmp.path(), &["history"]);
    assert!(failed_line(&run).starts_with("FAILED: No config file 'alembic.ini' found: "));
    assert!(
        run.stderr.contains("alembic.ini in the current directory")
            && run.stderr.contains("aludel init"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_init_placeholder_url_says_how_to_set_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let init = aludel(tmp.path(), &["init", "migrations"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let run = aludel(tmp.path(), &["current"]);
    assert_eq!(run.code, 255);
    let failed = failed_line(&run);
    assert!(
        failed.contains("is the placeholder that init writes"),
        "{failed}"
    );
    assert!(failed.contains("alembic.ini:"), "{failed}");
    assert!(
        run.stderr.contains("DATABASE_URL=") && run.stderr.contains("--url"),
        "{}",
        run.stderr
    );
    assert!(!format!("{}{}", run.stdout, run.stderr).contains(":pass@"));
}

#[test]
fn current_on_a_sqlite_file_that_is_not_there_fails() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    for args in [
        &["--url", "sqlite:///typo.db", "current"][..],
        &["current", "--url", "sqlite:///no/such/dir/app.db"],
        &["--url", "sqlite:///typo.db", "history", "-i"],
    ] {
        let run = aludel(tmp.path(), args);
        assert_eq!(run.code, 255, "{args:?}: {}", run.stdout);
        assert!(
            failed_line(&run).contains("does not exist"),
            "{args:?}: {}",
            run.stdout
        );
        assert!(run.stderr.contains("aludel upgrade head"), "{}", run.stderr);
    }
    assert!(
        !tmp.path().join("typo.db").exists(),
        "current created the file"
    );

    // once upgraded, the same command reads the rows
    assert_eq!(aludel(tmp.path(), &["upgrade", "head"]).code, 0);
    let run = aludel(tmp.path(), &["current"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "r1 (head)\n");
}

#[test]
fn mariadb_connection_errors_are_the_servers_words() {
    if !server_or_skip(Dialect::Mariadb) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    let run = aludel(
        tmp.path(),
        &[
            "--url",
            "mysql://root:s3cret@127.0.0.1:3306/test",
            "current",
        ],
    );
    let failed = failed_line(&run);
    assert!(
        failed.ends_with(
            "cannot connect to mysql://root:***@127.0.0.1:3306/test: (1045) Access denied for \
             user 'root'@'127.0.0.1' (using password: YES)"
        ),
        "{failed}"
    );
    assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));

    let run = aludel(
        tmp.path(),
        &["--url", "mysql://root@127.0.0.1:3306/no_such_db", "current"],
    );
    assert!(
        failed_line(&run).ends_with(": (1049) Unknown database 'no_such_db'"),
        "{}",
        run.stdout
    );
}

#[test]
fn postgresql_connection_errors_are_the_servers_words() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    let run = aludel(
        tmp.path(),
        &[
            "--url",
            "postgresql://postgres:s3cret@127.0.0.1:5432/no_such_db",
            "current",
        ],
    );
    let failed = failed_line(&run);
    assert!(
        failed.ends_with(": database \"no_such_db\" does not exist"),
        "{failed}"
    );
    assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));
}

#[test]
fn global_options_may_follow_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    let url = format!("sqlite:///{}", tmp.path().join("other.db").display());
    let run = aludel(tmp.path(), &["upgrade", "head", "--url", &url, "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "-q after the command is quiet");
    assert!(tmp.path().join("other.db").exists());
    assert!(!tmp.path().join("app.db").exists());

    let run = aludel(tmp.path(), &["current", "--url", &url, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows[0]["revision"], "r1");
    assert_eq!(rows[0]["is_current"], true);

    // `current -c` stays --check-heads, as with Alembic
    let run = aludel(tmp.path(), &["current", "-c", "--url", &url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = aludel(tmp.path(), &["current", "-c"]);
    assert_eq!(run.code, 255, "the default database is empty");
    assert_eq!(
        failed_line(&run),
        "FAILED: the SQLite database file ".to_string()
            + &tmp.path().join("app.db").display().to_string()
            + " does not exist"
    );
}

#[test]
fn command_help_shows_global_options_and_the_target_grammar() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["upgrade", "downgrade", "stamp", "show", "history"] {
        let run = aludel(tmp.path(), &[command, "--help"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        for needle in ["Targets:", "LABEL@head", "ae10+2", "--url <URL>", "--json"] {
            assert!(
                run.stdout.contains(needle),
                "{command} --help lacks {needle}:\n{}",
                run.stdout
            );
        }
    }
    let run = aludel(tmp.path(), &["--help"]);
    assert!(run
        .stdout
        .contains("stamp, upgrade, downgrade, check, status, drift, lint and test"));
}

#[test]
fn read_commands_log_alembics_start_up_lines_truthfully() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    assert_eq!(aludel(tmp.path(), &["upgrade", "head"]).code, 0);
    let online = [
        "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.",
        // aludel runs SQLite DDL inside its transaction, unlike Alembic
        "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
    ];
    for args in [&["current"][..], &["history", "-i"], &["show", "current"]] {
        let run = aludel(tmp.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines, online, "{args:?}");
    }
    let run = aludel(tmp.path(), &["upgrade", "head", "--sql"]);
    let info: Vec<&str> = run.stderr.lines().take(3).collect();
    assert_eq!(
        info,
        [
            "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.",
            "INFO  [alembic.runtime.migration] Generating static SQL",
            // offline the script has no transaction, as Alembic's
            "INFO  [alembic.runtime.migration] Will assume non-transactional DDL.",
        ]
    );
    // `history` without -i does not touch the database
    let run = aludel(tmp.path(), &["history"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn server_start_up_lines_are_alembics() {
    for (dialect, lines) in [
        (
            Dialect::Postgresql,
            [
                "Context impl PostgresqlImpl.",
                "Will assume transactional DDL.",
            ],
        ),
        (
            Dialect::Mariadb,
            [
                "Context impl MySQLImpl.",
                "Will assume non-transactional DDL.",
            ],
        ),
    ] {
        if !server_or_skip(dialect) {
            continue;
        }
        let Some(db) = ScratchDb::create(dialect) else {
            continue;
        };
        let tmp = tempfile::tempdir().unwrap();
        project(tmp.path(), "");
        let run = aludel(tmp.path(), &["--url", db.url(), "current"]);
        assert_eq!(run.code, 0, "{dialect}: {}", run.stderr);
        let want: Vec<String> = lines
            .iter()
            .map(|l| format!("INFO  [alembic.runtime.migration] {l}"))
            .collect();
        assert_eq!(run.stderr.lines().collect::<Vec<_>>(), want, "{dialect}");
    }
}

#[test]
fn stamp_json_reports_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "");
    let run = aludel(tmp.path(), &["stamp", "head", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({
            "command": "stamp",
            "steps": [{"description": "stamp_revision  -> r1", "from": [], "to": ["r1"]}],
            "heads": ["r1"],
        })
    );
    let run = aludel(tmp.path(), &["--json", "stamp", "base"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["heads"], serde_json::json!([]));
    assert_eq!(report["steps"][0]["from"], serde_json::json!(["r1"]));
}
