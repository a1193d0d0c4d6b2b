//! Shared helpers for aludel's integration tests that compare it with the real
//! Alembic: finding the reference venv, running `alembic` and `aludel` side by
//! side in a project directory, generating projects with
//! `tests/fixtures/gen_project.py`, and asking `tests/oracle/graph_oracle.py`.
//!
//! Each test crate includes this with `mod support;` and uses a part of it.
#![allow(dead_code)]

pub mod compare;
pub mod migrate;
pub mod queries;
pub mod scratch_project;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::Value;

// The workspace root, CI detection and the reference venv lookup live in
// aludel-testkit (shared with the other crates' tests); each test crate
// uses a part.
#[allow(unused_imports)]
pub use aludel_testkit::{
    find_reference, reference, under_ci, workspace_root, Reference, REFERENCE_ALEMBIC,
};

// ---------------------------------------------------------------- running

/// What one command run produced.
#[derive(Debug, Clone)]
pub struct Run {
    pub tool: &'static str,
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    /// Exit code; -1 when killed by a signal.
    pub code: i32,
}

impl Run {
    pub fn command_line(&self) -> String {
        let mut s = self.tool.to_string();
        for a in &self.args {
            s.push(' ');
            if a.is_empty() || a.contains(char::is_whitespace) {
                s.push_str(&format!("{a:?}"));
            } else {
                s.push_str(a);
            }
        }
        s
    }
}

/// Start from an empty environment so nothing of the caller's leaks in
/// (`ALEMBIC_CONFIG`, `DATABASE_URL`, `PYTHON*`, ...).
pub fn clean_env(cmd: &mut Command) {
    cmd.env_clear();
    for key in ["PATH", "HOME", "TMPDIR"] {
        if let Some(v) = std::env::var_os(key) {
            cmd.env(key, v);
        }
    }
    cmd.env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TZ", "UTC")
        .stdin(Stdio::null());
}

