//! `aludel revision` and `aludel merge`: write a new revision file from the
//! project's `script.py.mako`, choosing parents, file name and version
//! location as Alembic's `generate_revision` does.

use std::path::{Path, PathBuf};

use aludel_core::plan::Failure;
use aludel_core::target::ErrorWording;
use aludel_core::{Pos, RevIdx};
use aludel_python::pydatetime::PyDateTime;
use aludel_python::revision_file_name::revision_file_name;
use aludel_python::revision_template::{render_revision_file, RevisionValues};
use aludel_python::template::ConfigQuery;

use crate::args::{MergeArgs, RevisionArgs};
use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Everything that decides a new revision file.
struct NewRevision<'a> {
    rev_id: String,
    message: Option<&'a str>,
    heads: Vec<String>,
    splice: bool,
    branch_label: Option<&'a str>,
    version_path: Option<&'a Path>,
    depends_on: &'a [String],
}

/// `aludel revision`: an empty revision after `--head` (default `head`).
pub fn run_revision(
    project: &Project,
    args: &RevisionArgs,
    out: &mut Output,
) -> CmdResult<PathBuf> {
    if args.autogenerate {
        if args.sql {
            return Err(CommandFailed::new(
                "Using --sql with --autogenerate does not make any sense",
            ));
        }
        return Err(CommandFailed::new(
            "aludel cannot autogenerate revisions yet (--autogenerate needs the models and the database)",
        )
        .with_detail("write the revision without --autogenerate, or run alembic revision --autogenerate for now"));
    }
    if args.sql && !project.config.revision_environment() {
        return Err(CommandFailed::new(
            "Using --sql with the revision command when revision_environment is not configured does not make any sense",
        ));
    }
    generate(
        project,
        NewRevision {
            rev_id: args.rev_id.clone().unwrap_or_else(new_rev_id),
            message: args.message.as_deref(),
            heads: vec![args.head.clone()],
            splice: args.splice,
            branch_label: args.branch_label.as_deref(),
            version_path: args.version_path.as_deref(),
            depends_on: &args.depends_on,
        },
        out,
    )
}

/// `aludel merge`: a revision whose parents are the given revisions.
pub fn run_merge(project: &Project, args: &MergeArgs, out: &mut Output) -> CmdResult<PathBuf> {
    generate(
        project,
        NewRevision {
            rev_id: args.rev_id.clone().unwrap_or_else(new_rev_id),
            message: args.message.as_deref(),
            heads: args.revisions.clone(),
            splice: args.splice,
            branch_label: args.branch_label.as_deref(),
            version_path: None,
            depends_on: &[],
        },
        out,
    )
}

/// A random id as Alembic makes them: the last 12 hex digits of a UUID4.
fn new_rev_id() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    hex[hex.len() - 12..].to_string()
}

const MULTIPLE_HEADS: &str = "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.";

fn generate(project: &Project, new: NewRevision<'_>, out: &mut Output) -> CmdResult<PathBuf> {
    let graph = &project.graph;
    let config = &project.config;
    if let Some(chars) = aludel_core::graph::illegal_id_chars(&new.rev_id) {
        return Err(CommandFailed::new(format!(
            "Character(s) '{chars}' not allowed in revision identifier '{}'",
            new.rev_id
        )));
    }
    let heads = resolve_heads(project, &new.heads)?;
    let mut distinct = heads.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != heads.len() {
        return Err(CommandFailed::new("Duplicate head revisions specified"));
    }
    let create_date = create_date(config.timezone())?;
    let version_dir = choose_version_dir(project, &heads, new.version_path)?;
    if config.version_locations_configured() {
        ensure_directory(&version_dir, out)?;
    }
    let file_name = revision_file_name(
        config.file_template(),
        &new.rev_id,
        new.message,
        &create_date,
        config.truncate_slug_length() as i64,
    )
    .map_err(CommandFailed::from_display)?;
    let path = version_dir.join(file_name);
    if let Some(parent) = path.parent() {
        ensure_directory(parent, out)?;
    }
    if !new.splice {
        if let Some(&not_head) = heads.iter().find(|&&h| !graph.node(h).is_head()) {
            return Err(CommandFailed::new(format!(
                "Revision {} is not a head revision; please specify --splice to create a new branch from this revision",
                graph.node(not_head).id()
            )));
        }
    }
    let depends_on = resolve_depends_on(project, new.depends_on)?;
    let template_path = config.script_location().join("script.py.mako");
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        CommandFailed::new(format!(
            "cannot read the revision template {}: {e}",
            template_path.display()
        ))
        .with_detail("every migration environment needs a script.py.mako; 'aludel init' writes one")
    })?;
    let lookup = |query: ConfigQuery<'_>| config_query(config, query);
    let values = RevisionValues {
        rev_id: new.rev_id.clone(),
        down_revisions: graph.ids(&heads),
        branch_labels: new
            .branch_label
            .map(|l| vec![l.to_string()])
            .unwrap_or_default(),
        depends_on,
        message: new.message.map(str::to_string),
        create_date,
        config: Some(&lookup),
        extra: Vec::new(),
    };
    let text = render_revision_file(&template, &template_path, &values)
        .map_err(CommandFailed::from_display)?;
    write_revision_file(config, &path, &text, out)?;
    crate::hooks::run_post_write_hooks(&path, config.post_write_hooks(), out)
        .map_err(CommandFailed::from_display)?;
    check_written(&path, new.branch_label)?;
    Ok(path)
}

