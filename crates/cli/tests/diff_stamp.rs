//! `stamp` and `ensure_version` against the real Alembic.
//!
//! Online: the same sequence of stamps (single ids, `heads`, `base`,
//! `label@head`, several revisions at once, `--purge`, failing targets) runs
//! with each tool on its own copy of the project and database; after every
//! step the version rows must be equal (order-insensitive), and so must the
//! exit code, the `FAILED:` line and the `Running stamp_revision` log lines.
//! On SQLite always; on PostgreSQL and MariaDB when a server answers on
//! 127.0.0.1 (required under `CI=true`, skipped with a notice otherwise).
//!
//! Offline: `stamp --sql` and `ensure_version --sql` standard output, byte
//! for byte, for SQLite, PostgreSQL, MySQL and MariaDB URLs.

mod support;

use std::path::{Path, PathBuf};

use aludel_db::driver::{connect, VersionTable};
use aludel_db::url::DatabaseUrl;
use support::{alembic, alembic_batch, aludel, Project, Run};

/// Copies a directory tree (the generated project) to `dst`.
fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Points the project's `sqlalchemy.url` at `url`.
fn set_url(dir: &Path, url: &str) {
    let ini = dir.join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("sqlalchemy.url") {
                format!("sqlalchemy.url = {url}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&ini, text.join("\n") + "\n").unwrap();
}

/// The version rows of a database, sorted (empty without a table).
fn rows(url: &str) -> Vec<String> {
    let url = DatabaseUrl::parse(url).unwrap();
    let mut conn = connect(&url).unwrap();
    let mut rows = conn.version_heads(&VersionTable::default()).unwrap();
    rows.sort();
    rows
}

fn failed_line(run: &Run) -> Option<&str> {
    run.stdout.lines().find(|l| l.starts_with("FAILED:"))
}

/// The `Running stamp_revision` lines, each side's list sorted (Alembic
/// lists rows in set order), the lines themselves sorted.
fn running_lines(run: &Run) -> Vec<String> {
    let sort_list = |s: &str| {
        let mut items: Vec<&str> = s.split(", ").collect();
        items.sort();
        items.join(", ")
    };
    let mut lines: Vec<String> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("INFO  [alembic.runtime.migration] Running "))
        .map(|l| match l.split_once(" -> ") {
            Some((from, to)) => format!("{} -> {}", sort_list(from), sort_list(to)),
            None => l.to_string(),
        })
        .collect();
    lines.sort();
    lines
}

/// Ids that are no revision's parent: the heads of the manifest.
fn heads_of(project: &Project) -> Vec<String> {
    let m = project.manifest();
    m.revisions
        .iter()
        .filter(|r| !m.revisions.iter().any(|o| o.parents.contains(&r.id)))
        .map(|r| r.id.clone())
        .collect()
}

/// A sequence of stamp argument lists that visits the interesting cases.
fn stamp_sequence(project: &Project) -> Vec<Vec<String>> {
    let m = project.manifest();
    let ids: Vec<String> = m.revisions.iter().map(|r| r.id.clone()).collect();
    let heads = heads_of(project);
    let mid = ids[ids.len() / 2].clone();
    let early = ids[1.min(ids.len() - 1)].clone();
    let labels: Vec<String> = m
        .revisions
        .iter()
        .flat_map(|r| r.labels.iter().cloned())
        .collect();
    let mut seq: Vec<Vec<&str>> = vec![
        vec!["stamp", "heads"],
        vec!["stamp", &mid],
        vec!["stamp", "heads"],
        vec!["stamp", &early],
        vec!["stamp", "base"],
        vec!["stamp", &heads[0]],
        vec!["stamp", &heads[heads.len() - 1]],
        vec!["stamp", &mid, &heads[0]],
        vec!["stamp", "head"],
        vec!["stamp", "nosuchrev"],
        vec!["stamp", "--purge", &early],
        vec!["stamp", "base"],
        vec!["stamp", &early, &heads[heads.len() - 1]],
    ];
    let label_heads: Vec<String> = labels.iter().map(|l| format!("{l}@head")).collect();
    let label_bases: Vec<String> = labels.iter().map(|l| format!("{l}@base")).collect();
    for (head, base) in label_heads.iter().zip(&label_bases).take(2) {
        seq.push(vec!["stamp", head]);
        seq.push(vec!["stamp", "heads"]);
        seq.push(vec!["stamp", base]);
    }
    // From a merge row, stamping both its parents: Alembic's KeyError.
    let merge = m.revisions.iter().find(|r| r.parents.len() > 1);
    if let Some(merge) = merge {
        seq.push(vec!["stamp", "--purge", &merge.id]);
        let mut both = vec!["stamp"];
        both.extend(merge.parents.iter().map(String::as_str));
        seq.push(both);
        seq.push(vec!["stamp", &merge.parents[0]]);
    }
    seq.push(vec!["stamp", "--purge", "heads"]);
    seq.push(vec!["stamp", &ids[0]]);
    seq.into_iter()
        .map(|args| args.into_iter().map(str::to_string).collect())
        .collect()
}

/// Runs the sequence with both tools, `url_a` / `url_b` being the two
/// databases (one per tool), and compares after every step.
fn compare_online(project: &Project, url_a: &str, url_b: &str, ref_dir: &Path, our_dir: &Path) {
    let Some(r) = support::reference() else {
        return;
    };
    set_url(ref_dir, url_a);
    set_url(our_dir, url_b);
    for args in stamp_sequence(project) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let theirs = alembic(&r, ref_dir, &args);
        let ours = aludel(our_dir, &args);
        let what = format!(
            "{} ({} {})",
            ours.command_line(),
            project.shape,
            project.seed
        );
        assert_ne!(ours.code, 101, "{what} panicked:\n{}", ours.stderr);
        if theirs.code == 1 {
            // Alembic crashed (a known bug, e.g. KeyError): aludel must fail
            // cleanly; carry on from Alembic's rows.
            assert_ne!(ours.code, 0, "{what}: Alembic crashed, aludel succeeded");
            let (a, b) = (rows(url_a), rows(url_b));
            if a != b {
                aludel(our_dir, &["stamp", "--purge", "base"]);
                let ids: Vec<&str> = a.iter().map(String::as_str).collect();
                if !ids.is_empty() {
                    let mut cmd = vec!["stamp"];
                    cmd.extend(ids);
                    aludel(our_dir, &cmd);
                }
            }
            continue;
        }
        assert_eq!(
            ours.code, theirs.code,
            "{what}: exit code\nalembic: {}{}\naludel: {}{}",
            theirs.stdout, theirs.stderr, ours.stdout, ours.stderr
        );
        assert_eq!(
            failed_line(&ours),
            failed_line(&theirs),
            "{what}: FAILED line"
        );
        assert_eq!(
            running_lines(&ours),
            running_lines(&theirs),
            "{what}: log lines\nalembic: {}\naludel: {}",
            theirs.stderr,
            ours.stderr
        );
        assert_eq!(rows(url_b), rows(url_a), "{what}: version rows");
    }
}

