//! `aludel test`, the stairway test, on real databases: histories with a
//! seeded bug each (tests/fixtures/stairway/<case>) are caught with a
//! message that names the revision, a clean history passes (with --data and
//! against its models), the JUnit and JSON reports, the scratch databases
//! gone afterwards, workers that start from copies, and bad input.
//!
//! SQLite always runs; PostgreSQL and MariaDB on the test servers (skipped
//! with a notice where absent, a failure under CI=true).

mod support;

use std::path::Path;
use std::process::{Output, Stdio};

use aludel_testkit::scratch::{server_or_skip, Dialect, ScratchDb};
use serde_json::Value;
use support::scratch_project::{
    aludel_cmd, create_table_body, databases_named, drop_table_body, stairway_fixture, tables,
    write_project_with_downgrades,
};

/// The dialects whose server answers (SQLite always).
fn dialects() -> Vec<Dialect> {
    Dialect::ALL
        .into_iter()
        .filter(|&d| d == Dialect::Sqlite || server_or_skip(d))
        .collect()
}

/// A configured database for a project: a testkit scratch database (which
/// `aludel test` must leave alone).
fn configured(dialect: Dialect) -> ScratchDb {
    ScratchDb::create_tagged(dialect, "stairway").expect("server checked by dialects()")
}

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
    pid: u32,
}

impl Ran {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("--json output does not parse ({e}):\n{}", self.all()))
    }
}

fn run_test(dir: &Path, args: &[&str]) -> Ran {
    run_test_env(dir, args, &[])
}

fn run_test_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Ran {
    let mut full = vec!["test"];
    full.extend_from_slice(args);
    let mut cmd = aludel_cmd(dir, &full);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    let ran = Ran {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        pid,
    };
    assert!(
        !ran.all().contains("panicked"),
        "aludel panicked:\n{}",
        ran.all()
    );
    ran
}

/// The project of fixture `case` on a configured database of `dialect`.
fn fixture(case: &str, dialect: Dialect) -> (tempfile::TempDir, ScratchDb) {
    let tmp = tempfile::tempdir().unwrap();
    let db = configured(dialect);
    stairway_fixture(tmp.path(), case, db.url());
    (tmp, db)
}

/// The `FAIL` lines of a text report.
fn fail_lines(ran: &Ran) -> Vec<&str> {
    ran.stdout
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .collect()
}

/// Runs fixture `case` on every dialect in `only` (all when empty) and
/// checks that revision `revision` fails its check `check` with a message
/// containing `needle`.
fn caught(case: &str, extra: &[&str], revision: &str, check: &str, needle: &str, only: &[Dialect]) {
    for dialect in dialects() {
        if !only.is_empty() && !only.contains(&dialect) {
            continue;
        }
        let (tmp, db) = fixture(case, dialect);
        let ran = run_test(tmp.path(), extra);
        assert_eq!(ran.code, 1, "{case} on {dialect} must fail:\n{}", ran.all());
        let expected = format!("FAIL  {revision}  migrations/versions/{revision}_");
        let line = fail_lines(&ran)
            .into_iter()
            .find(|l| l.starts_with(&expected))
            .unwrap_or_else(|| {
                panic!(
                    "{case} on {dialect}: no FAIL line for {revision}:\n{}",
                    ran.all()
                )
            });
        assert!(
            line.contains(&format!(": {check}: ")) && line.contains(needle),
            "{case} on {dialect}: expected {check} failing with {needle:?}, got\n{line}\n\n{}",
            ran.all()
        );
        assert_configured_untouched(&db);
    }
}

/// The configured database is never used: still empty (a server database)
/// or still absent (a SQLite file).
fn assert_configured_untouched(db: &ScratchDb) {
    match db.path() {
        Some(path) => assert!(!path.exists(), "aludel test created {}", path.display()),
        None => assert_eq!(
            tables(db.url()),
            Vec::<String>::new(),
            "the configured database was changed"
        ),
    }
}

// ------------------------------------------------------------ seeded bugs

#[test]
fn a_downgrade_that_forgets_a_column_is_caught() {
    caught(
        "column_left",
        &[],
        "c02",
        "schema_restored",
        "column person.nickname is left behind",
        &[],
    );
}

