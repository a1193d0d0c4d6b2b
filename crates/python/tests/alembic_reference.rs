//! Files written by the real Alembic (`alembic init`, `alembic revision`,
//! `alembic merge`) against aludel: rendering the project's own
//! `script.py.mako` with the same values must give the same bytes and the
//! same file name, and reading the versions directory must give what
//! Alembic's `ScriptDirectory` loads.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use aludel_python::{
    load_revisions, read_revision, render_revision_file, revision_file_name, ConfigQuery,
    DiscoveryOptions, PyDateTime, RevisionValues, DEFAULT_FILE_TEMPLATE,
};

fn alembic(venv: &Path, project: &Path, args: &[&str]) {
    let output = Command::new(venv.join("bin/alembic"))
        .args(args)
        .current_dir(project)
        .output()
        .expect("run alembic");
    assert!(
        output.status.success(),
        "alembic {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `key = value` of the `[alembic]` section of `alembic.ini`.
fn ini_value(project: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(project.join("alembic.ini")).ok()?;
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// `Create Date: ...` of a revision file, as a datetime.
fn create_date(text: &str) -> PyDateTime {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Create Date: "))
        .expect("Create Date line");
    let (local, offset) = match line.get(19..).and_then(|rest| rest.find(['+', '-'])) {
        Some(i) => line.split_at(19 + i),
        None => (line, ""),
    };
    let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f").expect("date");
    if offset.is_empty() {
        return PyDateTime::naive(naive);
    }
    let aware =
        chrono::DateTime::parse_from_str(&format!("{local}{offset}"), "%Y-%m-%d %H:%M:%S%.f%:z")
            .expect("offset");
    PyDateTime::aware(&aware)
}

struct Step {
    args: Vec<&'static str>,
    rev_id: &'static str,
    message: Option<&'static str>,
}

fn steps() -> Vec<Step> {
    let step = |args: &[&'static str], rev_id, message| Step {
        args: args.to_vec(),
        rev_id,
        message,
    };
    vec![
        step(
            &["revision", "-m", "first", "--rev-id", "aaa111"],
            "aaa111",
            Some("first"),
        ),
        step(
            &[
                "revision",
                "-m",
                "it's \"quoted\" — ünïcode",
                "--rev-id",
                "bbb222",
                "--branch-label",
                "lbl",
            ],
            "bbb222",
            Some("it's \"quoted\" — ünïcode"),
        ),
        step(
            &[
                "revision",
                "-m",
                "side",
                "--head",
                "aaa111",
                "--splice",
                "--rev-id",
                "ccc333",
                "--depends-on",
                "bbb",
                "--depends-on",
                "aaa1",
            ],
            "ccc333",
            Some("side"),
        ),
        step(
            &["revision", "--rev-id", "ddd444", "--head", "bbb222"],
            "ddd444",
            None,
        ),
        step(
            &[
                "revision",
                "-m",
                "a much longer message that will need truncating in the slug",
                "--rev-id",
                "eee555",
                "--head",
                "ddd444",
                "--depends-on",
                "lbl",
            ],
            "eee555",
            Some("a much longer message that will need truncating in the slug"),
        ),
        step(
            &["merge", "-m", "merge heads", "heads", "--rev-id", "fff666"],
            "fff666",
            Some("merge heads"),
        ),
    ]
}

/// `[alembic]` options added to a project's `alembic.ini`.
#[derive(Default)]
struct Options {
    timezone: Option<&'static str>,
    /// `file_template` as written in the ini (with `%%`).
    file_template: Option<&'static str>,
    truncate_slug_length: Option<i64>,
}

/// All files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn check_project(venv: &Path, root: &Path, kind: &str, options: Options) {
    let project = root.join(format!(
        "{kind}-{}",
        root.read_dir().map_or(0, Iterator::count)
    ));
    std::fs::create_dir_all(&project).expect("project dir");
    alembic(venv, &project, &["init", "-t", kind, "migrations"]);
    let mut extra_ini = String::new();
    if let Some(tz) = options.timezone {
        extra_ini.push_str(&format!("timezone = {tz}\n"));
    }
    if let Some(template) = options.file_template {
        extra_ini.push_str(&format!(
            "file_template = {template}\nrecursive_version_locations = true\n"
        ));
    }
    if let Some(length) = options.truncate_slug_length {
        extra_ini.push_str(&format!("truncate_slug_length = {length}\n"));
    }
    if !extra_ini.is_empty() {
        let ini = project.join("alembic.ini");
        let text = std::fs::read_to_string(&ini).expect("ini");
        let text = text.replacen("[alembic]\n", &format!("[alembic]\n{extra_ini}"), 1);
        std::fs::write(&ini, text).expect("ini");
    }
    let file_template = options
        .file_template
        .map_or(DEFAULT_FILE_TEMPLATE.to_string(), |t| t.replace("%%", "%"));
    let truncate_slug_length = options.truncate_slug_length.unwrap_or(40);
    let versions = project.join("migrations/versions");
    let template_path = project.join("migrations/script.py.mako");
    let template = std::fs::read_to_string(&template_path).expect("script.py.mako");
    let databases = ini_value(&project, "databases");
    let lookup = move |query: ConfigQuery<'_>| -> Result<Option<String>, String> {
        Ok(match query {
            ConfigQuery::Main { name: "databases" } => databases.clone(),
            _ => None,
        })
    };

    // The option variants only need the first steps (a base, a label, a
    // dependency); the stock projects also do a message-less revision, a
    // long slug and a merge.
    let count = if extra_ini.is_empty() { usize::MAX } else { 3 };
    for step in steps().into_iter().take(count) {
        alembic(venv, &project, &step.args);
        let file: PathBuf = files_under(&versions)
            .into_iter()
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(step.rev_id))
            })
            .expect("generated file");
        let written = std::fs::read_to_string(&file).expect("generated text");
        let header = read_revision(&file, &written).expect("header");
        let date = create_date(&written);
        let values = RevisionValues {
            rev_id: step.rev_id.to_string(),
            down_revisions: header.down_revisions.clone(),
            branch_labels: header.branch_labels.clone(),
            depends_on: header.depends_on.clone(),
            message: step.message.map(str::to_string),
            create_date: date,
            config: Some(&lookup),
            extra: Vec::new(),
        };
        let rendered = render_revision_file(&template, &template_path, &values).expect("render");
        assert_eq!(rendered, written, "{kind}: {}", file.display());
        let name = revision_file_name(
            &file_template,
            step.rev_id,
            step.message,
            &date,
            truncate_slug_length,
        )
        .expect("name");
        assert_eq!(
            file.strip_prefix(&versions).ok(),
            Some(Path::new(&name)),
            "{kind}"
        );
    }

    // Load order, ids, parents, labels, dependencies and docs as Alembic's
    // ScriptDirectory sees them.
    let script = r#"
