//! `tests/oracle/autogen_oracle.py`, one long-lived process per reference
//! environment and test binary: create_all of model files, dumps, and real
//! Alembic's autogenerate evolutions. The request / answer format is the
//! script's docstring.
//!
//! ```ignore
//! let Some(mut oracle) = aludel_testkit::AutogenOracle::shared(Env::V50) else { return };
//! let dump = oracle.create_all(&case.versions[0], db.url()).unwrap();
//! ```

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::corpus::Env;
use crate::reference::Reference;
use crate::workspace_root;

/// A failure the oracle reported for a request (`{"error", "traceback"}`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct OracleError {
    /// The exception line(s), SQLAlchemy's `[SQL: ...]` tail cut off.
    pub error: String,
    /// The whole traceback.
    #[serde(default)]
    pub traceback: String,
}

impl std::fmt::Display for OracleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

/// Versions of the packages the oracle runs with (`versions` request).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Versions {
    /// `3.11.7`.
    pub python: String,
    /// Alembic.
    pub alembic: String,
    /// SQLAlchemy.
    pub sqlalchemy: String,
    /// SQLModel.
    pub sqlmodel: String,
    /// pydantic.
    pub pydantic: String,
}

/// One alembic command of an evolution.
#[derive(Debug, Clone, Deserialize)]
pub struct EvolveStep {
    /// `revision v1`, `upgrade v1`, ..., `downgrade base`, `upgrade head`, `check`.
    pub step: String,
    /// The alembic command line (`alembic revision --autogenerate -m v1 --rev-id 0001`).
    pub command: String,
    /// Exit code 0.
    pub ok: bool,
    /// Alembic's message when it failed: the `FAILED:` text or the
    /// exception line of the traceback.
    pub error: Option<String>,
    /// Not run: an earlier revision / upgrade failed.
    pub skipped: bool,
    /// What the command printed.
    pub stdout: String,
    /// What the command logged (the `INFO  [alembic...]` lines).
    pub stderr: String,
}

/// A revision file autogenerate wrote.
#[derive(Debug, Clone, Deserialize)]
pub struct RevisionText {
    /// The model version it was generated for (`v1`).
    pub version: String,
    /// Its revision id (`0001`).
    pub rev_id: String,
    /// Its file name in `alembic/versions`.
    pub file: Option<String>,
    /// Its text (`None` if the file could not be found).
    pub text: Option<String>,
}

/// The answer to `evolve`.
#[derive(Debug, Clone, Deserialize)]
pub struct Evolution {
    /// Every step, in order.
    pub steps: Vec<EvolveStep>,
    /// The revision files, in version order.
    pub revisions: Vec<RevisionText>,
    /// The database after the last step (`dump_schema.py`), or
    /// `{"error", "traceback"}` when it cannot be read.
    pub dump: Value,
    /// Whether that equals create_all of the last version (version rows and
    /// table rows left out); `None` when create_all failed.
    pub same_as_create_all: Option<bool>,
    /// The same with each table's columns compared by name, not position
    /// (add_column can only append).
    pub same_as_create_all_unordered: Option<bool>,
    /// Up to 20 `path: evolved | create_all` lines.
    pub create_all_differences: Vec<String>,
    /// Why create_all of the last version failed (or the evolved database
    /// could not be dumped).
    pub create_all_error: Option<String>,
}

impl Evolution {
    /// True when every step succeeded.
    pub fn ok(&self) -> bool {
        self.steps.iter().all(|s| s.ok)
    }

    /// The names of the steps that ran and failed.
    pub fn failed(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| !s.ok && !s.skipped)
            .map(|s| s.step.as_str())
            .collect()
    }

    /// The step called `name`.
    pub fn step(&self, name: &str) -> Option<&EvolveStep> {
        self.steps.iter().find(|s| s.step == name)
    }
}

/// What to evolve (`evolve` request).
#[derive(Debug, Clone)]
pub struct EvolveRequest {
    /// The case folder with v1.py, v2.py, ...
    pub case: PathBuf,
    /// The database (emptied first).
    pub url: String,
    /// `render_as_batch` in env.py.
    pub render_as_batch: bool,
    /// Build the scratch project here and keep it (else a temp dir).
    pub project: Option<PathBuf>,
    /// Compare the end state with create_all of the last version.
    pub compare_create_all: bool,
}

