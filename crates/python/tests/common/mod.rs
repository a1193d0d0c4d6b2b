//! Locating the reference Python (a venv with Alembic and Mako) for tests
//! that compare aludel with the real thing.
//!
//! The venv is `$ALUDEL_REF_VENV`, else `<workspace>/.venv`, else
//! `/tmp/refvenv`. Without one, a test fails when `CI=true` and is skipped
//! (with a notice) otherwise.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn candidate_venvs() -> Vec<PathBuf> {
    match std::env::var_os("ALUDEL_REF_VENV") {
        Some(venv) => vec![PathBuf::from(venv)],
        None => vec![
            workspace_root().join(".venv"),
            PathBuf::from("/tmp/refvenv"),
        ],
    }
}

fn usable(venv: &Path) -> bool {
    let python = venv.join("bin/python");
    python.exists()
        && Command::new(&python)
            .args(["-c", "import alembic, mako"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// The reference venv, or `None` after printing a skip notice (a panic
/// under `CI=true`).
pub fn reference_venv(test: &str) -> Option<PathBuf> {
    if let Some(venv) = candidate_venvs().into_iter().find(|v| usable(v)) {
        return Some(venv);
    }
    let searched: Vec<String> = candidate_venvs()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let message = format!(
        "{test}: no reference venv with alembic and mako (looked in {}; set ALUDEL_REF_VENV)",
        searched.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("SKIPPED {message}");
    None
}

/// Run `python -c script` in the venv with `input` on stdin; stdout.
pub fn run_python(venv: &Path, script: &str, input: &str) -> String {
    let mut child = Command::new(venv.join("bin/python"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start reference python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("reference python");
    assert!(
        output.status.success(),
        "reference python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}
