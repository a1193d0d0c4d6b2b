//! Real projects: the fixtures in `tests/corpus/projects/`, modelled after
//! public SQLModel + Alembic projects (each folder's README names the
//! project and what it reproduces; `tests/corpus/README.md` has the table).
//!
//! Per project and database the project's migrations run on:
//!
//! 1. `aludel upgrade head` on one scratch database, the real `alembic
//!    upgrade head` on another; both succeed and the two schemas (and
//!    version rows) are equal as `tests/oracle/dump_schema.py` sees them;
//! 2. the real `alembic check` reports, on both databases, exactly the
//!    differences listed for the case (most cases: none) — a check of the
//!    fixture and of the expectations below;
//! 3. `aludel check` on aludel's database agrees with it: exit 0 and `No
//!    new upgrade operations detected.` when Alembic finds nothing, else
//!    exit 1, `FAILED: New upgrade operations detected: [...]`, and the
//!    same differences in `--json` (`kind`, `table`, `name`).
//!
//! The real Alembic runs in one Python process per test
//! (`tests/oracle/migrate_oracle.py`), with the reference venv of the
//! SQLModel version the project pins.  SQLite always; PostgreSQL and
//! MariaDB on 127.0.0.1 (required under `CI=true`, skipped with a notice
//! otherwise).

mod support;

use std::path::PathBuf;

use aludel_testkit::Env;
use serde_json::Value;
use support::migrate::{
    aludel_with_url, copy_tree, corpus_dir, json_differences, DatabasePair, Dialect, MigrateOracle,
};
use support::Run;

/// A difference both tools must report after `upgrade head`.
struct Expected {
    /// aludel's `--json` change: `kind`, `table`, `name`.
    kind: &'static str,
    table: &'static str,
    name: Option<&'static str>,
    /// What Alembic prints for it: a part of its `FAILED: New upgrade
    /// operations detected: [...]` line that names this difference alone.
    alembic: &'static str,
}

/// One project on one database.
struct Case {
    /// Folder under `tests/corpus/projects`.
    project: &'static str,
    dialect: Dialect,
    /// The reference venv with the SQLModel the project pins (0.0.24 for
    /// older pins, 0.0.50 for newer ones and ranges).
    env: Env,
    /// What `alembic check` reports after `upgrade head` (none: clean).
    expected: &'static [Expected],
}

/// How many lines of a tool's output a failure message shows.
const OUTPUT_TAIL: usize = 30;

fn tail(run: &Run) -> String {
    let text = format!("{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(OUTPUT_TAIL);
    format!(
        "  $ {} (exit {})\n{}",
        run.command_line(),
        run.code,
        lines.get(from..).unwrap_or_default().join("\n")
    )
}

/// Alembic's `Detected ...` log lines (one per difference it found).
fn detected_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("INFO  [alembic.autogenerate.") && l.contains("] Detected "))
        .collect()
}

/// The real `alembic check` found exactly `expected` (what it printed,
/// explained, when not).
fn alembic_check_matches(run: &Run, expected: &[Expected]) -> Result<(), String> {
    let detected = detected_lines(run);
    if expected.is_empty() {
        if run.code == 0
            && detected.is_empty()
            && run.stdout.contains("No new upgrade operations detected.")
        {
            return Ok(());
        }
        return Err("Alembic's check is not clean".to_string());
    }
    let failed = run
        .stdout
        .lines()
        .find(|l| l.starts_with("FAILED: New upgrade operations detected: ["))
        .ok_or("Alembic's check printed no `FAILED: New upgrade operations detected` line")?;
    if run.code == 0 {
        return Err("Alembic's check exited 0".to_string());
    }
    if detected.len() != expected.len() {
        return Err(format!(
            "Alembic detected {} differences, the test lists {}: {detected:?}",
            detected.len(),
            expected.len()
        ));
    }
    for e in expected {
        if !failed.contains(e.alembic) {
            return Err(format!("Alembic's line does not have `{}`", e.alembic));
        }
    }
    Ok(())
}