#[test]
fn a_downgrade_that_leaves_an_enum_type_is_caught_on_postgresql() {
    caught(
        "enum_left",
        &[],
        "c02",
        "schema_restored",
        "enum type priority is left behind",
        &[Dialect::Postgresql],
    );
}

#[test]
fn drop_constraint_with_no_name_is_caught_where_it_is_written() {
    caught(
        "drop_constraint_none",
        &[],
        "c02",
        "downgrade",
        "op.drop_constraint() with the name None",
        &[],
    );
    // and the report points at the file, line and column of the call
    let (tmp, _db) = fixture("drop_constraint_none", Dialect::Sqlite);
    let ran = run_test(tmp.path(), &[]);
    assert!(
        ran.stdout.contains("c02_unique_names.py:20:24"),
        "{}",
        ran.all()
    );
}

#[test]
fn swapped_foreign_key_names_are_caught() {
    for dialect in dialects() {
        let (tmp, _db) = fixture("fk_swapped", dialect);
        let ran = run_test(tmp.path(), &[]);
        assert_eq!(ran.code, 1, "{}", ran.all());
        let fails = fail_lines(&ran);
        assert_eq!(fails.len(), 1, "{dialect}: {}", ran.all());
        assert!(fails[0].starts_with("FAIL  c04  "), "{}", ran.all());
        if dialect == Dialect::Mariadb {
            // InnoDB keeps each key's index under the key's name, so the
            // swapped name collides there and the downgrade itself fails
            assert!(
                fails[0].contains(": downgrade: ") && fails[0].contains("fk_membership_team"),
                "{}",
                ran.all()
            );
        } else {
            assert!(
                fails[0].contains(": schema_restored: ")
                    && ran
                        .stdout
                        .contains("foreign key fk_membership_person on membership is left behind ((team_id) REFERENCES team (id))"),
                "{dialect}: {}",
                ran.all()
            );
        }
    }
}

#[test]
fn lost_rows_are_caught_with_data_only() {
    for dialect in dialects() {
        let (tmp, db) = fixture("rows_lost", dialect);
        let plain = run_test(tmp.path(), &[]);
        assert_eq!(
            plain.code,
            0,
            "without --data nothing is wrong:\n{}",
            plain.all()
        );
        let ran = run_test(tmp.path(), &["--data", "--json"]);
        assert_eq!(ran.code, 1, "{}", ran.all());
        let doc = ran.json();
        let data_failures: Vec<(String, String)> = doc["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| {
                r["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["check"] == "data" && c["status"] == "fail")
                    .map(move |c| {
                        (
                            r["revision"].as_str().unwrap().to_string(),
                            c["message"].as_str().unwrap().to_string(),
                        )
                    })
            })
            .collect();
        let ids: Vec<&str> = data_failures.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["c02", "c03"], "{dialect}: {}", ran.stdout);
        for (_, message) in &data_failures {
            assert!(
                message.starts_with(
                    "upgrade() loses rows: table person had 1 row before upgrade(), 0 after"
                ),
                "{message}"
            );
        }
        assert_configured_untouched(&db);
    }
}

