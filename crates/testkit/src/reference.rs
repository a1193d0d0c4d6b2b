//! The reference venvs the differential tests compare against: real
//! Alembic with SQLModel 0.0.50 (`.venv`) and with SQLModel 0.0.24
//! (`.venv-sqlmodel024`), both made by `bash .ci/run --setup-only`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::{under_ci, workspace_root};

/// The Alembic version both reference venvs must hold.
pub const REFERENCE_ALEMBIC: &str = "1.20.1";

/// The SQLModel version of the main reference venv (`.venv`).
pub const REFERENCE_SQLMODEL: &str = "0.0.50";

/// The SQLModel version of the second reference venv (`.venv-sqlmodel024`).
pub const REFERENCE_SQLMODEL_V24: &str = "0.0.24";

/// A Python venv with the reference Alembic installed.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The venv's directory.
    pub venv: PathBuf,
}

impl Reference {
    /// `<venv>/bin/python`.
    pub fn python(&self) -> PathBuf {
        self.venv.join("bin").join("python")
    }

    /// `<venv>/bin/alembic`.
    pub fn alembic(&self) -> PathBuf {
        self.venv.join("bin").join("alembic")
    }

    /// Whether the venv holds distribution `name` at `version` (its
    /// `<name>-<version>.dist-info`; cheaper than starting Python).
    pub fn has_dist(&self, name: &str, version: &str) -> bool {
        let want = format!("{name}-{version}.dist-info");
        std::fs::read_dir(self.venv.join("lib"))
            .map(|dirs| {
                dirs.filter_map(Result::ok)
                    .any(|py| py.path().join("site-packages").join(&want).is_dir())
            })
            .unwrap_or(false)
    }
}

fn check_venv(venv: &Path, sqlmodel: Option<&str>) -> Result<Reference, String> {
    let r = Reference {
        venv: venv.to_path_buf(),
    };
    for exe in [r.python(), r.alembic()] {
        if !exe.is_file() {
            return Err(format!("{} is missing", exe.display()));
        }
    }
    if !r.has_dist("alembic", REFERENCE_ALEMBIC) {
        return Err(format!(
            "{} holds no alembic-{REFERENCE_ALEMBIC}.dist-info (another Alembic version, or none)",
            venv.display()
        ));
    }
    if let Some(version) = sqlmodel {
        if !r.has_dist("sqlmodel", version) {
            return Err(format!(
                "{} holds no sqlmodel-{version}.dist-info",
                venv.display()
            ));
        }
    }
    Ok(r)
}

/// Looks for the reference venv: `$ALUDEL_REF_VENV` (authoritative when
/// set), else `<workspace>/.venv`, else `/tmp/refvenv`; it must hold
/// Alembic [`REFERENCE_ALEMBIC`].
pub fn find_reference() -> Result<Reference, String> {
    static FOUND: OnceLock<Result<Reference, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            if let Some(v) = std::env::var_os("ALUDEL_REF_VENV").filter(|v| !v.is_empty()) {
                return check_venv(Path::new(&v), None)
                    .map_err(|e| format!("ALUDEL_REF_VENV={}: {e}", Path::new(&v).display()));
            }
            let mut reasons = Vec::new();
            for cand in [
                workspace_root().join(".venv"),
                PathBuf::from("/tmp/refvenv"),
            ] {
                match check_venv(&cand, None) {
                    Ok(r) => return Ok(r),
                    Err(e) => reasons.push(e),
                }
            }
            Err(reasons.join("; "))
        })
        .clone()
}

/// Looks for the SQLModel 0.0.24 reference venv: `$ALUDEL_REF_VENV_V24`
/// (authoritative when set), else `<workspace>/.venv-sqlmodel024`; it must
/// hold Alembic [`REFERENCE_ALEMBIC`] and SQLModel [`REFERENCE_SQLMODEL_V24`].
pub fn find_reference_v24() -> Result<Reference, String> {
    static FOUND: OnceLock<Result<Reference, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let (venv, source) =
                match std::env::var_os("ALUDEL_REF_VENV_V24").filter(|v| !v.is_empty()) {
                    Some(v) => (PathBuf::from(v), "ALUDEL_REF_VENV_V24="),
                    None => (workspace_root().join(".venv-sqlmodel024"), ""),
                };
            check_venv(&venv, Some(REFERENCE_SQLMODEL_V24))
                .map_err(|e| format!("{source}{}: {e}", venv.display()))
        })
        .clone()
}

/// `found`, or `None` after a skip notice naming `what`; a panic under
/// `CI=true` (a differential test must not pass without comparing).
fn or_skip(found: Result<Reference, String>, what: &str, test: &str) -> Option<Reference> {
    match found {
        Ok(r) => Some(r),
        Err(why) => {
            if under_ci() {
                panic!(
                    "{test}: the {what} is required under CI=true and was not found ({why}); \
                     `bash .ci/run --setup-only` creates it"
                );
            }
            eprintln!(
                "SKIPPED {test}: no {what} ({why}); run `bash .ci/run --setup-only` \
                 or set its variable"
            );
            None
        }
    }
}

/// The reference venv, or `None` after printing a skip notice. Under
/// `CI=true` a missing reference panics.
///
/// ```ignore
/// let Some(r) = aludel_testkit::reference() else { return };
/// ```
pub fn reference() -> Option<Reference> {
    or_skip(
        find_reference(),
        "reference Alembic venv (ALUDEL_REF_VENV)",
        "test",
    )
}

/// The SQLModel 0.0.24 reference venv, or `None` after a skip notice (a
/// panic under `CI=true`).
pub fn reference_v24() -> Option<Reference> {
    or_skip(
        find_reference_v24(),
        "SQLModel 0.0.24 reference venv (ALUDEL_REF_VENV_V24)",
        "test",
    )
}

/// The reference venv's `python`; without one, `test` (named in the
/// notice) is skipped — or fails under CI.
pub fn reference_python(test: &str) -> Option<PathBuf> {
    or_skip(
        find_reference(),
        "reference Alembic venv (ALUDEL_REF_VENV)",
        test,
    )
    .map(|r| r.python())
}

/// The SQLModel 0.0.24 venv's `python`; without one, `test` is skipped —
/// or fails under CI.
pub fn reference_python_v24(test: &str) -> Option<PathBuf> {
    or_skip(
        find_reference_v24(),
        "SQLModel 0.0.24 reference venv (ALUDEL_REF_VENV_V24)",
        test,
    )
    .map(|r| r.python())
}
