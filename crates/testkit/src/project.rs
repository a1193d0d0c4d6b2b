//! Scratch Alembic projects for the tests of `revision --autogenerate` and
//! `check`: the project `tests/oracle/autogen_oracle.py` builds for real
//! Alembic's evolutions (`tests/oracle/autogen_project`: `alembic.ini`,
//! `alembic/env.py`, `alembic/script.py.mako`; the URL comes from
//! `DATABASE_URL`), plus an `aludel.toml` that names `models` as the model
//! module (env.py computes its `target_metadata`, which aludel does not
//! run), and the models in `models.py`.
//!
//! ```ignore
//! let project = aludel_testkit::ModelProject::new("class Hero(SQLModel, table=True): ...");
//! project.write_revision("0001", None, "    op.create_table(...)", "    op.drop_table('hero')");
//! // run aludel / alembic in project.dir with DATABASE_URL set
//! ```

use std::path::{Path, PathBuf};

use crate::workspace_root;

/// The imports every models text given to [`ModelProject::new`] gets.
pub const MODEL_IMPORTS: &str =
    "from typing import Optional\n\nimport sqlalchemy as sa\nfrom sqlmodel import Field, SQLModel\n\n\n";

/// A scratch project in a temporary directory (removed on drop).
pub struct ModelProject {
    tmp: std::cell::RefCell<tempfile::TempDir>,
    /// The project directory (holds `alembic.ini`).
    pub dir: PathBuf,
}

impl ModelProject {
    /// A project whose `models.py` is [`MODEL_IMPORTS`] followed by `models`.
    pub fn new(models: &str) -> ModelProject {
        let project = ModelProject::empty();
        project.set_models(models);
        project
    }

    /// A project without `models.py`.
    pub fn empty() -> ModelProject {
        let tmp = tempfile::Builder::new()
            .prefix("aludel-models-")
            .tempdir()
            .expect("create temp dir");
        let dir = tmp.path().join("proj");
        let template = workspace_root().join("tests/oracle/autogen_project");
        std::fs::create_dir_all(dir.join("alembic/versions")).expect("create project");
        copy(&template.join("alembic.ini"), &dir.join("alembic.ini"));
        for name in ["env.py", "script.py.mako"] {
            copy(&template.join(name), &dir.join("alembic").join(name));
        }
        std::fs::write(dir.join("aludel.toml"), "models = [\"models\"]\n")
            .expect("write aludel.toml");
        ModelProject {
            tmp: std::cell::RefCell::new(tmp),
            dir,
        }
    }

    /// Replaces `models.py` with [`MODEL_IMPORTS`] followed by `models`.
    pub fn set_models(&self, models: &str) {
        self.set_models_file(&format!("{MODEL_IMPORTS}{models}"));
    }

    /// Replaces `models.py` with `text` as given.
    pub fn set_models_file(&self, text: &str) {
        std::fs::write(self.dir.join("models.py"), text).expect("write models.py");
    }

    /// Copies a model file (a corpus version) to `models.py`.
    pub fn copy_models(&self, file: &Path) {
        copy(file, &self.dir.join("models.py"));
    }

    /// `alembic/versions`.
    pub fn versions_dir(&self) -> PathBuf {
        self.dir.join("alembic").join("versions")
    }

    /// Writes revision `<id>.py` after `down` (`None`: a base) with the
    /// given `upgrade()` / `downgrade()` bodies (indented lines).
    pub fn write_revision(&self, id: &str, down: Option<&str>, upgrade: &str, downgrade: &str) {
        let down = down.map_or("None".to_string(), |d| format!("'{d}'"));
        let text = format!(
            "\"\"\"revision {id}\n\nRevision ID: {id}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\nimport sqlmodel\n\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n{upgrade}\n\n\ndef downgrade() -> None:\n{downgrade}\n"
        );
        std::fs::write(self.versions_dir().join(format!("{id}.py")), text).expect("write revision");
    }

    /// The revision files, sorted by name.
    pub fn revision_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.versions_dir())
            .expect("read versions")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .collect();
        files.sort();
        files
    }

    /// The revision file whose name starts with `<rev_id>_`.
    pub fn revision_file(&self, rev_id: &str) -> Option<PathBuf> {
        self.revision_files().into_iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{rev_id}_")))
        })
    }

    /// Keeps the project on disk after the test (to look at a failure).
    pub fn keep(&self) -> &Path {
        self.tmp.borrow_mut().disable_cleanup(true);
        &self.dir
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("copy {} to {}: {e}", from.display(), to.display()));
}