impl EvolveRequest {
    /// The usual request: temporary project, create_all compared.
    pub fn new(case: &Path, url: &str, render_as_batch: bool) -> Self {
        EvolveRequest {
            case: case.to_path_buf(),
            url: url.to_string(),
            render_as_batch,
            project: None,
            compare_create_all: true,
        }
    }
}

/// A running `autogen_oracle.py`.
pub struct AutogenOracle {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    python: PathBuf,
}

impl AutogenOracle {
    /// Starts the oracle with `python` (a reference venv's), in the
    /// workspace root, `PYTHONHASHSEED=0`, no bytecode files.
    pub fn start(python: &Path) -> AutogenOracle {
        let script = workspace_root().join("tests/oracle/autogen_oracle.py");
        let mut cmd = Command::new(python);
        cmd.env_clear();
        for key in ["PATH", "HOME", "TMPDIR"] {
            if let Some(v) = std::env::var_os(key) {
                cmd.env(key, v);
            }
        }
        cmd.env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("TZ", "UTC")
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(workspace_root())
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", script.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        AutogenOracle {
            child,
            stdin: Some(stdin),
            stdout,
            python: python.to_path_buf(),
        }
    }

    /// The oracle of environment `env`, shared by the whole test binary
    /// (started on first use, restarted if it died; tests take turns).
    /// `None` after a skip notice when the environment's venv is missing —
    /// a panic under `CI=true`.
    pub fn shared(env: Env) -> Option<SharedOracle> {
        static V50: OnceLock<Mutex<Option<AutogenOracle>>> = OnceLock::new();
        static V24: OnceLock<Mutex<Option<AutogenOracle>>> = OnceLock::new();
        let reference: Reference = env.reference()?;
        let cell = match env {
            Env::V50 => &V50,
            Env::V24 => &V24,
        };
        let mut guard = cell
            .get_or_init(|| Mutex::new(None))
            .lock()
            // a test that panicked while asking leaves a usable process
            // (or a dead one, restarted below)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let alive = guard
            .as_mut()
            .is_some_and(|o| matches!(o.child.try_wait(), Ok(None)));
        if !alive {
            *guard = Some(AutogenOracle::start(&reference.python()));
        }
        Some(SharedOracle { guard })
    }

    /// The Python this oracle runs with.
    pub fn python(&self) -> &Path {
        &self.python
    }

    /// Sends one request, returns the raw answer.
    pub fn ask(&mut self, request: &Value) -> Value {
        let stdin = self.stdin.as_mut().expect("oracle still open");
        let mut line = serde_json::to_string(request).expect("request serializes");
        line.push('\n');
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("autogen_oracle.py stopped reading ({e}); see its stderr"));
        let mut reply = String::new();
        let n = self
            .stdout
            .read_line(&mut reply)
            .expect("read autogen_oracle.py's answer");
        assert!(
            n > 0,
            "autogen_oracle.py ended without answering {request}; see its stderr above"
        );
        serde_json::from_str(&reply)
            .unwrap_or_else(|e| panic!("autogen_oracle.py answered no JSON ({e}): {reply}"))
    }

    fn ask_checked(&mut self, request: &Value) -> Result<Value, OracleError> {
        let reply = self.ask(request);
        if reply.get("error").is_some_and(Value::is_string) {
            return Err(serde_json::from_value(reply).expect("an error answer"));
        }
        Ok(reply)
    }

    /// Package versions of the oracle's venv.
    pub fn versions(&mut self) -> Versions {
        serde_json::from_value(self.ask(&json!({"op": "versions"})))
            .expect("versions answer has the documented shape")
    }

    /// The `dump_schema.py` picture of the database at `url`.
    pub fn dump(&mut self, url: &str) -> Result<Value, OracleError> {
        self.ask_checked(&json!({"op": "dump", "url": url}))
    }

    /// Empties the database at `url`, runs create_all of the models file,
    /// and answers the dump.
    pub fn create_all(&mut self, models: &Path, url: &str) -> Result<Value, OracleError> {
        self.ask_checked(&json!({"op": "create_all", "models": models, "url": url}))
    }

    /// What SQLAlchemy's metadata holds after importing the models file
    /// (`{"tables": [...]}`, see `describe_table` in the script).
    pub fn metadata(&mut self, models: &Path) -> Result<Value, OracleError> {
        self.ask_checked(&json!({"op": "metadata", "models": models}))
    }

    /// What SQLAlchemy's metadata holds after importing the application
    /// modules `modules` (dotted names) with `root` first on `sys.path`:
    /// a package project (relative imports, `__init__.py` re-exports).
    pub fn metadata_package(
        &mut self,
        root: &Path,
        modules: &[&str],
    ) -> Result<Value, OracleError> {
        self.ask_checked(&json!({"op": "metadata", "root": root, "modules": modules}))
    }

    /// What Alembic's autogenerate (`compare_metadata`, `compare_type`
    /// on) finds between the models file and the database at `url`: one
    /// `[kind, table, column]` per difference (`column` for column-level
    /// ones, else null).
    pub fn compare(&mut self, models: &Path, url: &str) -> Result<Value, OracleError> {
        self.ask_checked(&json!({"op": "compare", "models": models, "url": url}))
    }

    /// Drops everything in the database at `url` (as `create_all` does first).
    pub fn wipe(&mut self, url: &str) -> Result<(), OracleError> {
        self.ask_checked(&json!({"op": "wipe", "url": url}))
            .map(drop)
    }

    /// Runs SQL statements with autocommit.
    pub fn sql(&mut self, url: &str, statements: &[&str]) -> Result<(), OracleError> {
        self.ask_checked(&json!({"op": "sql", "url": url, "statements": statements}))
            .map(drop)
    }

    /// Real Alembic's evolution through the versions of `case`.
    pub fn evolve(&mut self, case: &Path, url: &str, render_as_batch: bool) -> Evolution {
        self.evolve_with(&EvolveRequest::new(case, url, render_as_batch))
    }

    /// [`AutogenOracle::evolve`] with every option.
    pub fn evolve_with(&mut self, request: &EvolveRequest) -> Evolution {
        let mut body = json!({
            "op": "evolve",
            "case": request.case,
            "url": request.url,
            "render_as_batch": request.render_as_batch,
            "compare_create_all": request.compare_create_all,
        });
        if let Some(project) = &request.project {
            body["project"] = json!(project);
        }
        let reply = self.ask(&body);
        serde_json::from_value(reply.clone())
            .unwrap_or_else(|e| panic!("evolve answer has not the documented shape ({e}): {reply}"))
    }
}

