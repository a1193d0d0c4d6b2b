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

/// Puts the constraint clauses of a `CREATE TABLE` body in sorted order
/// after its columns. Alembic collects a reflected or copied table's
/// constraints from Python sets, so their order changes from run to run;
/// `separator` is what stands between clauses (`", \n\t"` online,
/// `", \n    "` in `--sql` output).
pub fn sort_constraint_clauses(body: &str, separator: &str) -> String {
    const CONSTRAINT_STARTS: [&str; 5] = [
        "CONSTRAINT ",
        "UNIQUE ",
        "FOREIGN KEY",
        "CHECK ",
        "PRIMARY KEY",
    ];
    let is_constraint = |l: &&str| CONSTRAINT_STARTS.iter().any(|k| l.starts_with(k));
    let clauses: Vec<&str> = body.split(separator).collect();
    let mut ordered: Vec<&str> = clauses
        .iter()
        .copied()
        .filter(|l| !is_constraint(l))
        .collect();
    let mut constraints: Vec<&str> = clauses.iter().copied().filter(is_constraint).collect();
    constraints.sort();
    ordered.extend(constraints);
    ordered.join(separator)
}
