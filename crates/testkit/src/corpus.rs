//! The autogenerate model corpus, `tests/corpus/models/<case>/`: model
//! versions `v1.py`, `v2.py`, ... and a `case.toml` with a description,
//! the databases and reference environments the case runs on, and what
//! real Alembic did with it per environment and target (written by
//! `tests/corpus/models/measure.py`; see `tests/corpus/README.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::reference::{
    find_reference, find_reference_v24, Reference, REFERENCE_SQLMODEL, REFERENCE_SQLMODEL_V24,
};
use crate::scratch::Dialect;
use crate::{under_ci, workspace_root};

/// A reference environment: which SQLModel (and SQLAlchemy, pydantic) the
/// models are read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Env {
    /// `.venv`: SQLModel 0.0.50, SQLAlchemy 2.1.9, pydantic 2.14.
    V50,
    /// `.venv-sqlmodel024`: SQLModel 0.0.24, SQLAlchemy 2.0.58, pydantic 2.11.
    V24,
}

impl Env {
    /// Both, the main one first.
    pub const ALL: [Env; 2] = [Env::V50, Env::V24];

    /// `v50` / `v24` (the names case.toml files use).
    pub fn tag(self) -> &'static str {
        match self {
            Env::V50 => "v50",
            Env::V24 => "v24",
        }
    }

    /// The environment tagged `tag`.
    pub fn from_tag(tag: &str) -> Option<Env> {
        Env::ALL.into_iter().find(|e| e.tag() == tag)
    }

    /// Its SQLModel version.
    pub fn sqlmodel(self) -> &'static str {
        match self {
            Env::V50 => REFERENCE_SQLMODEL,
            Env::V24 => REFERENCE_SQLMODEL_V24,
        }
    }

    /// Its venv, or why there is none.
    pub fn find(self) -> Result<Reference, String> {
        match self {
            Env::V50 => find_reference().and_then(|r| {
                if r.has_dist("sqlmodel", REFERENCE_SQLMODEL) {
                    Ok(r)
                } else {
                    Err(format!(
                        "{} holds no sqlmodel-{REFERENCE_SQLMODEL}.dist-info",
                        r.venv.display()
                    ))
                }
            }),
            Env::V24 => find_reference_v24(),
        }
    }

    /// Its venv, or `None` after a skip notice (a panic under `CI=true`).
    pub fn reference(self) -> Option<Reference> {
        match self.find() {
            Ok(r) => Some(r),
            Err(why) if under_ci() => panic!(
                "the {} reference venv (SQLModel {}) is required under CI=true: {why}; \
                 `bash .ci/run --setup-only` creates it",
                self.tag(),
                self.sqlmodel()
            ),
            Err(why) => {
                eprintln!(
                    "SKIPPED: no {} reference venv (SQLModel {}): {why}",
                    self.tag(),
                    self.sqlmodel()
                );
                None
            }
        }
    }
}

/// Where a case's Alembic results are kept: the database kind, and for
/// SQLite whether env.py set `render_as_batch` (`sqlite`) or not
/// (`sqlite_nobatch`); the servers run without batch mode.
pub fn target_name(dialect: Dialect, render_as_batch: bool) -> &'static str {
    match (dialect, render_as_batch) {
        (Dialect::Sqlite, true) => "sqlite",
        (Dialect::Sqlite, false) => "sqlite_nobatch",
        (Dialect::Postgresql, _) => "postgresql",
        (Dialect::Mariadb, _) => "mariadb",
    }
}

/// The targets measured for a database kind: `(name, render_as_batch)`.
pub fn targets(dialect: Dialect) -> &'static [(&'static str, bool)] {
    match dialect {
        Dialect::Sqlite => &[("sqlite", true), ("sqlite_nobatch", false)],
        Dialect::Postgresql => &[("postgresql", false)],
        Dialect::Mariadb => &[("mariadb", false)],
    }
}

/// What real Alembic did with a case on one target (a `[alembic.<env>.<target>]`
/// table of case.toml).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct AlembicResult {
    /// env.py's `render_as_batch`.
    pub render_as_batch: bool,
    /// Every step succeeded.
    pub ok: bool,
    /// Steps that ran and failed (`upgrade v2`, `downgrade base`, `check`, ...).
    #[serde(default)]
    pub failed: Vec<String>,
    /// Steps not run after a failed revision / upgrade.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Whether the evolved database equals create_all of the last version
    /// (absent when create_all failed).
    #[serde(default)]
    pub same_as_create_all: Option<bool>,
    /// The same, each table's columns compared by name.
    #[serde(default)]
    pub same_as_create_all_unordered: Option<bool>,
    /// Why create_all could not be compared.
    #[serde(default)]
    pub create_all_error: Option<String>,
    /// The first differences from create_all.
    #[serde(default)]
    pub create_all_differences: Vec<String>,
    /// Step name -> Alembic's message.
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    /// Model version -> why its create_all failed.
    #[serde(default)]
    pub create_all_errors: BTreeMap<String, String>,
}

