//! Test support shared by the differential tests of every aludel crate:
//! where the workspace is, and the Python of the reference venv (real
//! Alembic) that the tests compare against.

#![warn(missing_docs)]

use std::path::PathBuf;

/// The workspace root (two levels above each crate's manifest).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether the tests run under CI (`CI=true`), where a missing reference
/// or server is a failure rather than a skip.
pub fn under_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The reference venv's `python`: `$ALUDEL_REF_VENV` or `<workspace>/.venv`.
/// Without one, `test` (named in the message) is skipped — or fails under CI.
pub fn reference_python(test: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("ALUDEL_REF_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv"));
    let python = venv.join("bin/python");
    if python.exists() {
        return Some(python);
    }
    if under_ci() {
        panic!("reference venv {} not found (CI=true)", venv.display());
    }
    eprintln!("skipping {test}: no reference venv at {}", venv.display());
    None
}
