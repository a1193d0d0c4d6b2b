//! Projects made by `aludel init` work with the real Alembic.
//!
//! For each template: aludel's `init` writes the project, then Alembic's own
//! command line runs `history`, `revision -m test` and (where the template
//! needs no async driver) `upgrade head` against SQLite. The revision file
//! Alembic writes from aludel's `script.py.mako` is also compared with the
//! one it writes from its own template: the only difference allowed is the
//! `import sqlmodel` line.
//!
//! The reference Alembic is the venv named by `ALUDEL_REF_VENV`, else
//! `<workspace>/.venv`, else `/tmp/refvenv`. Without one the test fails
//! under `CI=true` and is skipped (with a notice) otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aludel::config::{Config, ConfigFiles, Environment, GlobalOptions};
use aludel::init::{init, InitOptions};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The reference venv, or `None` after printing why the test is skipped.
fn reference_venv() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("ALUDEL_REF_VENV") {
        Some(venv) => vec![PathBuf::from(venv)],
        None => vec![
            workspace_root().join(".venv"),
            PathBuf::from("/tmp/refvenv"),
        ],
    };
    if let Some(venv) = candidates.iter().find(|v| v.join("bin/alembic").is_file()) {
        return Some(venv.clone());
    }
    let message = format!(
        "no reference Alembic venv (looked for bin/alembic in {}); create one with \
         `bash .ci/run --setup-only` or set ALUDEL_REF_VENV",
        candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("SKIPPED init_reference: {message}");
    None
}

struct Reference {
    venv: PathBuf,
}

impl Reference {
    /// Runs `alembic <args>` in `dir`; panics with its output on failure.
    fn alembic(&self, dir: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> String {
        let mut command = Command::new(self.venv.join("bin/alembic"));
        command
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .env_remove("DATABASE_URL")
            .env_remove("ALEMBIC_CONFIG");
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let output: Output = command.output().expect("run alembic");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "alembic {args:?} in {} failed ({})\nstdout:\n{stdout}\nstderr:\n{stderr}",
            dir.display(),
            output.status
        );
        stdout
    }