impl AlembicResult {
    /// Whether `actual` (an [`crate::EvolveStep`]'s error) is what was
    /// recorded for `step`: case.toml keeps the first 600 characters of a
    /// message (then ` ...`).
    pub fn error_matches(&self, step: &str, actual: Option<&str>) -> bool {
        match (self.errors.get(step), actual) {
            (None, None) => true,
            (Some(recorded), Some(actual)) => match recorded.strip_suffix(" ...") {
                Some(prefix) => actual.starts_with(prefix),
                None => recorded == actual,
            },
            _ => false,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseToml {
    description: String,
    databases: Vec<String>,
    #[serde(default)]
    environments: Option<Vec<String>>,
    #[serde(default)]
    alembic: BTreeMap<String, BTreeMap<String, AlembicResult>>,
}

/// One case of the model corpus.
#[derive(Debug, Clone)]
pub struct ModelCase {
    /// The folder name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// What it covers.
    pub description: String,
    /// The databases it runs on.
    pub databases: Vec<Dialect>,
    /// The reference environments its models are valid for.
    pub environments: Vec<Env>,
    /// `v1.py`, `v2.py`, ... in order.
    pub versions: Vec<PathBuf>,
    /// Env tag -> target name -> what Alembic did.
    pub alembic: BTreeMap<String, BTreeMap<String, AlembicResult>>,
}

impl ModelCase {
    /// Reads `dir/case.toml` and lists the versions.
    pub fn load(dir: &Path) -> Result<ModelCase, String> {
        let file = dir.join("case.toml");
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let toml: CaseToml =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let databases = toml
            .databases
            .iter()
            .map(|d| {
                Dialect::from_name(d).ok_or_else(|| format!("{}: database {d:?}", file.display()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let environments = match &toml.environments {
            None => Env::ALL.to_vec(),
            Some(tags) => tags
                .iter()
                .map(|t| {
                    Env::from_tag(t).ok_or_else(|| format!("{}: environment {t:?}", file.display()))
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let mut numbered = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Some(n) = name
                .strip_prefix('v')
                .and_then(|rest| rest.strip_suffix(".py"))
                .and_then(|n| n.parse::<u32>().ok())
            {
                numbered.push((n, path));
            }
        }
        numbered.sort();
        if numbered.is_empty() {
            return Err(format!("{}: no v1.py", dir.display()));
        }
        Ok(ModelCase {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir: dir.to_path_buf(),
            description: toml.description,
            databases,
            environments,
            versions: numbered.into_iter().map(|(_, p)| p).collect(),
            alembic: toml.alembic,
        })
    }

    /// The version names, `v1`, `v2`, ...
    pub fn version_names(&self) -> Vec<String> {
        self.versions
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect()
    }

    /// The last version's file.
    pub fn last_version(&self) -> &Path {
        self.versions.last().expect("at least v1")
    }

    /// Whether the case runs on `dialect` under `env`.
    pub fn runs_on(&self, env: Env, dialect: Dialect) -> bool {
        self.environments.contains(&env) && self.databases.contains(&dialect)
    }

    /// What Alembic did under `env` on `target` (see [`target_name`]).
    pub fn result(&self, env: Env, target: &str) -> Option<&AlembicResult> {
        self.alembic.get(env.tag())?.get(target)
    }
}

/// `tests/corpus/models`.
pub fn models_corpus_dir() -> PathBuf {
    workspace_root().join("tests").join("corpus").join("models")
}

/// Every case of the model corpus, by name; panics on a broken case.toml.
pub fn model_cases() -> Vec<ModelCase> {
    let dir = models_corpus_dir();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|d| ModelCase::load(d).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The case called `name`; panics when there is none.
pub fn model_case(name: &str) -> ModelCase {
    ModelCase::load(&models_corpus_dir().join(name)).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_loads_and_is_measured() {
        let cases = model_cases();
        assert!(cases.len() >= 20, "{} cases", cases.len());
        for case in &cases {
            assert!(!case.description.is_empty(), "{}", case.name);
            assert!(
                case.versions.len() >= 2,
                "{}: fewer than two versions",
                case.name
            );
            assert_eq!(case.version_names()[0], "v1");
            for env in &case.environments {
                for dialect in &case.databases {
                    for (target, batch) in targets(*dialect) {
                        let result = case.result(*env, target).unwrap_or_else(|| {
                            panic!(
                                "{}: no [alembic.{}.{target}] (run tests/corpus/models/measure.py)",
                                case.name,
                                env.tag()
                            )
                        });
                        assert_eq!(result.render_as_batch, *batch, "{} {target}", case.name);
                        assert_eq!(
                            result.ok,
                            result.failed.is_empty(),
                            "{} {target}",
                            case.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn target_names() {
        assert_eq!(target_name(Dialect::Sqlite, true), "sqlite");
        assert_eq!(target_name(Dialect::Sqlite, false), "sqlite_nobatch");
        assert_eq!(target_name(Dialect::Mariadb, true), "mariadb");
        assert_eq!(Env::from_tag("v24"), Some(Env::V24));
    }
}