/// The parents of the new revision (Alembic's `get_revisions(head)`).
fn resolve_heads(project: &Project, specs: &[String]) -> CmdResult<Vec<RevIdx>> {
    let wording = ErrorWording {
        multiple_heads: Some(MULTIPLE_HEADS),
        ..Default::default()
    };
    let positions = project
        .graph
        .get_revisions_of(specs)
        .map_err(|err| CommandFailed::from(Failure::from_revision_error(&err, &wording)))?;
    let mut heads = Vec::new();
    for pos in positions {
        match pos {
            Some(Pos::Rev(idx)) => heads.push(idx),
            _ => {
                return Err(CommandFailed::new(format!(
                    "'{}' does not name a revision to build on",
                    specs.join(" ")
                ))
                .with_detail("use --head base to start a new base, or name an existing revision"))
            }
        }
    }
    Ok(heads)
}

/// `datetime.now()`, or the current time in the configured timezone.
fn create_date(timezone: Option<&str>) -> CmdResult<PyDateTime> {
    let Some(name) = timezone else {
        return Ok(PyDateTime::now_naive());
    };
    let tz: chrono_tz::Tz = name
        .parse()
        .or_else(|_| name.to_uppercase().parse())
        .map_err(|_| {
            CommandFailed::new(format!("Can't locate timezone: {name}"))
                .with_detail("set timezone in the [alembic] section to an IANA zone name such as UTC or Europe/Paris")
        })?;
    Ok(PyDateTime::aware(&chrono::Utc::now().with_timezone(&tz)))
}

/// The version location the file goes to.
fn choose_version_dir(
    project: &Project,
    heads: &[RevIdx],
    given: Option<&Path>,
) -> CmdResult<PathBuf> {
    let locations = project.config.version_locations();
    let chosen = match given {
        Some(path) => path.to_path_buf(),
        None if locations.len() > 1 => match heads.first() {
            Some(&head) => Path::new(&project.graph.node(head).rev.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            None => {
                return Err(CommandFailed::new(
                    "Multiple version locations present, please specify --version-path",
                ))
            }
        },
        None => locations.first().cloned().unwrap_or_default(),
    };
    let absolute = std::path::absolute(&chosen).unwrap_or_else(|_| chosen.clone());
    let represented = locations.iter().any(|loc| {
        std::path::absolute(loc)
            .map(|l| l == absolute)
            .unwrap_or(false)
    });
    if !represented {
        return Err(CommandFailed::new(format!(
            "Path {} is not represented in current version locations",
            chosen.display()
        ))
        .with_detail(format!(
            "version locations: {}",
            locations
                .iter()
                .map(|l| l.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(absolute)
}

/// Creates a directory (and its parents) with Alembic's status line.
fn ensure_directory(path: &Path, out: &mut Output) -> CmdResult {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if absolute.exists() {
        return Ok(());
    }
    out.status(
        &format!("Creating directory {}", absolute.display()),
        || {
            std::fs::create_dir_all(&absolute).map_err(|e| {
                CommandFailed::new(format!(
                    "cannot create directory {}: {e}",
                    absolute.display()
                ))
            })
        },
    )
}

/// `--depends-on` values: partial ids expanded, branch labels kept.
fn resolve_depends_on(project: &Project, deps: &[String]) -> CmdResult<Vec<String>> {
    let graph = &project.graph;
    let mut out = Vec::new();
    for dep in deps {
        let resolved = graph.get_revision(Some(dep)).map_err(|err| {
            CommandFailed::from(Failure::from_revision_error(&err, &ErrorWording::default()))
        })?;
        let Some(idx) = resolved else {
            return Err(CommandFailed::new(format!(
                "Can't locate revision identified by '{dep}'"
            )));
        };
        let node = graph.node(idx);
        if node.branch_labels().contains(dep) {
            out.push(dep.clone());
        } else {
            out.push(node.id().to_string());
        }
    }
    Ok(out)
}

/// Serves the template's `config.get_*_option()` calls.
fn config_query(config: &Config, query: ConfigQuery<'_>) -> Result<Option<String>, String> {
    let result = match query {
        ConfigQuery::Main { name } | ConfigQuery::Alembic { name } => config.get_main_option(name),
        ConfigQuery::Section { section, name } => config.get_section_option(section, name),
    };
    result.map_err(|e| e.to_string())
}

/// Writes the file with Alembic's `Generating <path> ...  done` line.
fn write_revision_file(config: &Config, path: &Path, text: &str, out: &mut Output) -> CmdResult {
    let encoding = config
        .output_encoding()
        .to_ascii_lowercase()
        .replace(['-', '_'], "");
    if encoding != "utf8" {
        return Err(CommandFailed::new(format!(
            "output_encoding = {} is not supported; aludel writes revision files in UTF-8",
            config.output_encoding()
        ))
        .with_detail("remove output_encoding from the [alembic] section or set it to utf-8"));
    }
    out.status(&format!("Generating {}", path.display()), || {
        std::fs::write(path, text)
            .map_err(|e| CommandFailed::new(format!("cannot write {}: {e}", path.display())))
    })
}

/// Reads the new file back, as Alembic loads it, and checks that the
/// template kept the branch label.
fn check_written(path: &Path, branch_label: Option<&str>) -> CmdResult {
    let text = std::fs::read_to_string(path)?;
    let written = aludel_python::read_revision(path, &text)?;
    if let Some(label) = branch_label {
        if written.branch_labels.is_empty() {
            return Err(CommandFailed::new(format!(
                "Version {} specified branch_labels {label}, however the migration file {} does not have them; have you upgraded your script.py.mako to include the 'branch_labels' section?",
                written.id,
                path.display()
            )));
        }
    }
    Ok(())
}