/// The (kind, table, name) of every change in aludel's `check --json`.
fn json_changes(run: &Run) -> Result<Vec<(String, String, Option<String>)>, String> {
    let value: Value = serde_json::from_str(run.stdout.trim())
        .map_err(|e| format!("`aludel check --json` printed no JSON ({e})"))?;
    let changes = value["changes"]
        .as_array()
        .ok_or("`aludel check --json` has no `changes` array")?;
    let ok = value["ok"]
        .as_bool()
        .ok_or("`aludel check --json` has no boolean `ok`")?;
    if !value["notes"].is_array() {
        return Err("`aludel check --json` has no `notes` array".to_string());
    }
    if ok != changes.is_empty() {
        return Err(format!("`ok` is {ok} with {} changes", changes.len()));
    }
    let text = |v: &Value| v.as_str().map(str::to_string);
    let mut out: Vec<_> = changes
        .iter()
        .map(|c| {
            (
                text(&c["kind"]).unwrap_or_default(),
                text(&c["table"]).unwrap_or_default(),
                text(&c["name"]),
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

fn run_case(case: &Case) {
    let what = format!("{} on {}", case.project, case.dialect);
    let reference = match case.env {
        Env::V50 => support::reference(),
        Env::V24 => aludel_testkit::reference_v24(),
    };
    let Some(reference) = reference else {
        return;
    };
    let tag = format!("rp_{}_{}", &case.project[..8], &case.dialect.name()[..2]);
    let Some(dbs) = DatabasePair::create(case.dialect, &tag) else {
        return;
    };
    let source = corpus_dir().join("projects").join(case.project);
    assert!(
        source.join("alembic.ini").is_file(),
        "{} is no project",
        source.display()
    );
    // Neither tool may write into tests/corpus; one copy serves both (the
    // oracle writes no bytecode, aludel writes nothing).
    let tmp = tempfile::Builder::new()
        .prefix("aludel-real-")
        .tempdir()
        .expect("create temp dir");
    let dir: PathBuf = tmp.path().join(case.project);
    copy_tree(&source, &dir);
    let mut oracle = MigrateOracle::start(&reference);

    // 1. upgrade head with each tool, the schemas compared
    let ours = aludel_with_url(&dir, &["upgrade", "head"], &dbs.aludel_url);
    assert_eq!(
        ours.code,
        0,
        "{what}: aludel upgrade head failed\n{}",
        tail(&ours)
    );
    let theirs = oracle.alembic(&dir, &["upgrade", "head"], &dbs.alembic_url);
    assert_eq!(
        theirs.code,
        0,
        "{what}: the real alembic upgrade head failed (a corpus bug)\n{}",
        tail(&theirs)
    );
    let alembic_dump = oracle.dump(&dbs.alembic_url);
    let aludel_dump = oracle.dump(&dbs.aludel_url);
    assert!(
        alembic_dump["tables"]
            .as_object()
            .is_some_and(|t| !t.is_empty()),
        "{what}: upgrade head made no tables"
    );
    // From here on every stage runs and the failures are reported together:
    // a schema difference does not hide what the checks say.
    let mut failures: Vec<String> = Vec::new();
    let diffs = json_differences(&alembic_dump, &aludel_dump, 40);
    if !diffs.is_empty() {
        failures.push(format!(
            "the databases differ after upgrade head (path: alembic | aludel):\n{}",
            diffs.join("\n")
        ));
    }

    // 2. what the real Alembic's check says, on both databases
    for (whose, url) in [
        ("Alembic's", &dbs.alembic_url),
        ("aludel's", &dbs.aludel_url),
    ] {
        let check = oracle.alembic(&dir, &["check"], url);
        if let Err(e) = alembic_check_matches(&check, case.expected) {
            failures.push(format!(
                "alembic check on {whose} database: {e} (the test's expectations are wrong, \
                 or the fixture changed)\n{}",
                tail(&check)
            ));
        }
    }
    drop(oracle);

    // 3. aludel's check agrees
    let plain = aludel_with_url(&dir, &["check"], &dbs.aludel_url);
    let failed_line = plain
        .stdout
        .lines()
        .any(|l| l.starts_with("FAILED: New upgrade operations detected: ["));
    if plain.code == 101 {
        failures.push(format!("aludel check panicked\n{}", tail(&plain)));
    } else if case.expected.is_empty() {
        if plain.code != 0 || !plain.stdout.contains("No new upgrade operations detected.") {
            failures.push(format!(
                "Alembic's check is clean, aludel check is not\n{}",
                tail(&plain)
            ));
        }
    } else if plain.code != 1 || !failed_line {
        failures.push(format!(
            "Alembic's check reports {} difference(s): aludel check must exit 1 with its \
             FAILED line\n{}",
            case.expected.len(),
            tail(&plain)
        ));
    }
    let mut want: Vec<(String, String, Option<String>)> = case
        .expected
        .iter()
        .map(|e| {
            (
                e.kind.to_string(),
                e.table.to_string(),
                e.name.map(str::to_string),
            )
        })
        .collect();
    want.sort();
    let json = aludel_with_url(&dir, &["check", "--json"], &dbs.aludel_url);
    match json_changes(&json) {
        Err(e) => failures.push(format!("{e}\n{}", tail(&json))),
        Ok(changes) if changes != want => failures.push(format!(
            "aludel check --json reports other differences than Alembic (as kind, table, \
             name)\n  aludel:  {changes:?}\n  Alembic: {want:?}"
        )),
        Ok(_) => {
            let status = if want.is_empty() { 0 } else { 1 };
            if json.code != status {
                failures.push(format!(
                    "aludel check --json exited {}, not {status}\n{}",
                    json.code,
                    tail(&json)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{what}:\n- {}", failures.join("\n- "));
}

// ---------------------------------------------------------------- full_stack_fastapi

// fastapi/full-stack-fastapi-template: PostgreSQL only, as the template
// (its integer -> UUID revision is PostgreSQL SQL).

#[test]
fn full_stack_fastapi_postgresql() {
    run_case(&Case {
        project: "full_stack_fastapi",
        dialect: Dialect::Postgresql,
        env: Env::V50,
        expected: &[],
    });
}

// ---------------------------------------------------------------- fastapi_alembic_sqlmodel_async

// jonra1993/fastapi-alembic-sqlmodel-async: PostgreSQL only, as the project
// (a `String` without length does not compile for MySQL; SQLite cannot add
// a foreign key outside batch mode); it pins an old SQLModel.

#[test]
fn fastapi_alembic_sqlmodel_async_postgresql() {
    run_case(&Case {
        project: "fastapi_alembic_sqlmodel_async",
        dialect: Dialect::Postgresql,
        env: Env::V24,
        expected: &[],
    });
}

// ---------------------------------------------------------------- langflow

#[test]
fn langflow_sqlite() {
    run_case(&Case {
        project: "langflow",
        dialect: Dialect::Sqlite,
        env: Env::V50,
        expected: &[],
    });
}

/// `Field(primary_key=True, unique=True)` puts `UNIQUE (id)` beside the
/// primary key in `CREATE TABLE`; PostgreSQL does not create a unique
/// constraint identical to the primary key, so Alembic always finds the
/// models' one missing. Alembic logs, three times:
///   `Detected added unique constraint None on '('id',)'`
const LANGFLOW_POSTGRESQL: &[Expected] = &[
    // FAILED: New upgrade operations detected: [('add_constraint',
    //   UniqueConstraint(Column('id', NullType(), table=<apikey>))), ...
    Expected {
        kind: "add_constraint",
        table: "apikey",
        name: None,
        alembic: "('add_constraint', UniqueConstraint(Column('id', NullType(), table=<apikey>)))",
    },
    // ... ('add_constraint', UniqueConstraint(Column('id', NullType(), table=<flow>))), ...
    Expected {
        kind: "add_constraint",
        table: "flow",
        name: None,
        alembic: "('add_constraint', UniqueConstraint(Column('id', NullType(), table=<flow>)))",
    },
    // ... ('add_constraint', UniqueConstraint(Column('id', NullType(), table=<user>)))]
    Expected {
        kind: "add_constraint",
        table: "user",
        name: None,
        alembic: "('add_constraint', UniqueConstraint(Column('id', NullType(), table=<user>)))",
    },
];

#[test]
fn langflow_postgresql() {
    run_case(&Case {
        project: "langflow",
        dialect: Dialect::Postgresql,
        env: Env::V50,
        expected: LANGFLOW_POSTGRESQL,
    });
}

#[test]
fn langflow_mariadb() {
    run_case(&Case {
        project: "langflow",
        dialect: Dialect::Mariadb,
        env: Env::V50,
        expected: &[],
    });
}

// ---------------------------------------------------------------- fastapi_sqlmodel_alembic

/// The project's `add year` revision creates `ix_song_year`; its model no
/// longer declares the index. Alembic logs
///   `Detected removed index 'ix_song_year' on 'song'`
/// and prints `FAILED: New upgrade operations detected: [('remove_index',
/// Index('ix_song_year', Column('year', INTEGER(), table=<song>)))]`
/// (`INTEGER(display_width=11)` on MariaDB).
const SONGS: &[Expected] = &[Expected {
    kind: "remove_index",
    table: "song",
    name: Some("ix_song_year"),
    alembic: "('remove_index', Index('ix_song_year', Column('year', INTEGER(",
}];

// It pins sqlmodel==0.0.8: the 0.0.24 venv is the closest reference.

#[test]
fn fastapi_sqlmodel_alembic_sqlite() {
    run_case(&Case {
        project: "fastapi_sqlmodel_alembic",
        dialect: Dialect::Sqlite,
        env: Env::V24,
        expected: SONGS,
    });
}

#[test]
fn fastapi_sqlmodel_alembic_postgresql() {
    run_case(&Case {
        project: "fastapi_sqlmodel_alembic",
        dialect: Dialect::Postgresql,
        env: Env::V24,
        expected: SONGS,
    });
}

#[test]
fn fastapi_sqlmodel_alembic_mariadb() {
    run_case(&Case {
        project: "fastapi_sqlmodel_alembic",
        dialect: Dialect::Mariadb,
        env: Env::V24,
        expected: SONGS,
    });
}

// ---------------------------------------------------------------- the corpus itself

/// Every project folder is run by a test above, and has its README.
#[test]
fn every_project_is_tested() {
    const TESTED: [&str; 4] = [
        "full_stack_fastapi",
        "fastapi_alembic_sqlmodel_async",
        "langflow",
        "fastapi_sqlmodel_alembic",
    ];
    let dir = corpus_dir().join("projects");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut tested: Vec<String> = TESTED.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(found, tested, "projects in {}", dir.display());
    for p in TESTED {
        let readme = std::fs::read_to_string(dir.join(p).join("README.md"))
            .unwrap_or_else(|e| panic!("{p}/README.md: {e}"));
        assert!(
            readme.contains("https://github.com/"),
            "{p}/README.md names no public project"
        );
    }
}
