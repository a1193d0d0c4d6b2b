//! `aludel edit REV`: open revision files in the user's editor.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::args::RevArg;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Editors tried, in order, after `$EDITOR` and `$VISUAL`.
const DEFAULT_EDITORS: [&str; 5] = ["sensible-editor", "editor", "nano", "vim", "code"];

/// Opens each revision file `REV` names in the editor, one after another.
pub fn run(project: &Project, args: &RevArg, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let Some(revs) = super::target_revisions(project, &args.rev, out)? else {
        return Err(CommandFailed::new("No current revisions"));
    };
    if revs.is_empty() {
        return Err(CommandFailed::new(format!(
            "No revision files indicated by symbol '{}'",
            args.rev
        )));
    }
    let env: Vec<(String, String)> = std::env::vars().collect();
    for idx in revs {
        open_in_editor(Path::new(&graph.node(idx).rev.path), &env)?;
    }
    Ok(())
}

fn var<'a>(env: &'a [(String, String)], name: &str) -> Option<&'a str> {
    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Picks the editor as Alembic does: `$EDITOR` or `$VISUAL` when it names
/// an existing file, else the first of them and the usual editors found on
/// `PATH`.
fn find_editor(env: &[(String, String)]) -> Result<PathBuf, String> {
    let mut candidates: Vec<String> = DEFAULT_EDITORS.iter().map(|s| s.to_string()).collect();
    for (i, name) in ["EDITOR", "VISUAL"].iter().enumerate() {
        if let Some(choice) = var(env, name) {
            if Path::new(choice).exists() {
                return Ok(PathBuf::from(choice));
            }
            if !choice.contains('/') {
                candidates.insert(i, choice.to_string());
            }
        }
    }
    let path = var(env, "PATH").unwrap_or("");
    for candidate in &candidates {
        for dir in path.split(':') {
            let full = Path::new(dir).join(candidate);
            if full.exists() {
                return Ok(full);
            }
        }
    }
    Err(
        "No suitable editor found. Please set the \"EDITOR\" or \"VISUAL\" environment variables"
            .into(),
    )
}

fn open_in_editor(file: &Path, env: &[(String, String)]) -> CmdResult {
    let fail = |reason: String| CommandFailed::new(format!("Error executing editor ({reason})"));
    let editor = find_editor(env).map_err(fail)?;
    let status = Command::new(&editor)
        .arg(file)
        .status()
        .map_err(|e| fail(format!("{}: {e}", editor.display())))?;
    if !status.success() {
        return Err(fail(format!(
            "{} {} exited with {status}",
            editor.display(),
            file.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::find_editor;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn editor_variable_naming_a_file_wins() {
        assert_eq!(
            find_editor(&env(&[("EDITOR", "/bin/sh")]))
                .unwrap()
                .to_str(),
            Some("/bin/sh")
        );
    }

    #[test]
    fn editor_name_is_looked_up_on_path() {
        let found = find_editor(&env(&[("EDITOR", "sh"), ("PATH", "/nonexistent:/bin")])).unwrap();
        assert_eq!(found.to_str(), Some("/bin/sh"));
    }

    #[test]
    fn no_editor_is_an_error() {
        let err = find_editor(&env(&[("PATH", "/nonexistent")])).unwrap_err();
        assert!(err.starts_with("No suitable editor found"));
    }
}