#[test]
fn several_heads_fail_naming_them() {
    let (tmp, _db) = fixture("heads", Dialect::Sqlite);
    let ran = run_test(tmp.path(), &[]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(
        ran.stdout
            .contains("FAIL  one head: the history has 2 heads: c2a, c2b"),
        "{}",
        ran.all()
    );
    assert!(ran.stdout.contains("aludel merge heads"), "{}", ran.all());
}

// ------------------------------------------------------------- clean

#[test]
fn a_clean_history_passes_with_data_and_matches_its_models() {
    for dialect in dialects() {
        let (tmp, db) = fixture("clean", dialect);
        let ran = run_test(tmp.path(), &["--data", "--json"]);
        assert_eq!(ran.code, 0, "{dialect}:\n{}", ran.all());
        let doc = ran.json();
        assert_eq!(doc["ok"], true);
        assert_eq!(doc["summary"]["passed"], 4, "{}", ran.stdout);
        let history: Vec<(&str, &str)> = doc["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["check"].as_str().unwrap(), c["status"].as_str().unwrap()))
            .collect();
        assert_eq!(history, [("single_head", "pass"), ("models", "pass")]);
        for r in doc["revisions"].as_array().unwrap() {
            let checks: Vec<&str> = r["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["check"].as_str().unwrap())
                .collect();
            assert_eq!(
                checks,
                [
                    "upgrade",
                    "data",
                    "downgrade",
                    "schema_restored",
                    "upgrade_again"
                ]
            );
            assert_eq!(
                r["notes"],
                Value::Array(Vec::new()),
                "every table takes a row: {r}"
            );
        }
        assert_configured_untouched(&db);

        // models that moved on from the migrations fail the models check
        let models = tmp.path().join("app/models.py");
        let text = std::fs::read_to_string(&models).unwrap();
        std::fs::write(
            &models,
            text.replace(
                "    nickname = sa.Column(sa.String(20))\n",
                "    nickname = sa.Column(sa.String(20))\n    email = sa.Column(sa.String(80))\n",
            ),
        )
        .unwrap();
        let ran = run_test(tmp.path(), &[]);
        assert_eq!(ran.code, 1, "{}", ran.all());
        assert!(
            ran.stdout.contains(
                "FAIL  heads match the models: the heads do not match the models: 1 difference"
            ) && ran.stdout.contains("- add column person.email"),
            "{dialect}: {}",
            ran.all()
        );
    }
}

// ------------------------------------------------------------ reports

#[test]
fn junit_report_has_a_case_per_revision_per_check() {
    let (tmp, _db) = fixture("column_left", Dialect::Sqlite);
    let junit = tmp.path().join("report.xml");
    let ran = run_test(tmp.path(), &["--junit", junit.to_str().unwrap()]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    let xml = std::fs::read_to_string(&junit).unwrap();
    // two history checks + 2 revisions x 4 checks
    assert_eq!(xml.matches("<testcase ").count(), 10, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    assert!(
        xml.contains("tests=\"10\" failures=\"2\" errors=\"0\" skipped=\"1\""),
        "{xml}"
    );
    // well formed: every testcase that opens closes
    assert_eq!(
        xml.matches("<testcase ").count(),
        xml.matches("/>\n").count() - xml.matches("<skipped ").count()
            + xml.matches("</testcase>").count(),
        "{xml}"
    );
    let stable = stable_junit(&xml, tmp.path());
    insta::assert_snapshot!("junit_column_left_sqlite", stable);
}

/// The report without what changes from run to run: times, the temporary
/// directory, the database's own wording of an error.
fn stable_junit(xml: &str, dir: &Path) -> String {
    let mut out = String::new();
    let mut rest = xml.replace(&dir.display().to_string(), "<project>");
    while let Some(at) = rest.find("time=\"") {
        out.push_str(&rest[..at + 6]);
        let after = &rest[at + 6..];
        let end = after.find('"').unwrap();
        out.push('T');
        rest = after[end..].to_string();
    }
    out.push_str(&rest);
    out
}

#[test]
fn json_report_names_each_check_and_what_failed() {
    let (tmp, _db) = fixture("column_left", Dialect::Sqlite);
    let ran = run_test(tmp.path(), &["--json"]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    let doc = ran.json();
    assert_eq!(doc["command"], "test");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["dialect"], "sqlite");
    assert_eq!(doc["range"], "base:heads");
    assert_eq!(doc["summary"]["failed"], 1);
    assert_eq!(doc["summary"]["passed"], 1);
    let c02 = &doc["revisions"][1];
    assert_eq!(c02["revision"], "c02");
    assert_eq!(c02["file"], "migrations/versions/c02_nickname.py");
    assert_eq!(c02["status"], "fail");
    let restored = c02["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "schema_restored")
        .unwrap();
    assert_eq!(restored["status"], "fail");
    assert!(restored["message"]
        .as_str()
        .unwrap()
        .contains("column person.nickname is left behind"));
    assert!(restored["details"][0]
        .as_str()
        .unwrap()
        .contains("migrations/versions/c02_nickname.py:19:1"));
    let again = &c02["checks"][3];
    assert_eq!(again["check"], "upgrade_again");
    assert_eq!(again["status"], "fail");
    assert!(
        again["log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("Running upgrade c01 -> c02")),
        "the failing step's log lines: {again}"
    );
    // with --json nothing but the document is printed
    assert!(ran.stdout.trim_start().starts_with('{'));
}

// ------------------------------------------- scratch databases and workers

/// `n` revisions in a line, each creating a table, with the downgrade of
/// revision `broken` forgetting to drop it.
fn line_project(dir: &Path, url: &str, n: usize, broken: usize) -> Vec<String> {
    let revisions: Vec<(String, String)> = (0..n)
        .map(|i| {
            let table = format!("t{i:03}");
            let down = if i == broken {
                "    pass".to_string()
            } else {
                drop_table_body(&table)
            };
            (create_table_body(&table), down)
        })
        .collect();
    write_project_with_downgrades(dir, url, &revisions, false)
}

#[test]
fn workers_started_from_copies_test_every_revision() {
    for dialect in dialects() {
        let tmp = tempfile::tempdir().unwrap();
        let db = configured(dialect);
        // two workers: revisions 0..11 and 11..20; the bug is the second's
        let ids = line_project(tmp.path(), db.url(), 20, 15);
        let scratch_tmp = tempfile::tempdir().unwrap();
        let ran = run_test_env(
            tmp.path(),
            &["--jobs", "2", "--json"],
            &[("TMPDIR", scratch_tmp.path())],
        );
        assert_eq!(ran.code, 1, "{dialect}: {}", ran.all());
        let doc = ran.json();
        assert_eq!(doc["jobs"], 2, "{}", ran.stdout);
        let statuses: Vec<(&str, &str)> = doc["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["revision"].as_str().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(&str, &str)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), if i == 15 { "fail" } else { "pass" }))
            .collect();
        // the revisions after the bad downgrade are still tested, from a
        // database rebuilt at its revision
        assert_eq!(statuses, expected, "{dialect}: {}", ran.stdout);
        let failed = &doc["revisions"][15]["checks"];
        assert!(
            failed.to_string().contains("table t015 is left behind"),
            "{failed}"
        );

        // nothing of the scratch databases is left
        let leftovers = databases_named(dialect, &format!("aludel_test_{}_", ran.pid));
        assert_eq!(
            leftovers,
            Vec::<String>::new(),
            "{dialect}: scratch databases left"
        );
        let files: Vec<_> = std::fs::read_dir(scratch_tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(files.is_empty(), "{dialect}: scratch files left: {files:?}");
        assert_configured_untouched(&db);
    }
}

#[test]
fn an_upgrade_that_fails_stops_every_revision_after_it() {
    for dialect in dialects() {
        let tmp = tempfile::tempdir().unwrap();
        let db = configured(dialect);
        let mut revisions: Vec<(String, String)> = (0..14)
            .map(|i| {
                let table = format!("t{i:03}");
                (create_table_body(&table), drop_table_body(&table))
            })
            .collect();
        revisions[3].0 = "    op.execute(\"INSERT INTO no_such_table VALUES (1)\")".to_string();
        let ids = write_project_with_downgrades(tmp.path(), db.url(), &revisions, false);
        // two workers: the second waits for a start the builder cannot make
        let ran = run_test(tmp.path(), &["--jobs", "2", "--json"]);
        assert_eq!(ran.code, 1, "{}", ran.all());
        let doc = ran.json();
        assert_eq!(doc["jobs"], 2);
        let revs = doc["revisions"].as_array().unwrap();
        let statuses: Vec<&str> = revs.iter().map(|r| r["status"].as_str().unwrap()).collect();
        let mut expected = vec!["pass"; 3];
        expected.push("fail");
        expected.extend(["skip"; 10]);
        assert_eq!(statuses, expected, "{dialect}: {}", ran.stdout);
        let upgrade = &revs[3]["checks"][0];
        assert_eq!(upgrade["check"], "upgrade");
        assert!(
            upgrade["details"][0]
                .as_str()
                .unwrap()
                .contains("rev0003_step.py:15:5 (op.execute)"),
            "{upgrade}"
        );
        for r in &revs[4..] {
            let reason = r["checks"][0]["reason"].as_str().unwrap();
            assert!(
                reason.starts_with(&format!("not run: the upgrade of revision {}", ids[3])),
                "{dialect}: {reason}"
            );
        }
        assert_configured_untouched(&db);
    }
}

#[test]
fn ctrl_c_stops_the_run_and_still_drops_the_scratch_databases() {
    for dialect in dialects() {
        if dialect == Dialect::Sqlite {
            continue; // the file case is the same code; the server one is what leaks
        }
        let tmp = tempfile::tempdir().unwrap();
        let db = configured(dialect);
        line_project(tmp.path(), db.url(), 150, usize::MAX);
        let child = aludel_cmd(tmp.path(), &["test", "--jobs", "2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        std::thread::sleep(std::time::Duration::from_millis(700));
        let killed = std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(130),
            "{dialect}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("not run: interrupted"), "{stdout}");
        assert!(stdout.contains("FAILED: interrupted"), "{stdout}");
        let leftovers = databases_named(dialect, &format!("aludel_test_{pid}_"));
        assert_eq!(
            leftovers,
            Vec::<String>::new(),
            "{dialect}: scratch databases left"
        );
    }
}

#[test]
fn a_range_tests_only_its_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let db = configured(Dialect::Sqlite);
    let ids = line_project(tmp.path(), db.url(), 8, 2);
    // the broken revision 2 lies before the range
    let ran = run_test(
        tmp.path(),
        &["-r", &format!("{}:{}", ids[3], ids[6]), "--json"],
    );
    assert_eq!(ran.code, 0, "{}", ran.all());
    let doc = ran.json();
    let tested: Vec<&str> = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_str().unwrap())
        .collect();
    assert_eq!(tested, [&ids[4], &ids[5], &ids[6]]);
    assert_eq!(
        doc["history"][1]["status"], "skip",
        "not at the heads: no models check"
    );
    // one revision alone
    let ran = run_test(tmp.path(), &["-r", &ids[2]]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(ran.stdout.contains("FAIL  rev0002"), "{}", ran.all());
}

// ---------------------------------------------------------------- errors

#[test]
fn passwords_are_never_printed() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    let (tmp, _db) = fixture("column_left", Dialect::Postgresql);
    // trust authentication takes any password; it must show as ***
    let url = "postgresql://postgres:s3cr3t-pw@127.0.0.1:5432/postgres";
    let ran = run_test(tmp.path(), &["--url", url, "--json"]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(!ran.all().contains("s3cr3t-pw"), "{}", ran.all());
    assert!(ran.json()["url"].as_str().unwrap().contains(":***@"));
    // a server that does not answer: the error names the URL, masked
    let ran = run_test(
        tmp.path(),
        &["--url", "postgresql://postgres:s3cr3t-pw@127.0.0.1:1/app"],
    );
    assert_eq!(ran.code, 255, "{}", ran.all());
    assert!(ran.stdout.contains("FAILED: "), "{}", ran.all());
    assert!(!ran.all().contains("s3cr3t-pw"), "{}", ran.all());
    assert!(
        ran.all().contains("postgres:***@127.0.0.1:1"),
        "{}",
        ran.all()
    );
}

#[test]
fn bad_input_is_an_error_that_says_what_to_do() {
    let (tmp, _db) = fixture("clean", Dialect::Sqlite);
    for (args, says) in [
        (vec!["-r", "nope:heads"], "nope"),
        (vec!["-r", "c04:c01"], "-r c04:c01"),
        (vec!["--jobs", "0"], "--jobs must be at least 1"),
        (
            vec!["--junit", "/no/such/dir/report.xml"],
            "cannot write the JUnit report",
        ),
    ] {
        let ran = run_test(tmp.path(), &args);
        assert_eq!(ran.code, 255, "{args:?}: {}", ran.all());
        assert!(ran.all().contains(says), "{args:?}: {}", ran.all());
    }
    for weird in [":", "a:b:c", "-1", "heads:base"] {
        let ran = run_test(tmp.path(), &["-r", weird]);
        assert!(matches!(ran.code, 0 | 1 | 255), "{weird}: {}", ran.all());
    }
    // a project without revisions
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(empty.path().join("migrations/versions")).unwrap();
    std::fs::write(
        empty.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///app.db\n",
    )
    .unwrap();
    let ran = run_test(empty.path(), &[]);
    assert_eq!(ran.code, 255, "{}", ran.all());
    assert!(
        ran.stdout.contains("FAILED: there is no revision to test"),
        "{}",
        ran.all()
    );
    assert!(ran.all().contains("aludel revision"), "{}", ran.all());
    // a project without a URL
    std::fs::write(
        tmp.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    let ran = run_test(tmp.path(), &[]);
    assert_eq!(ran.code, 255, "{}", ran.all());
    assert!(ran.stdout.starts_with("FAILED: "), "{}", ran.all());
}
