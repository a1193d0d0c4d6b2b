//! Differential test of the body evaluator: every revision file in
//! `tests/body_fixtures/` is run by the real Alembic in offline mode
//! (`tests/oracle/body_oracle.py`: `Operations` with `as_sql=True` and
//! `literal_binds=True`, as `alembic upgrade --sql` sets them up) and by
//! aludel (`RevisionBody::evaluate` then `render_script`), for SQLite,
//! PostgreSQL and MySQL; the printed SQL must be equal byte for byte. Where
//! Alembic raises, aludel must fail too (evaluating or rendering).
//!
//! Files named `batch_*` are compared on PostgreSQL and MySQL only: offline,
//! Alembic cannot rebuild a SQLite table without reflecting it.
//!
//! The venv is `ALUDEL_REF_VENV`, else `<workspace>/.venv`; without it the
//! test is skipped, or fails under `CI=true`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aludel_core::dialect::{render_script, DialectKind};
use aludel_python::body::{BodyContext, RevisionBody};

const DIALECTS: [DialectKind; 3] = [
    DialectKind::Sqlite,
    DialectKind::Postgresql,
    DialectKind::Mysql,
];

fn workspace() -> PathBuf {
    aludel_testkit::workspace_root()
}

fn python() -> Option<PathBuf> {
    aludel_testkit::reference_python("body differential test")
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/body_fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

/// aludel's script for one run, or the error text.
fn aludel(body: &RevisionBody, function: &str, dialect: DialectKind) -> Result<String, String> {
    let ctx = BodyContext {
        mariadb: false,
        dialect,
        offline: true,
        sqlalchemy_20: false,
    };
    let ops = body.evaluate(function, &ctx).map_err(|e| e.to_string())?;
    let ops: Vec<_> = ops.into_iter().map(|l| l.op).collect();
    render_script(dialect.dialect(), &ops).map_err(|e| e.to_string())
}

/// The first line where `got` differs from `want`, with both versions.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    format!(
        "  line {}:\n  alembic: {}\n  aludel:  {}\n",
        i + 1,
        w.get(i).unwrap_or(&"<end>"),
        g.get(i).unwrap_or(&"<end>")
    )
}

#[test]
fn bodies_render_like_alembic() {
    let Some(py) = python() else { return };
    let mut runs = Vec::new();
    for path in fixtures() {
        let source = std::fs::read_to_string(&path).expect("fixture readable");
        let body = RevisionBody::parse(&path, &source).unwrap_or_else(|e| panic!("{e}"));
        for function in ["upgrade", "downgrade"] {
            if body.has_function(function) {
                runs.push((path.clone(), function, source.clone()));
            }
        }
    }
    let request = serde_json::json!({
        "dialects": DIALECTS.iter().map(|d| d.name()).collect::<Vec<_>>(),
        "runs": runs.iter().map(|(p, f, _)| serde_json::json!({"path": p, "function": f})).collect::<Vec<_>>(),
    });
    let mut child = Command::new(py)
        .arg(workspace().join("tests/oracle/body_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("request written");
    let output = child.wait_with_output().expect("oracle runs");
    assert!(output.status.success(), "oracle failed");
    let answers: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("oracle JSON");
    assert_eq!(answers.len(), runs.len());

    let mut failures = Vec::new();
    let mut compared = 0;
    for ((path, function, source), answer) in runs.iter().zip(&answers) {
        let body = RevisionBody::parse(path, source).unwrap_or_else(|e| panic!("{e}"));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        for dialect in DIALECTS {
            if name.starts_with("batch_") && dialect == DialectKind::Sqlite {
                continue;
            }
            let ours = aludel(&body, function, dialect);
            let theirs = &answer[dialect.name()];
            compared += 1;
            match (theirs.get("ok").and_then(|v| v.as_str()), &ours) {
                (Some(want), Ok(got)) if want == got => {}
                (Some(want), got) => failures.push(format!(
                    "{name} {function}() on {}:\n{}",
                    dialect.name(),
                    match got {
                        Ok(s) => first_difference(want, s),
                        Err(e) => format!("aludel fails: {e}\n"),
                    }
                )),
                (None, Ok(got)) => failures.push(format!(
                    "{name} {function}() on {}: alembic fails ({}) but aludel printed:\n{got}\n",
                    dialect.name(),
                    theirs.get("err").and_then(|v| v.as_str()).unwrap_or("?")
                )),
                (None, Err(_)) => {}
            }
        }
    }
    assert!(compared > 20, "too few comparisons: {compared}");
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