fn run_command(tool: &'static str, mut cmd: Command, args: &[&str], dir: &Path) -> Run {
    cmd.args(args).current_dir(dir);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot start {tool} in {}: {e}", dir.display()));
    Run {
        tool,
        args: args.iter().map(|s| s.to_string()).collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Run the reference `alembic` in `dir` with a fixed hash seed (so a failure
/// can be reproduced exactly).
pub fn alembic(r: &Reference, dir: &Path, args: &[&str]) -> Run {
    alembic_with_hash_seed(r, dir, args, 0)
}

/// Run `alembic` with `PYTHONHASHSEED=seed`: set iteration orders change with it.
pub fn alembic_with_hash_seed(r: &Reference, dir: &Path, args: &[&str], seed: u32) -> Run {
    let mut cmd = Command::new(r.alembic());
    clean_env(&mut cmd);
    cmd.env("PYTHONHASHSEED", seed.to_string());
    run_command("alembic", cmd, args, dir)
}

/// Run many `alembic` command lines in `dir`, in one Python process
/// (`tests/oracle/alembic_batch.py`; about half a second of start-up saved
/// per command), `PYTHONHASHSEED=0` as [`alembic`].  Same stdout, stderr and
/// exit codes as separate processes (checked in `oracle_check.rs`), except
/// the frames of a traceback.
pub fn alembic_batch(r: &Reference, dir: &Path, commands: &[Vec<String>]) -> Vec<Run> {
    alembic_batch_with_hash_seed(r, dir, commands, 0)
}

/// [`alembic_batch`] with `PYTHONHASHSEED=seed`.
pub fn alembic_batch_with_hash_seed(
    r: &Reference,
    dir: &Path,
    commands: &[Vec<String>],
    seed: u32,
) -> Vec<Run> {
    let input: Vec<Value> = commands
        .iter()
        .map(|args| serde_json::json!({"args": args, "cwd": dir}))
        .collect();
    alembic_batch_raw(r, &input, seed)
        .into_iter()
        .zip(commands)
        .map(|(o, args)| Run {
            tool: "alembic",
            args: args.clone(),
            stdout: o.stdout,
            stderr: o.stderr,
            code: o.code,
        })
        .collect()
}

/// One result of `alembic_batch.py`.
#[derive(Debug, Clone, Deserialize)]
pub struct BatchResult {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// Present when the command asked for `version_rows`.
    #[serde(default)]
    pub version_rows: Option<Vec<String>>,
}

/// `alembic_batch.py` with commands as JSON (see its docstring for the
/// optional `before` file actions, `version_rows` and `"args": null`).
pub fn alembic_batch_raw(r: &Reference, commands: &[Value], seed: u32) -> Vec<BatchResult> {
    if commands.is_empty() {
        return Vec::new();
    }
    let script = workspace_root().join("tests/oracle/alembic_batch.py");
    let mut cmd = Command::new(r.python());
    clean_env(&mut cmd);
    cmd.env("PYTHONHASHSEED", seed.to_string()).arg(&script);
    let input = serde_json::to_vec(commands).expect("serialize");
    let out = run_python_json(cmd, &input, "alembic_batch.py");
    let results: Vec<BatchResult> = serde_json::from_slice(&out).unwrap_or_else(|e| {
        panic!(
            "alembic_batch.py printed no valid JSON ({e}):\n{}",
            String::from_utf8_lossy(&out)
        )
    });
    assert_eq!(results.len(), commands.len(), "one result per command");
    results
}

/// Run a Python helper that reads JSON on stdin and prints JSON; panics with
/// its stderr when it fails.
fn run_python_json(mut cmd: Command, input: &[u8], what: &str) -> Vec<u8> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("start {what}: {e}"));
    let mut stdin = child.stdin.take().expect("child stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // a helper that dies early closes the pipe: its stderr says why
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("helper runs");
    writer.join().expect("writer thread");
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Path of the `aludel` binary built for these tests.
pub fn aludel_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aludel"))
}

/// Run `aludel` in `dir` with the same clean environment.
pub fn aludel(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(aludel_bin());
    clean_env(&mut cmd);
    run_command("aludel", cmd, args, dir)
}

// ---------------------------------------------------------------- projects

/// A generated Alembic project in a temporary directory (removed on drop).
pub struct Project {
    tmp: std::cell::RefCell<tempfile::TempDir>,
    pub dir: PathBuf,
    pub shape: String,
    pub n: usize,
    pub seed: u64,
}

impl Project {
    /// Keep the project on disk after the test (to look at a failure).
    pub fn keep(&self) {
        self.tmp.borrow_mut().disable_cleanup(true);
    }

    pub fn versions_dir(&self) -> PathBuf {
        self.dir.join("alembic").join("versions")
    }

    /// The generator's own record of what it wrote (`gen_manifest.json`).
    pub fn manifest(&self) -> Manifest {
        let text = std::fs::read_to_string(self.dir.join("gen_manifest.json"))
            .expect("gen_manifest.json is written by gen_project.py");
        serde_json::from_str(&text).expect("gen_manifest.json parses")
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub shape: String,
    pub seed: u64,
    pub revisions: Vec<ManifestRevision>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ManifestRevision {
    pub id: String,
    pub file: String,
    pub parents: Vec<String>,
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub message: String,
}

/// A Python 3 to run the (dependency-free) generator with.
fn generator_python() -> PathBuf {
    if let Ok(r) = find_reference() {
        return r.python();
    }
    PathBuf::from("python3")
}

/// Generate a project: `shape` is one of linear, branched, labels, depends,
/// mixed; `n` is used by linear, branched and mixed.
pub fn generate(shape: &str, n: usize, seed: u64) -> Project {
    generate_with(shape, n, seed, false)
}

/// Generate with `--plain` (uniform files, the fast mode for big projects).
pub fn generate_plain(shape: &str, n: usize, seed: u64) -> Project {
    generate_with(shape, n, seed, true)
}

fn generate_with(shape: &str, n: usize, seed: u64, plain: bool) -> Project {
    let tmp = tempfile::Builder::new()
        .prefix(&format!("aludel-{shape}-"))
        .tempdir()
        .expect("create temp dir");
    let dir = tmp.path().join("proj");
    let script = workspace_root().join("tests/fixtures/gen_project.py");
    let mut cmd = Command::new(generator_python());
    clean_env(&mut cmd);
    cmd.arg(&script)
        .arg(&dir)
        .arg(shape)
        .arg(n.to_string())
        .arg("--seed")
        .arg(seed.to_string());
    if plain {
        cmd.arg("--plain");
    }
    let out = cmd.output().expect("run gen_project.py");
    assert!(
        out.status.success(),
        "gen_project.py {shape} {n} --seed {seed} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Project {
        tmp: std::cell::RefCell::new(tmp),
        dir,
        shape: shape.to_string(),
        n,
        seed,
    }
}

// ---------------------------------------------------------------- oracle

/// The oracle's reply: see `tests/oracle/graph_oracle.py` for the format.
#[derive(Debug, Clone, Deserialize)]
pub struct OracleReply {
    pub alembic_version: String,
    pub load_warnings: Vec<String>,
    pub answers: Vec<Answer>,
}

/// One answer. Exactly one of the result keys (`ids`, `steps`, the graph
/// fields) or failure keys (`error`, `exception`, `unsupported`) is set.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub query: Value,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub exception: Option<String>,
    #[serde(default)]
    pub unsupported: Option<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    /// resolve: sorted ids (null / "base" entries possible); history: ids in order.
    #[serde(default)]
    pub ids: Option<Vec<Option<String>>>,
    /// resolve: ids in Alembic's order.
    #[serde(default)]
    pub order: Option<Vec<Option<String>>>,
    /// upgrade / downgrade: `str(step)` in order.
    #[serde(default)]
    pub steps: Option<Vec<String>>,
    /// upgrade / downgrade / history: every order Alembic can produce.
    #[serde(default)]
    pub variants: Option<Vec<Vec<String>>>,
    /// graph: everything else.
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

impl Answer {
    /// The ids of a successful resolve / history answer, `None` entries kept.
    pub fn id_list(&self) -> Option<&[Option<String>]> {
        self.ids.as_deref()
    }

    pub fn is_failure(&self) -> bool {
        self.error.is_some() || self.exception.is_some() || self.unsupported.is_some()
    }
}

/// Ask the oracle about `project`, one process for all the queries.
pub fn oracle(r: &Reference, project: &Path, queries: &[Value]) -> OracleReply {
    let script = workspace_root().join("tests/oracle/graph_oracle.py");
    let mut cmd = Command::new(r.python());
    clean_env(&mut cmd);
    cmd.env("PYTHONHASHSEED", "0").arg(&script).arg(project);
    let input = serde_json::to_vec(queries).expect("queries serialize");
    let stdout = run_python_json(cmd, &input, "graph_oracle.py");
    let reply: OracleReply = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "graph_oracle.py printed no valid JSON ({e}):\n{}",
            String::from_utf8_lossy(&stdout)
        )
    });
    assert_eq!(reply.answers.len(), queries.len(), "one answer per query");
    reply
}

/// The revision graph as Alembic sees it (the oracle's `graph` answer).
#[derive(Debug, Clone, Deserialize)]
pub struct Graph {
    /// Revision ids in revision-map order (file order).
    pub map_order: Vec<String>,
    pub heads: Vec<String>,
    pub real_heads: Vec<String>,
    pub bases: Vec<String>,
    pub real_bases: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub revisions: Vec<GraphRevision>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GraphRevision {
    pub id: String,
    pub down_revisions: Vec<String>,
    pub dependencies: Vec<String>,
    pub resolved_dependencies: Vec<String>,
    pub normalized_dependencies: Vec<String>,
    pub nextrev: Vec<String>,
    pub all_nextrev: Vec<String>,
    pub branch_labels: Vec<String>,
    pub is_head: bool,
    pub is_real_head: bool,
    pub is_base: bool,
    pub is_real_base: bool,
    pub is_branch_point: bool,
    pub is_merge_point: bool,
    pub doc: String,
    pub longdoc: String,
    pub path: String,
}

impl Graph {
    pub fn rev(&self, id: &str) -> Option<&GraphRevision> {
        self.revisions.iter().find(|r| r.id == id)
    }

    /// Ids of `id` and all its ancestors, along down revisions and
    /// dependencies.
    pub fn ancestors(&self, id: &str) -> std::collections::BTreeSet<String> {
        self.walk_down(id, true)
    }

    /// Ids of `id` and its ancestors along down revisions only.
    pub fn versioned_ancestors(&self, id: &str) -> std::collections::BTreeSet<String> {
        self.walk_down(id, false)
    }

    fn walk_down(&self, id: &str, deps: bool) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![id.to_string()];
        while let Some(x) = todo.pop() {
            if !seen.insert(x.clone()) {
                continue;
            }
            if let Some(r) = self.rev(&x) {
                todo.extend(r.down_revisions.iter().cloned());
                if deps {
                    todo.extend(r.resolved_dependencies.iter().cloned());
                }
            }
        }
        seen
    }
}

/// Ask the oracle for the graph alone.
pub fn oracle_graph(r: &Reference, project: &Path) -> Graph {
    let reply = oracle(r, project, &[serde_json::json!({"op": "graph"})]);
    graph_from(&reply.answers[0])
}

/// Decode a `graph` answer.
pub fn graph_from(answer: &Answer) -> Graph {
    assert!(
        !answer.is_failure(),
        "graph query failed: {answer:?} (the project does not load in Alembic)"
    );
    let value = Value::Object(answer.rest.clone().into_iter().collect());
    serde_json::from_value(value).expect("graph answer has the documented shape")
}