    fn has_module(&self, module: &str) -> bool {
        Command::new(self.venv.join("bin/python"))
            .args(["-c", &format!("import {module}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// Runs aludel's `init` for `template` into `dir/migrations`.
fn aludel_init(dir: &Path, template: &str) -> String {
    let env = Environment::new(dir, Vec::new());
    let files = ConfigFiles::resolve(&GlobalOptions::default(), &env).unwrap();
    let options = InitOptions {
        template: template.to_string(),
        ..InitOptions::new("migrations")
    };
    let mut out = Vec::new();
    init(&files, &env, &options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const PLACEHOLDER_URL: &str = "sqlalchemy.url = driver://user:pass@localhost/dbname\n";

/// The one revision file in `dir/migrations/versions`.
fn only_revision(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn generic_project_works_with_alembic() {
    let Some(venv) = reference_venv() else { return };
    let reference = Reference { venv };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    aludel_init(dir, "generic");
    edit(
        &dir.join("alembic.ini"),
        PLACEHOLDER_URL,
        "sqlalchemy.url = sqlite:///%(here)s/app.db\n",
    );

    assert_eq!(reference.alembic(dir, &["history"], &[]), "");
    let out = reference.alembic(
        dir,
        &["revision", "-m", "test", "--rev-id", "a1b2c3d4e5f6"],
        &[],
    );
    assert!(out.contains("a1b2c3d4e5f6_test.py ...  done"), "{out}");
    let history = reference.alembic(dir, &["history"], &[]);
    assert_eq!(history, "<base> -> a1b2c3d4e5f6 (head), test\n");

    reference.alembic(dir, &["upgrade", "head"], &[]);
    assert_eq!(
        reference.alembic(dir, &["current"], &[]),
        "a1b2c3d4e5f6 (head)\n"
    );

    // env.py prefers DATABASE_URL, as aludel does.
    let other = dir.join("other.db");
    let url = format!("sqlite:///{}", other.display());
    reference.alembic(dir, &["upgrade", "head"], &[("DATABASE_URL", &url)]);
    assert!(other.is_file());

    // aludel reads the project and the file Alembic wrote.
    let config = Config::load(
        &GlobalOptions::default(),
        &Environment::new(dir, Vec::new()),
    )
    .unwrap();
    assert_eq!(
        config.version_locations(),
        &[dir.join("migrations/versions")]
    );
    let (parsed, _) = config.require_database_url().unwrap();
    assert_eq!(
        parsed.database(),
        Some(format!("{}/app.db", dir.display()).as_str())
    );
    assert!(only_revision(dir).is_file());
}

#[test]
fn revision_files_match_alembic_except_for_import_sqlmodel() {
    let Some(venv) = reference_venv() else { return };
    let reference = Reference { venv };
    for template in ["generic", "multidb"] {
        let ours = tempfile::tempdir().unwrap();
        let theirs = tempfile::tempdir().unwrap();
        aludel_init(ours.path(), template);
        reference.alembic(theirs.path(), &["init", "-t", template, "migrations"], &[]);

        for (message, extra) in [
            ("add users table", &[][..]),
            ("second", &["--head", "base", "--branch-label", "lib"][..]),
        ] {
            let mut args = vec!["revision", "-m", message, "--rev-id", "0123456789ab"];
            args.extend_from_slice(extra);
            for dir in [ours.path(), theirs.path()] {
                for old in fs::read_dir(dir.join("migrations/versions")).unwrap() {
                    fs::remove_file(old.unwrap().path()).unwrap();
                }
                reference.alembic(dir, &args, &[]);
            }
            let without_date = |path: PathBuf| -> Vec<String> {
                fs::read_to_string(path)
                    .unwrap()
                    .split_inclusive('\n')
                    .filter(|line| !line.starts_with("Create Date: "))
                    .map(str::to_string)
                    .collect()
            };
            let mut ours_lines = without_date(only_revision(ours.path()));
            let theirs_lines = without_date(only_revision(theirs.path()));
            let import = ours_lines
                .iter()
                .position(|l| l == "import sqlmodel\n")
                .expect("import sqlmodel line");
            assert_eq!(ours_lines[import - 1], "import sqlalchemy as sa\n");
            ours_lines.remove(import);
            assert_eq!(ours_lines, theirs_lines, "{template}: {message}");
        }
    }
}

#[test]
fn every_template_works_with_alembic() {
    let Some(venv) = reference_venv() else { return };
    let reference = Reference { venv };
    let has_aiosqlite = reference.has_module("aiosqlite");
    for template in ["async", "multidb", "pyproject", "pyproject_async"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        aludel_init(dir, template);
        let ini = dir.join("alembic.ini");
        let can_upgrade = match template {
            "multidb" => {
                edit(
                    &ini,
                    PLACEHOLDER_URL,
                    "sqlalchemy.url = sqlite:///%(here)s/one.db\n",
                );
                edit(
                    &ini,
                    "sqlalchemy.url = driver://user:pass@localhost/dbname2\n",
                    "sqlalchemy.url = sqlite:///%(here)s/two.db\n",
                );
                true
            }
            "async" | "pyproject_async" => {
                edit(
                    &ini,
                    PLACEHOLDER_URL,
                    "sqlalchemy.url = sqlite+aiosqlite:///%(here)s/app.db\n",
                );
                has_aiosqlite
            }
            _ => {
                edit(
                    &ini,
                    PLACEHOLDER_URL,
                    "sqlalchemy.url = sqlite:///%(here)s/app.db\n",
                );
                true
            }
        };

        assert_eq!(reference.alembic(dir, &["history"], &[]), "", "{template}");
        reference.alembic(
            dir,
            &["revision", "-m", "test", "--rev-id", "feedc0ffee00"],
            &[],
        );
        let history = reference.alembic(dir, &["history"], &[]);
        assert_eq!(
            history, "<base> -> feedc0ffee00 (head), test\n",
            "{template}"
        );
        let revision = fs::read_to_string(only_revision(dir)).unwrap();
        assert!(revision.contains("\nimport sqlmodel\n"), "{template}");
        if template == "multidb" {
            assert!(
                revision.contains("\ndef upgrade_engine1() -> None:\n"),
                "{revision}"
            );
            assert!(
                revision.contains("\ndef downgrade_engine2() -> None:\n"),
                "{revision}"
            );
        }
        if can_upgrade {
            reference.alembic(dir, &["upgrade", "head"], &[]);
            reference.alembic(dir, &["downgrade", "base"], &[]);
        } else {
            eprintln!("{template}: upgrade not run (no aiosqlite in the reference venv)");
        }
        if template == "multidb" {
            assert!(dir.join("one.db").is_file() && dir.join("two.db").is_file());
        }

        let config = Config::load(
            &GlobalOptions::default(),
            &Environment::new(dir, Vec::new()),
        )
        .unwrap();
        assert_eq!(
            config.script_location(),
            dir.join("migrations"),
            "{template}"
        );
    }
}

#[test]
fn list_templates_names_and_synopses_match_alembic() {
    let Some(venv) = reference_venv() else { return };
    let reference = Reference { venv };
    let tmp = tempfile::tempdir().unwrap();
    let theirs = reference.alembic(tmp.path(), &["list_templates"], &[]);
    let mut ours = Vec::new();
    aludel::init::list_templates(&mut ours).unwrap();
    let ours = String::from_utf8(ours).unwrap();
    // Alembic lists in directory order, which differs between machines:
    // compare the template lines as sets, the rest line by line.
    let split = |text: &str| -> (Vec<String>, Vec<String>) {
        let (mut templates, rest): (Vec<String>, Vec<String>) = text
            .lines()
            .map(|l| l.replace("alembic init", "aludel init"))
            .partition(|l| l.contains(" - "));
        templates.sort();
        (templates, rest)
    };
    assert_eq!(split(&ours), split(&theirs));
}

#[test]
fn init_output_matches_alembic() {
    let Some(venv) = reference_venv() else { return };
    let reference = Reference { venv };
    for (template, package) in [("generic", false), ("pyproject", true), ("multidb", true)] {
        let ours = tempfile::tempdir().unwrap();
        let theirs = tempfile::tempdir().unwrap();
        let env = Environment::new(ours.path(), Vec::new());
        let files = ConfigFiles::resolve(&GlobalOptions::default(), &env).unwrap();
        let options = InitOptions {
            template: template.to_string(),
            package,
            ..InitOptions::new("migrations")
        };
        let mut out = Vec::new();
        init(&files, &env, &options, &mut out).unwrap();
        let ours_out = String::from_utf8(out)
            .unwrap()
            .replace(&ours.path().display().to_string(), "<root>");
        let mut args = vec!["init", "-t", template];
        if package {
            args.push("--package");
        }
        args.push("migrations");
        let theirs_out = reference
            .alembic(theirs.path(), &args, &[])
            .replace(&theirs.path().display().to_string(), "<root>");
        // Alembic writes template files in directory order, which differs
        // between machines: compare the lines as sorted lists.
        let sorted = |text: &str| {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines.sort();
            lines
        };
        assert_eq!(sorted(&ours_out), sorted(&theirs_out), "{template}");
        // The files are the same set, and each config file names the same location.
        let ini = |dir: &Path| fs::read_to_string(dir.join("alembic.ini")).unwrap();
        let location = |text: &str| {
            text.lines()
                .find(|l| l.starts_with("script_location"))
                .map(str::to_string)
        };
        assert_eq!(
            location(&ini(ours.path())),
            location(&ini(theirs.path())),
            "{template}"
        );
        if template == "pyproject" {
            let toml = |dir: &Path| fs::read_to_string(dir.join("pyproject.toml")).unwrap();
            assert_eq!(location(&toml(ours.path())), location(&toml(theirs.path())));
        }
    }
}
