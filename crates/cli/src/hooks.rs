//! Post-write hooks run on newly written revision files.
//!
//! Configured as in Alembic, either in the ini file
//!
//! ```ini
//! [post_write_hooks]
//! hooks = black, ruff
//! black.type = console_scripts
//! black.entrypoint = black
//! black.options = -l 79 REVISION_SCRIPT_FILENAME
//! ruff.type = exec
//! ruff.executable = ruff
//! ruff.options = check --fix REVISION_SCRIPT_FILENAME
//! ```
//!
//! or, when the ini has no `[post_write_hooks]` section, in pyproject.toml as
//! `[[tool.alembic.post_write_hooks]]` tables with `name`, `type` and the
//! same keys. Types:
//!
//! * `exec`: runs `executable` directly;
//! * `module`: runs `python -m <module>`;
//! * `console_scripts`: runs the `console_scripts` entry point `entrypoint`
//!   of the Python environment (`python -c "import m; m.f()"`).
//!
//! The Python is `$ALUDEL_PYTHON`, else `python3` (then `python`) on `PATH`.
//! `options` is split like a shell command line (Python's `shlex.split`);
//! the token `REVISION_SCRIPT_FILENAME` is replaced by the revision file's
//! path, and when it does not occur the path is put first. `cwd` sets the
//! working directory. As in Alembic, a hook's exit status is ignored.
//!
//! Output, as Alembic's: `Running post write hook '<name>' ...`, a newline,
//! whatever the tool prints, then `  done` (or `  FAILED` when the hook could
//! not be started). The tool's standard output is copied to the writer given;
//! its standard error goes to this process's standard error.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use thiserror::Error;

use crate::config::python_repr;

/// The token in `options` that stands for the revision file.
pub const REVISION_SCRIPT_TOKEN: &str = "REVISION_SCRIPT_FILENAME";

/// One configured hook: its name and its options (`type`, `entrypoint`,
/// `executable`, `module`, `options`, `cwd`, and any others), keys without
/// the `<name>.` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostWriteHook {
    /// The hook's name.
    pub name: String,
    /// Its options.
    pub options: BTreeMap<String, String>,
}