impl Drop for AutogenOracle {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// The shared oracle of one environment, held by one test at a time
/// (derefs to [`AutogenOracle`]).
pub struct SharedOracle {
    guard: MutexGuard<'static, Option<AutogenOracle>>,
}

impl std::ops::Deref for SharedOracle {
    type Target = AutogenOracle;
    fn deref(&self) -> &AutogenOracle {
        self.guard.as_ref().expect("started")
    }
}

impl std::ops::DerefMut for SharedOracle {
    fn deref_mut(&mut self) -> &mut AutogenOracle {
        self.guard.as_mut().expect("started")
    }
}

/// A dump without the parts a schema comparison leaves out: the version
/// rows and the table rows.
pub fn schema_only(dump: &Value) -> Value {
    let mut out = dump.clone();
    if let Some(map) = out.as_object_mut() {
        map.remove("version_rows");
        map.remove("rows");
    }
    out
}

/// [`schema_only`] with each table's columns sorted by name: `add_column`
/// can only append, so an evolved table may hold create_all's columns in
/// another order (the oracle's `columns_by_name`).
pub fn columns_by_name(dump: &Value) -> Value {
    let mut out = schema_only(dump);
    if let Some(tables) = out.get_mut("tables").and_then(Value::as_object_mut) {
        for table in tables.values_mut() {
            if let Some(columns) = table.get_mut("columns").and_then(Value::as_array_mut) {
                columns.sort_by(|a, b| {
                    let name = |v: &Value| {
                        v.get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    name(a).cmp(&name(b))
                });
            }
        }
    }
    out
}
