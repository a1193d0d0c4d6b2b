//! Helpers for the differential migration tests (`diff_migrate.rs`): the
//! long-lived `tests/oracle/migrate_oracle.py` process that runs alembic
//! commands and dumps databases, scratch databases per dialect, corpus
//! projects and their step lists, and `aludel` runs with a `DATABASE_URL`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use aludel_testkit::ScratchDb;
use serde_json::{json, Value};

use super::{clean_env, workspace_root, Reference, Run};

// ---------------------------------------------------------------- oracle

/// A running `migrate_oracle.py`: one JSON request line in, one JSON reply
/// line out.  Dropping it closes its stdin, which ends it.
pub struct MigrateOracle {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl MigrateOracle {
    /// Starts the helper with the reference venv's Python.
    pub fn start(r: &Reference) -> Self {
        let script = workspace_root().join("tests/oracle/migrate_oracle.py");
        let mut cmd = Command::new(r.python());
        clean_env(&mut cmd);
        // No __pycache__ inside the corpus copies; a fixed hash seed as in
        // every other oracle run.
        cmd.env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", script.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        MigrateOracle {
            child,
            stdin: Some(stdin),
            stdout,
        }
    }

    fn ask(&mut self, request: &Value) -> Value {
        let stdin = self.stdin.as_mut().expect("oracle still open");
        let mut line = serde_json::to_string(request).expect("request serializes");
        line.push('\n');
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("migrate_oracle.py stopped reading ({e}); see its stderr"));
        let mut reply = String::new();
        let n = self
            .stdout
            .read_line(&mut reply)
            .expect("read migrate_oracle.py's reply");
        assert!(
            n > 0,
            "migrate_oracle.py ended without answering {request}; see its stderr above"
        );
        serde_json::from_str(&reply)
            .unwrap_or_else(|e| panic!("migrate_oracle.py answered no JSON ({e}): {reply}"))
    }

    /// Runs one alembic command line in `dir` with `DATABASE_URL=url`.
    pub fn alembic(&mut self, dir: &Path, args: &[&str], url: &str) -> Run {
        let reply = self.ask(&json!({
            "op": "alembic",
            "args": args,
            "cwd": dir,
            "env": {"DATABASE_URL": url},
        }));
        let text = |key: &str| reply[key].as_str().unwrap_or_default().to_string();
        Run {
            tool: "alembic",
            args: args.iter().map(|s| s.to_string()).collect(),
            stdout: text("stdout"),
            stderr: text("stderr"),
            code: reply["code"]
                .as_i64()
                .and_then(|c| i32::try_from(c).ok())
                .unwrap_or(-1),
        }
    }

    /// The normalized dump of the database at `url` (`dump_schema.py`).
    pub fn dump(&mut self, url: &str) -> Value {
        let reply = self.ask(&json!({"op": "dump", "url": url}));
        if let Some(error) = reply.get("error") {
            panic!(
                "dump_schema.py could not read {url}:\n{}",
                error.as_str().unwrap_or_default()
            );
        }
        reply
    }
}

impl Drop for MigrateOracle {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- aludel

/// Runs `aludel` in `dir` with the clean environment plus `DATABASE_URL`.
pub fn aludel_with_url(dir: &Path, args: &[&str], url: &str) -> Run {
    let mut cmd = Command::new(super::aludel_bin());
    clean_env(&mut cmd);
    cmd.env("DATABASE_URL", url).args(args).current_dir(dir);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot start aludel in {}: {e}", dir.display()));
    Run {
        tool: "aludel",
        args: args.iter().map(|s| s.to_string()).collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs the reference `alembic` in `dir` with the clean environment plus
/// `DATABASE_URL` (`PYTHONHASHSEED=0`, no bytecode files).
pub fn alembic_with_url(r: &Reference, dir: &Path, args: &[&str], url: &str) -> Run {
    let mut cmd = Command::new(r.alembic());
    clean_env(&mut cmd);
    cmd.env("DATABASE_URL", url)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args(args)
        .current_dir(dir);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot start alembic in {}: {e}", dir.display()));
    Run {
        tool: "alembic",
        args: args.iter().map(|s| s.to_string()).collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

// ---------------------------------------------------------------- databases

/// The database kinds the corpus runs on (aludel-testkit's).
#[allow(unused_imports)]
pub use aludel_testkit::Dialect;

/// Two fresh, empty databases of one kind (one per tool), removed on drop
/// (two aludel-testkit scratch databases).
pub struct DatabasePair {
    dialect: Dialect,
    _dbs: [ScratchDb; 2],
    /// The URL Alembic migrates.
    pub alembic_url: String,
    /// The URL aludel migrates.
    pub aludel_url: String,
}

impl DatabasePair {
    /// Creates the pair, `tag` going into the server database names; on a
    /// server that does not answer: `None` after a skip notice, or a panic
    /// under `CI=true`.
    pub fn create(dialect: Dialect, tag: &str) -> Option<Self> {
        let tag = format!("dm_{tag}");
        let a = ScratchDb::create_tagged(dialect, &tag)?;
        let b = ScratchDb::create_tagged(dialect, &tag)?;
        Some(DatabasePair {
            dialect,
            alembic_url: a.url().to_string(),
            aludel_url: b.url().to_string(),
            _dbs: [a, b],
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }
}

// ---------------------------------------------------------------- corpus

/// The corpus folder, `tests/corpus`.
pub fn corpus_dir() -> PathBuf {
    workspace_root().join("tests").join("corpus")
}

/// One step of a project's sequence.
#[derive(Debug, Clone)]
pub struct Step {
    pub args: Vec<String>,
    /// The real Alembic is known to fail at this step (`!` in steps.txt).
    pub alembic_fails: bool,
    /// aludel does better than the real Alembic here (`~` in steps.txt):
    /// it looks after PostgreSQL enum types, which Alembic leaves behind
    /// when their table goes and then fails to create again. aludel must
    /// succeed; where Alembic succeeds too, the databases are compared
    /// without their enum types; where it fails, aludel's database must
    /// be as aludel's was the last time it stood at the same revisions.
    pub aludel_better: bool,
}

/// Revision files of a project (`alembic/versions/*.py`).
pub fn revision_count(project: &Path) -> usize {
    let versions = project.join("alembic").join("versions");
    std::fs::read_dir(&versions)
        .unwrap_or_else(|e| panic!("{}: {e}", versions.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
        .count()
}

/// The project's steps: its `steps.txt`, or `upgrade +1` to the head,
/// `downgrade -1` to base and `upgrade head`.
pub fn steps(project: &Path) -> Vec<Step> {
    let file = project.join("steps.txt");
    if let Ok(text) = std::fs::read_to_string(&file) {
        return text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (alembic_fails, l) = match l.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, l),
                };
                let (aludel_better, l) = match l.strip_prefix('~') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, l),
                };
                Step {
                    args: l.split_whitespace().map(str::to_string).collect(),
                    alembic_fails,
                    aludel_better,
                }
            })
            .collect();
    }
    let n = revision_count(project);
    let step = |args: &[&str]| Step {
        args: args.iter().map(|s| s.to_string()).collect(),
        alembic_fails: false,
        aludel_better: false,
    };
    let mut out: Vec<Step> = (0..n).map(|_| step(&["upgrade", "+1"])).collect();
    out.extend((0..n).map(|_| step(&["downgrade", "-1"])));
    out.push(step(&["upgrade", "head"]));
    out
}

/// Copies a directory tree (a corpus project) to `dst`.
pub fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("{}: {e}", dst.display()));
    let entries = std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            if entry.file_name() != "__pycache__" {
                copy_tree(&entry.path(), &to);
            }
        } else {
            std::fs::copy(entry.path(), &to)
                .unwrap_or_else(|e| panic!("copy to {}: {e}", to.display()));
        }
    }
}