import json, sys
from alembic.script import ScriptDirectory
sd = ScriptDirectory("migrations", recursive_version_locations=len(sys.argv) > 1)
out = []
for s in sd._load_revisions():
    to_list = lambda v: [] if v is None else ([v] if isinstance(v, str) else list(v))
    out.append([s.revision, to_list(s.down_revision), list(s._orig_branch_labels), to_list(s.dependencies), s.longdoc, s.path])
print(json.dumps(out))
"#;
    let recursive_flag: &[&str] = if options.file_template.is_some() {
        &["recursive"]
    } else {
        &[]
    };
    let output = Command::new(venv.join("bin/python"))
        .args(["-c", script])
        .args(recursive_flag)
        .current_dir(&project)
        .output()
        .expect("python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let discovery = DiscoveryOptions {
        recursive: options.file_template.is_some(),
        sourceless: false,
    };
    let loaded = load_revisions(&[versions], discovery).expect("load");
    let ours: Vec<serde_json::Value> = loaded
        .revisions
        .iter()
        .map(|r| {
            serde_json::json!([
                r.id,
                r.down_revisions,
                r.branch_labels,
                r.depends_on,
                r.longdoc,
                r.path
            ])
        })
        .collect();
    assert_eq!(serde_json::Value::Array(ours), expected, "{kind}");
}

#[test]
fn revision_and_merge_files_match_alembic() {
    let Some(venv) = common::reference_venv("revision_and_merge_files_match_alembic") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let root = std::fs::canonicalize(tmp.path()).expect("canonical tmp");
    for kind in [
        "generic",
        "async",
        "multidb",
        "pyproject",
        "pyproject_async",
    ] {
        check_project(&venv, &root, kind, Options::default());
    }
    let utc = Options {
        timezone: Some("UTC"),
        ..Options::default()
    };
    check_project(&venv, &root, "generic", utc);
    // Directories in file_template (recursive loading), every date token,
    // a short slug.
    let dated = Options {
        timezone: Some("Asia/Kolkata"),
        file_template: Some(
            "%%(year)d/%%(month).2d/%%(epoch)s_%%(day)02d%%(hour).2d%%(minute).2d%%(second).2d_%%(rev)s_%%(slug)s",
        ),
        truncate_slug_length: Some(12),
    };
    check_project(&venv, &root, "generic", dated);
    // The epoch of a naive (local time) date, and a precision on a string.
    let epoch = Options {
        file_template: Some("%%(epoch)s_%%(rev)s_%%(slug).8s"),
        ..Options::default()
    };
    check_project(&venv, &root, "generic", epoch);
}