/// Two copies of a freshly generated project: (project, alembic's, aludel's).
fn two_copies(shape: &str, n: usize, seed: u64) -> (Project, tempfile::TempDir, PathBuf, PathBuf) {
    let project = support::generate(shape, n, seed);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("alembic"), tmp.path().join("aludel"));
    copy_dir(&project.dir, &a);
    copy_dir(&project.dir, &b);
    (project, tmp, a, b)
}

#[test]
fn sqlite_stamp_sequences_match_alembic() {
    if support::reference().is_none() {
        return;
    }
    for (shape, n, seed) in [("branched", 14, 3), ("depends", 0, 5), ("labels", 0, 7)] {
        let (project, _tmp, a, b) = two_copies(shape, n, seed);
        let url_a = format!("sqlite:///{}", a.join("test.db").display());
        let url_b = format!("sqlite:///{}", b.join("test.db").display());
        compare_online(&project, &url_a, &url_b, &a, &b);
    }
}

/// Runs `f` with an admin connection to a server, or skips (fails under CI).
fn server_or_skip(url: &str) -> Option<Box<dyn aludel_db::driver::Connection>> {
    match connect(&DatabaseUrl::parse(url).unwrap()) {
        Ok(conn) => Some(conn),
        Err(e) if support::under_ci() => {
            panic!("CI=true but the database server is not reachable: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED: no database server ({e})");
            None
        }
    }
}

/// Runs the online comparison on a server: two fresh databases per test.
fn server_sequences(admin_url: &str, url_for: impl Fn(&str) -> String, tag: &str) {
    if support::reference().is_none() {
        return;
    }
    let Some(mut admin) = server_or_skip(admin_url) else {
        return;
    };
    for (shape, n, seed) in [("branched", 10, 11), ("depends", 0, 13)] {
        let names: Vec<String> = ["a", "b"]
            .iter()
            .map(|s| format!("aludel_stamp_{tag}_{}_{shape}_{s}", std::process::id()))
            .collect();
        for name in &names {
            admin
                .execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .unwrap();
            admin.execute(&format!("CREATE DATABASE {name}")).unwrap();
        }
        let (project, _tmp, a, b) = two_copies(shape, n, seed);
        compare_online(&project, &url_for(&names[0]), &url_for(&names[1]), &a, &b);
        for name in &names {
            admin.execute(&format!("DROP DATABASE {name}")).unwrap();
        }
    }
}