// ---------------------------------------------------------------- comparing

/// Where two JSON values differ (aludel-testkit's).
#[allow(unused_imports)]
pub use aludel_testkit::json_differences;

/// Offline SQL with whitespace normalized: each line's runs of whitespace
/// collapsed to one space and trimmed, blank lines dropped.
pub fn normalize_sql(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The `Running upgrade|downgrade ...` log lines of a run (what was applied,
/// in order).
pub fn running_lines(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix("INFO  [alembic.runtime.migration] Running "))
        .map(str::to_string)
        .collect()
}

/// Every `INFO  [alembic...]` log line of a run, in order (what a script
/// grepping Alembic's log sees).
/// Alembic's standard error as aludel words it: online on SQLite aludel
/// runs DDL inside its transaction and says `Will assume transactional
/// DDL.` where Alembic says `non-transactional` (offline both say the
/// latter: the script has no transaction).
pub fn in_aludel_words(alembic_stderr: &str) -> String {
    let sqlite = "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.\n";
    alembic_stderr.replace(
        &format!("{sqlite}INFO  [alembic.runtime.migration] Will assume non-transactional DDL."),
        &format!("{sqlite}INFO  [alembic.runtime.migration] Will assume transactional DDL."),
    )
}

/// The INFO log lines of a run, Alembic's in aludel's words
/// ([`in_aludel_words`]).
pub fn info_lines(run: &Run) -> Vec<String> {
    let stderr = if run.tool == "alembic" {
        in_aludel_words(&run.stderr)
    } else {
        run.stderr.clone()
    };
    stderr
        .lines()
        .filter(|l| l.starts_with("INFO  [alembic."))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_whitespace_is_normalized_only() {
        let a = "CREATE TABLE t (\n    id INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n);\n\n";
        let b = "CREATE TABLE t (\nid  INTEGER NOT NULL,\n    PRIMARY KEY (id)\n);";
        assert_eq!(normalize_sql(a), normalize_sql(b));
        assert_ne!(
            normalize_sql(a),
            normalize_sql("CREATE TABLE t (id INTEGER NOT NULL,")
        );
    }

    #[test]
    fn steps_file_marks_alembic_failures() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("steps.txt"),
            "# comment\nupgrade +1\n\n!upgrade  head\n~downgrade base\n",
        )
        .unwrap();
        let s = steps(dir.path());
        assert_eq!(s.len(), 3);
        assert!(s[2].aludel_better && !s[2].alembic_fails);
        assert_eq!(s[2].args, ["downgrade", "base"]);
        assert_eq!(s[0].args, ["upgrade", "+1"]);
        assert!(!s[0].alembic_fails);
        assert_eq!(s[1].args, ["upgrade", "head"]);
        assert!(s[1].alembic_fails);
    }

    #[test]
    fn default_steps_walk_up_down_and_up() {
        let dir = tempfile::tempdir().unwrap();
        let versions = dir.path().join("alembic").join("versions");
        std::fs::create_dir_all(&versions).unwrap();
        for f in ["a.py", "b.py", "README"] {
            std::fs::write(versions.join(f), "").unwrap();
        }
        let s: Vec<String> = steps(dir.path()).iter().map(|s| s.args.join(" ")).collect();
        assert_eq!(
            s,
            [
                "upgrade +1",
                "upgrade +1",
                "downgrade -1",
                "downgrade -1",
                "upgrade head"
            ]
        );
    }
}