/// Why hooks could not run. Texts marked "Alembic's" are Alembic's exact words.
#[derive(Debug, Error)]
pub enum HookError {
    /// No `type` (Alembic's text).
    #[error("Key '{name}.type' (or 'type' in toml) is required for post write hook {repr}", repr = python_repr(name))]
    MissingType {
        /// The hook.
        name: String,
    },
    /// A `type` that is not exec, module or console_scripts (Alembic's text).
    #[error("No formatter with name '{kind}' registered")]
    UnknownType {
        /// The type given.
        kind: String,
    },
    /// A required option is missing (Alembic's text).
    #[error("Key {name}.{option} is required for post write hook {repr}", repr = python_repr(name))]
    MissingOption {
        /// The hook.
        name: String,
        /// `entrypoint`, `executable` or `module`.
        option: String,
    },
    /// No console_scripts entry point of that name (Alembic's text).
    #[error("Could not find entrypoint console_scripts.{entrypoint}")]
    EntryPointNotFound {
        /// The entry point name.
        entrypoint: String,
    },
    /// The module cannot be found by the Python (Alembic's text).
    #[error("Could not find module {module}")]
    ModuleNotFound {
        /// The module name.
        module: String,
    },
    /// A console_scripts or module hook, and no Python.
    #[error(
        "post write hook '{name}' needs a Python interpreter, and none was found \
         ({looked_for}); install Python, or set ALUDEL_PYTHON to the interpreter of the \
         environment that has the tool"
    )]
    NoPython {
        /// The hook.
        name: String,
        /// What was looked for.
        looked_for: String,
    },
    /// `options` has an unclosed quote or a trailing backslash.
    #[error(
        "post write hook '{name}': cannot split options {options:?} (an unclosed quote or a \
         trailing backslash); fix {name}.options"
    )]
    BadOptions {
        /// The hook.
        name: String,
        /// The options text.
        options: String,
    },
    /// The program could not be started.
    #[error("post write hook '{name}': cannot run {program}: {source}; check that it is installed and on PATH")]
    Spawn {
        /// The hook.
        name: String,
        /// The program.
        program: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Writing the status lines failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

/// Reads the ini form: `hooks` lists the names (split on commas and spaces);
/// each hook's options are the keys that start with `<name>.`. `items` are the
/// section's options as `ConfigParser.items` gives them (keys lower-cased).
pub(crate) fn hooks_from_ini(items: &[(String, String)]) -> Vec<PostWriteHook> {
    let names = items
        .iter()
        .find(|(k, _)| k == "hooks")
        .map_or("", |(_, v)| v.as_str());
    names
        .split([',', ' '])
        .filter(|name| !name.is_empty())
        .map(|name| {
            let prefix = format!("{name}.");
            PostWriteHook {
                name: name.to_string(),
                options: items
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
                    .collect(),
            }
        })
        .collect()
}

/// Reads the TOML form (tables of strings, already `%`-formatted). The
/// error is what the value should have been.
pub(crate) fn hooks_from_toml(
    tables: Vec<BTreeMap<String, String>>,
) -> Result<Vec<PostWriteHook>, String> {
    tables
        .into_iter()
        .map(|mut options| match options.remove("name") {
            Some(name) => Ok(PostWriteHook { name, options }),
            None => Err("a list of tables that each have a name".to_string()),
        })
        .collect()
}

/// Runs hooks, finding Python as configured.
#[derive(Debug, Clone)]
pub struct HookRunner {
    python: PythonChoice,
}

#[derive(Debug, Clone)]
enum PythonChoice {
    /// `$ALUDEL_PYTHON` or an explicit choice.
    Given(OsString),
    /// Search `PATH` for these names.
    Search(Vec<&'static str>),
}

/// A command to start.
struct HookCommand {
    program: OsString,
    args: Vec<OsString>,
}

impl HookRunner {
    /// Python from `$ALUDEL_PYTHON`, else `python3` or `python` on `PATH`.
    pub fn from_env() -> Self {
        match std::env::var_os("ALUDEL_PYTHON").filter(|v| !v.is_empty()) {
            Some(python) => Self::with_python(python),
            None => HookRunner {
                python: PythonChoice::Search(vec!["python3", "python"]),
            },
        }
    }

    /// Use this Python interpreter (a path, or a name looked up on `PATH`).
    pub fn with_python(python: impl Into<OsString>) -> Self {
        HookRunner {
            python: PythonChoice::Given(python.into()),
        }
    }

    /// Runs every hook in order on `revision_path`, writing Alembic's status
    /// lines and the tools' standard output to `out`.
    pub fn run_all(
        &self,
        revision_path: &Path,
        hooks: &[PostWriteHook],
        out: &mut dyn Write,
    ) -> Result<(), HookError> {
        for hook in hooks {
            let Some(kind) = hook.options.get("type") else {
                return Err(HookError::MissingType {
                    name: hook.name.clone(),
                });
            };
            writeln!(
                out,
                "Running post write hook {} ...",
                python_repr(&hook.name)
            )?;
            out.flush()?;
            match self.run_one(hook, kind, revision_path, out) {
                Ok(()) => writeln!(out, "  done")?,
                Err(error) => {
                    writeln!(out, "  FAILED")?;
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    fn run_one(
        &self,
        hook: &PostWriteHook,
        kind: &str,
        revision_path: &Path,
        out: &mut dyn Write,
    ) -> Result<(), HookError> {
        let command = match kind {
            "exec" => HookCommand {
                program: required(hook, "executable")?.into(),
                args: Vec::new(),
            },
            "module" => {
                let module = required(hook, "module")?;
                let python = self.find_python(hook)?;
                if !self.python_says_yes(&python, hook, FIND_MODULE, module)? {
                    return Err(HookError::ModuleNotFound {
                        module: module.to_string(),
                    });
                }
                HookCommand {
                    program: python.into_os_string(),
                    args: vec!["-m".into(), module.into()],
                }
            }
            "console_scripts" => {
                let entrypoint = required(hook, "entrypoint")?;
                let python = self.find_python(hook)?;
                let Some((module, attr)) = self.entry_point(&python, hook, entrypoint)? else {
                    return Err(HookError::EntryPointNotFound {
                        entrypoint: entrypoint.to_string(),
                    });
                };
                HookCommand {
                    program: python.into_os_string(),
                    args: vec![
                        "-c".into(),
                        format!("import {module}; {module}.{attr}()").into(),
                    ],
                }
            }
            other => {
                return Err(HookError::UnknownType {
                    kind: other.to_string(),
                })
            }
        };
        let options = hook.options.get("options").map_or("", String::as_str);
        let args =
            command_line_options(options, revision_path).ok_or_else(|| HookError::BadOptions {
                name: hook.name.clone(),
                options: options.to_string(),
            })?;
        let mut process = Command::new(&command.program);
        process.args(&command.args).args(args);
        if let Some(cwd) = hook.options.get("cwd") {
            process.current_dir(cwd);
        }
        run_copying_stdout(process, out).map_err(|source| HookError::Spawn {
            name: hook.name.clone(),
            program: command.program.to_string_lossy().into_owned(),
            source,
        })
    }

    /// The interpreter to use for a Python-based hook.
    fn find_python(&self, hook: &PostWriteHook) -> Result<PathBuf, HookError> {
        let found = match &self.python {
            PythonChoice::Given(python) => find_program(python),
            PythonChoice::Search(names) => names.iter().find_map(|n| find_program(n.as_ref())),
        };
        found.ok_or_else(|| HookError::NoPython {
            name: hook.name.clone(),
            looked_for: match &self.python {
                PythonChoice::Given(python) => {
                    format!("{} from ALUDEL_PYTHON", python.to_string_lossy())
                }
                PythonChoice::Search(names) => format!("{} on PATH", names.join(" and ")),
            },
        })
    }

    /// Runs a small Python check; true when it exits 0.
    fn python_says_yes(
        &self,
        python: &Path,
        hook: &PostWriteHook,
        script: &str,
        argument: &str,
    ) -> Result<bool, HookError> {
        let status = Command::new(python)
            .args(["-c", script, argument])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|source| spawn_error(hook, python, source))?;
        Ok(status.success())
    }

    /// `(module, attr)` of a console_scripts entry point, if the Python has it.
    fn entry_point(
        &self,
        python: &Path,
        hook: &PostWriteHook,
        name: &str,
    ) -> Result<Option<(String, String)>, HookError> {
        let output = Command::new(python)
            .args(["-c", FIND_ENTRY_POINT, name])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(|source| spawn_error(hook, python, source))?;
        if !output.status.success() {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut lines = text.lines();
        match (lines.next(), lines.next()) {
            (Some(module), Some(attr)) if !module.is_empty() && !attr.is_empty() => {
                Ok(Some((module.to_string(), attr.to_string())))
            }
            _ => Ok(None),
        }
    }
}

/// Runs the hooks with [`HookRunner::from_env`].
pub fn run_post_write_hooks(
    revision_path: &Path,
    hooks: &[PostWriteHook],
    out: &mut dyn Write,
) -> Result<(), HookError> {
    HookRunner::from_env().run_all(revision_path, hooks, out)
}

/// Exits 0 when the module named by argv[1] can be imported.
const FIND_MODULE: &str = "\
import importlib.util, sys
try:
    spec = importlib.util.find_spec(sys.argv[1])
except (ImportError, ValueError):
    spec = None
sys.exit(0 if spec is not None else 3)
";

/// Prints module and attribute of the console_scripts entry point argv[1].
const FIND_ENTRY_POINT: &str = "\
import sys
from importlib.metadata import entry_points
wanted = sys.argv[1]
matches = [ep for ep in entry_points(group='console_scripts') if ep.name == wanted]
if not matches:
    sys.exit(3)
print(matches[0].module)
print(matches[0].attr)
";

fn required<'a>(hook: &'a PostWriteHook, option: &str) -> Result<&'a str, HookError> {
    hook.options
        .get(option)
        .map(String::as_str)
        .ok_or_else(|| HookError::MissingOption {
            name: hook.name.clone(),
            option: option.to_string(),
        })
}

fn spawn_error(hook: &PostWriteHook, program: &Path, source: std::io::Error) -> HookError {
    HookError::Spawn {
        name: hook.name.clone(),
        program: program.display().to_string(),
        source,
    }
}

/// The hook's arguments: `options` split like a shell line, with
/// `REVISION_SCRIPT_FILENAME` replaced by the file (put first when absent).
/// `None` when the options cannot be split.
pub(crate) fn command_line_options(options: &str, revision_path: &Path) -> Option<Vec<String>> {
    let with_token = if options.contains(REVISION_SCRIPT_TOKEN) {
        options.to_string()
    } else {
        format!("{REVISION_SCRIPT_TOKEN} {options}")
    };
    let path = revision_path.to_string_lossy();
    Some(
        split_like_python(&with_token)?
            .into_iter()
            .map(|arg| arg.replace(REVISION_SCRIPT_TOKEN, &path))
            .collect(),
    )
}

/// `shlex.split(text)` in Python's POSIX mode, through the `shlex` crate.
/// The crate treats a `#` at the start of a word as a comment, Python does
/// not: such a `#` is escaped first.
fn split_like_python(text: &str) -> Option<Vec<String>> {
    let mut escaped = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut previous: Option<char> = None;
    let mut after_backslash = false;
    for c in text.chars() {
        if after_backslash {
            after_backslash = false;
        } else {
            match (quote, c) {
                (None, '\\') | (Some('"'), '\\') => after_backslash = true,
                (None, '\'' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '#') if previous.is_none_or(char::is_whitespace) => escaped.push('\\'),
                _ => {}
            }
        }
        escaped.push(c);
        previous = Some(c);
    }
    shlex::split(&escaped)
}

/// Finds a program: a path is taken as is, a bare name is looked up on `PATH`.
fn find_program(program: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = Path::new(program);
    if path.components().count() > 1 || path.is_absolute() {
        return path.is_file().then(|| path.to_path_buf());
    }
    let search = std::env::var_os("PATH")?;
    std::env::split_paths(&search)
        .flat_map(|dir| {
            let plain = dir.join(path);
            let mut exe = plain.clone().into_os_string();
            exe.push(".exe");
            [plain, PathBuf::from(exe)]
        })
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Starts the process, copies its standard output to `out` as it comes, and
/// waits; the exit status is ignored.
fn run_copying_stdout(mut command: Command, out: &mut dyn Write) -> std::io::Result<()> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()?;
    if let Some(mut stdout) = child.stdout.take() {
        let mut buffer = [0u8; 8192];
        loop {
            let n = stdout.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            out.write_all(&buffer[..n])?;
        }
    }
    child.wait()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(name: &str, options: &[(&str, &str)]) -> PostWriteHook {
        PostWriteHook {
            name: name.to_string(),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn items(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn ini_form() {
        let hooks = hooks_from_ini(&items(&[
            ("here", "/p"),
            ("hooks", "black, ruff  extra"),
            ("black.type", "console_scripts"),
            ("black.entrypoint", "black"),
            ("ruff.type", "exec"),
            ("ruff.options", "check REVISION_SCRIPT_FILENAME"),
            ("blackish.type", "exec"),
        ]));
        assert_eq!(
            hooks,
            vec![
                hook(
                    "black",
                    &[("type", "console_scripts"), ("entrypoint", "black")]
                ),
                hook(
                    "ruff",
                    &[
                        ("type", "exec"),
                        ("options", "check REVISION_SCRIPT_FILENAME")
                    ]
                ),
                hook("extra", &[]),
            ]
        );
        assert!(hooks_from_ini(&items(&[("here", "/p")])).is_empty());
        assert!(hooks_from_ini(&items(&[("hooks", "")])).is_empty());
    }

    #[test]
    fn toml_form() {
        let table = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let hooks = hooks_from_toml(vec![table(&[
            ("name", "ruff"),
            ("type", "module"),
            ("module", "ruff"),
        ])])
        .unwrap();
        assert_eq!(
            hooks,
            vec![hook("ruff", &[("type", "module"), ("module", "ruff")])]
        );
        assert!(hooks_from_toml(vec![table(&[("type", "exec")])]).is_err());
    }

    #[test]
    fn options_are_split_like_python_shlex() {
        let file = Path::new("/p/v/abc_x y.py");
        let args = |options: &str| command_line_options(options, file).unwrap();
        assert_eq!(args(""), vec!["/p/v/abc_x y.py"]);
        assert_eq!(args("-l 79"), vec!["/p/v/abc_x y.py", "-l", "79"]);
        assert_eq!(
            args("check --fix REVISION_SCRIPT_FILENAME"),
            vec!["check", "--fix", "/p/v/abc_x y.py"]
        );
        assert_eq!(
            args("--out=REVISION_SCRIPT_FILENAME.bak -x 'a b' #c \"d # e\""),
            vec!["--out=/p/v/abc_x y.py.bak", "-x", "a b", "#c", "d # e"]
        );
        assert_eq!(args(r"a\ b 'c\d'"), vec!["/p/v/abc_x y.py", "a b", r"c\d"]);
        assert_eq!(command_line_options("'unclosed", file), None);
        assert_eq!(command_line_options("trailing\\", file), None);
    }

    fn run(
        runner: &HookRunner,
        hooks: &[PostWriteHook],
        file: &Path,
    ) -> (String, Result<(), HookError>) {
        let mut out = Vec::new();
        let result = runner.run_all(file, hooks, &mut out);
        (String::from_utf8(out).unwrap(), result)
    }

    #[cfg(unix)]
    #[test]
    fn exec_hooks_run_and_exit_status_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hook.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\necho \"args: $*\"\necho \"cwd: $(pwd)\"\nexit 3\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.path().join("abc_first.py");
        let hooks = [
            hook(
                "one",
                &[
                    ("type", "exec"),
                    ("executable", script.to_str().unwrap()),
                    ("options", "-x 'a b' #c"),
                    ("cwd", "/"),
                ],
            ),
            hook("two", &[("type", "exec"), ("executable", "false")]),
        ];
        let (out, result) = run(&HookRunner::from_env(), &hooks, &file);
        result.unwrap();
        assert_eq!(
            out,
            format!(
                "Running post write hook 'one' ...\nargs: {} -x a b #c\ncwd: /\n  done\n\
                 Running post write hook 'two' ...\n  done\n",
                file.display()
            )
        );
    }

    #[test]
    fn configuration_errors_use_alembic_texts() {
        let file = Path::new("/nonexistent/abc.py");
        let runner = HookRunner::from_env();

        let (out, result) = run(&runner, &[hook("fmt", &[])], file);
        assert_eq!(out, "");
        assert_eq!(
            result.unwrap_err().to_string(),
            "Key 'fmt.type' (or 'type' in toml) is required for post write hook 'fmt'"
        );

        let (out, result) = run(&runner, &[hook("fmt", &[("type", "nope")])], file);
        assert_eq!(out, "Running post write hook 'fmt' ...\n  FAILED\n");
        assert_eq!(
            result.unwrap_err().to_string(),
            "No formatter with name 'nope' registered"
        );

        let (_, result) = run(&runner, &[hook("fmt", &[("type", "exec")])], file);
        assert_eq!(
            result.unwrap_err().to_string(),
            "Key fmt.executable is required for post write hook 'fmt'"
        );
        let (_, result) = run(&runner, &[hook("fmt", &[("type", "module")])], file);
        assert_eq!(
            result.unwrap_err().to_string(),
            "Key fmt.module is required for post write hook 'fmt'"
        );
        let (_, result) = run(
            &runner,
            &[hook("fmt", &[("type", "console_scripts")])],
            file,
        );
        assert_eq!(
            result.unwrap_err().to_string(),
            "Key fmt.entrypoint is required for post write hook 'fmt'"
        );
    }

    #[test]
    fn a_missing_program_is_a_clear_error() {
        let (out, result) = run(
            &HookRunner::from_env(),
            &[hook(
                "fmt",
                &[("type", "exec"), ("executable", "/nonexistent/ruff")],
            )],
            Path::new("/tmp/x.py"),
        );
        assert!(out.ends_with("  FAILED\n"));
        let e = result.unwrap_err().to_string();
        assert!(
            e.contains("cannot run /nonexistent/ruff") && e.contains("PATH"),
            "{e}"
        );
    }

    #[test]
    fn python_hooks_without_python() {
        let runner = HookRunner::with_python("/nonexistent/python3");
        let hooks = [hook("ruff", &[("type", "module"), ("module", "ruff")])];
        let (_, result) = run(&runner, &hooks, Path::new("/tmp/x.py"));
        let e = result.unwrap_err().to_string();
        assert!(
            e.contains("needs a Python interpreter") && e.contains("ALUDEL_PYTHON"),
            "{e}"
        );
    }

    /// A Python to test with: `ALUDEL_PYTHON`, else `python3` on PATH.
    fn test_python() -> Option<PathBuf> {
        let runner = HookRunner::from_env();
        runner.find_python(&hook("probe", &[])).ok()
    }

    #[test]
    fn module_hooks() {
        let Some(python) = test_python() else {
            eprintln!("skipped: no Python found");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("abc_first.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        let runner = HookRunner::with_python(&python);
        let hooks = [hook(
            "compile",
            &[("type", "module"), ("module", "py_compile")],
        )];
        let (out, result) = run(&runner, &hooks, &file);
        result.unwrap();
        assert_eq!(out, "Running post write hook 'compile' ...\n  done\n");

        let hooks = [hook(
            "x",
            &[("type", "module"), ("module", "no_such_module_for_aludel")],
        )];
        let (out, result) = run(&runner, &hooks, &file);
        assert_eq!(out, "Running post write hook 'x' ...\n  FAILED\n");
        assert_eq!(
            result.unwrap_err().to_string(),
            "Could not find module no_such_module_for_aludel"
        );
    }

    #[test]
    fn console_scripts_hooks() {
        let Some(python) = test_python() else {
            eprintln!("skipped: no Python found");
            return;
        };
        let runner = HookRunner::with_python(&python);
        let hooks = [hook(
            "x",
            &[
                ("type", "console_scripts"),
                ("entrypoint", "no-such-entry-point-for-aludel"),
            ],
        )];
        let (_, result) = run(&runner, &hooks, Path::new("/tmp/x.py"));
        assert_eq!(
            result.unwrap_err().to_string(),
            "Could not find entrypoint console_scripts.no-such-entry-point-for-aludel"
        );
    }

    #[test]
    fn console_scripts_hook_runs_the_entry_point() {
        // The reference Alembic environment has an `alembic` entry point.
        let venv_python = Path::new("/tmp/refvenv/bin/python");
        let python = std::env::var_os("ALUDEL_REF_VENV")
            .map(|v| PathBuf::from(v).join("bin/python"))
            .filter(|p| p.is_file())
            .or_else(|| venv_python.is_file().then(|| venv_python.to_path_buf()));
        let Some(python) = python else {
            eprintln!("skipped: no reference Alembic environment");
            return;
        };
        let runner = HookRunner::with_python(&python);
        let hooks = [hook(
            "alembic",
            &[
                ("type", "console_scripts"),
                ("entrypoint", "alembic"),
                ("options", "--version REVISION_SCRIPT_FILENAME"),
            ],
        )];
        // `python -c "import alembic.config; alembic.config.main()" --version <file>`:
        // argparse names the program after argv[0], which is "-c".
        let (out, result) = run(&runner, &hooks, Path::new("/tmp/x.py"));
        result.unwrap();
        assert!(
            out.starts_with("Running post write hook 'alembic' ...\n-c 1."),
            "{out}"
        );
        assert!(out.ends_with("  done\n"), "{out}");
    }
}