#[test]
fn postgresql_stamp_sequences_match_alembic() {
    server_sequences(
        "postgresql://postgres@127.0.0.1:5432/postgres",
        |db| format!("postgresql+psycopg://postgres@127.0.0.1:5432/{db}"),
        "pg",
    );
}

#[test]
fn mariadb_stamp_sequences_match_alembic() {
    server_sequences(
        "mysql+pymysql://root@127.0.0.1:3306/test",
        |db| format!("mysql+pymysql://root@127.0.0.1:3306/{db}"),
        "my",
    );
}

#[test]
fn offline_sql_matches_alembic_byte_for_byte() {
    let Some(r) = support::reference() else {
        return;
    };
    let project = support::generate("branched", 12, 21);
    let m = project.manifest();
    let ids: Vec<String> = m.revisions.iter().map(|r| r.id.clone()).collect();
    let heads = heads_of(&project);
    let (first, mid, head) = (&ids[0], &ids[ids.len() / 2], &heads[0]);
    let commands: Vec<Vec<String>> = [
        vec!["stamp", "--sql", "heads"],
        vec!["stamp", "--sql", mid],
        vec!["stamp", "--sql", &format!("{first}:{mid}")],
        vec![
            "stamp",
            "--sql",
            &format!("{first}:{head}"),
            &heads[heads.len() - 1],
        ],
        vec!["stamp", "--sql", &format!("{head}:base")],
        vec!["stamp", "--sql", &format!("{head}:{first}")],
        vec!["stamp", "--sql", "base"],
        vec!["stamp", "--sql", "--purge", "heads"],
        vec![
            "stamp",
            "--sql",
            &format!("{first}:{mid}"),
            &format!("{mid}:{head}"),
        ],
        vec!["stamp", "--tag", "x", "--sql", &format!("base:{mid}")],
        vec!["ensure_version", "--sql"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    let tmp = tempfile::tempdir().unwrap();
    for (i, url) in [
        "sqlite:///offline.db",
        "postgresql://u:secret@db.example/app",
        "mysql+pymysql://u@db.example/app",
        "mariadb+pymysql://u@db.example/app",
    ]
    .iter()
    .enumerate()
    {
        let dir = tmp.path().join(format!("p{i}"));
        copy_dir(&project.dir, &dir);
        set_url(&dir, url);
        let theirs = alembic_batch(&r, &dir, &commands);
        for (args, theirs) in commands.iter().zip(theirs) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let ours = aludel(&dir, &args);
            let what = format!("{} with {url}", ours.command_line());
            assert_eq!(ours.code, theirs.code, "{what}: exit code\n{}", ours.stderr);
            assert_eq!(ours.stdout, theirs.stdout, "{what}: standard output");
            assert_eq!(
                running_lines(&ours),
                running_lines(&theirs),
                "{what}: log lines"
            );
            assert!(!ours.stderr.contains("secret"), "{what}: password shown");
        }
        assert!(
            !dir.join("offline.db").exists(),
            "--sql connected to SQLite"
        );
    }
}

/// The `CREATE TABLE` SQLite recorded for the version table (via the
/// reference Python's sqlite3), or `None` without one.
fn sqlite_table_sql(r: &support::Reference, db: &Path) -> Option<String> {
    let out = std::process::Command::new(r.python())
        .arg("-c")
        .arg(
            "import sqlite3,sys\n\
             rows=sqlite3.connect(sys.argv[1]).execute(\"select sql from sqlite_master where name='alembic_version'\").fetchall()\n\
             print(rows[0][0] if rows else '<none>', end='')",
        )
        .arg(db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (text != "<none>").then_some(text)
}

#[test]
fn ensure_version_online_creates_alembics_table_once() {
    let Some(r) = support::reference() else {
        return;
    };
    let (_project, _tmp, a, b) = two_copies("linear", 3, 2);
    for _ in 0..2 {
        let theirs = alembic(&r, &a, &["ensure_version"]);
        let ours = aludel(&b, &["ensure_version"]);
        assert_eq!(ours.code, theirs.code, "{}", ours.stderr);
        assert_eq!(ours.stdout, theirs.stdout);
        assert_eq!(
            ours.stderr,
            support::migrate::in_aludel_words(&theirs.stderr)
        );
    }
    let theirs = sqlite_table_sql(&r, &a.join("test.db"));
    assert!(theirs.is_some());
    assert_eq!(sqlite_table_sql(&r, &b.join("test.db")), theirs);
    assert!(rows(&format!("sqlite:///{}", b.join("test.db").display())).is_empty());
}
