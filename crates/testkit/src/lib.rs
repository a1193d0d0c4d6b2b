//! Test support shared by the tests of every aludel crate (the one home
//! for it):
//!
//! * where the workspace is, and whether the tests run under CI;
//! * the reference venvs with the real Alembic ([`reference`]): SQLModel
//!   0.0.50 (`.venv`) and 0.0.24 (`.venv-sqlmodel024`);
//! * scratch databases on SQLite, PostgreSQL and MariaDB ([`scratch`]);
//! * the autogenerate oracle `tests/oracle/autogen_oracle.py` ([`oracle`]);
//! * the model corpus `tests/corpus/models` ([`corpus`]);
//! * scratch projects for autogenerate / check tests ([`project`]);
//! * small comparison helpers.
//!
//! Anything that needs a missing venv or server skips the test with a
//! printed notice, and panics under `CI=true`: a differential test must
//! never pass without having compared anything.

#![warn(missing_docs)]

pub mod corpus;
pub mod oracle;
pub mod project;
pub mod reference;
pub mod scratch;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use corpus::{model_case, model_cases, models_corpus_dir, AlembicResult, Env, ModelCase};
pub use oracle::{AutogenOracle, Evolution, EvolveRequest, EvolveStep, OracleError, SharedOracle};
pub use project::{ModelProject, MODEL_IMPORTS};
pub use reference::{
    find_reference, find_reference_v24, reference, reference_python, reference_python_v24,
    reference_v24, Reference, REFERENCE_ALEMBIC,
};
pub use scratch::{server_available, server_or_skip, Dialect, ScratchDb};

/// The workspace root (two levels above each crate's manifest), canonical.
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Whether the tests run under CI (`CI=true`; also `1` / `yes`), where a
/// missing reference or server is a failure rather than a skip.
pub fn under_ci() -> bool {
    matches!(
        std::env::var("CI")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Ok("true") | Ok("1") | Ok("yes")
    )
}

/// Where two JSON values differ: up to `limit` lines `path: left | right`
/// (object keys in order, arrays of equal length element by element, else
/// the two values whole).
pub fn json_differences(left: &Value, right: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    walk_differences("", left, right, &mut out, limit);
    out
}

fn walk_differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                if out.len() >= limit {
                    return;
                }
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => {
                        walk_differences(&format!("{path}/{k}"), va, vb, out, limit)
                    }
                    (va, vb) => {
                        out.push(format!("{path}/{k}: {} | {}", presence(va), presence(vb)))
                    }
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                walk_differences(&format!("{path}[{i}]"), va, vb, out, limit);
            }
        }
        _ => out.push(format!("{path}: {a} | {b}")),
    }
}

fn presence(v: Option<&Value>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "(absent)".to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_differences_name_the_paths() {
        let a = json!({"t": {"cols": [1, 2], "x": "a"}, "only_a": 1});
        let b = json!({"t": {"cols": [1, 3], "x": "a"}, "only_b": 2});
        assert_eq!(
            json_differences(&a, &b, 10),
            vec![
                "/only_a: 1 | (absent)".to_string(),
                "/only_b: (absent) | 2".to_string(),
                "/t/cols[1]: 2 | 3".to_string(),
            ]
        );
        assert!(json_differences(&a, &a, 10).is_empty());
        // arrays of different lengths are one difference, shown whole
        let c = json!({"t": {"cols": [1], "x": "a"}, "only_a": 1});
        assert_eq!(json_differences(&a, &c, 10), vec!["/t/cols: [1,2] | [1]"]);
        assert_eq!(json_differences(&a, &b, 1).len(), 1);
    }
}
