//! Running aludel inside another program: the Python package's `_native`
//! module calls [`run_captured`] with the command line its `aludel.command`
//! functions build from an Alembic-style `Config`.
//!
//! A run is what the binary does — the same argument parser, the same
//! dispatch — with three differences a library caller needs:
//!
//! * output goes into buffers that are returned, not to the process's
//!   standard streams (which belong to the host program, and which a test
//!   runner such as pytest replaces at the Python level, not the file
//!   descriptor level);
//! * a failure is returned as its message and details instead of being
//!   printed as `FAILED: ...`, so the caller can raise it (Alembic's
//!   `command` functions raise `CommandError`; only its command line prints
//!   `FAILED:`);
//! * the ini can be given values the file does not have ([`IniOverride`]:
//!   `Config(config_args=...)`, `Config.set_main_option`,
//!   `Config.set_section_option`), with the same precedence as the file's.
//!
//! Nothing here touches process-wide state, so several runs may go on at
//! once on different threads (the Python module releases the GIL).

use clap::Parser;

use crate::args::Cli;
use crate::config::IniOverride;
use crate::multidb::Captured as Buffer;
use crate::output::Output;

/// What one embedded run left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// The exit status the binary would have ended with.
    pub exit_code: u8,
    /// What the command printed on standard output (Alembic's
    /// `print_stdout` lines, a `--sql` script, a `--json` document).
    pub stdout: String,
    /// What it printed on standard error (Alembic's log lines, warnings).
    pub stderr: String,
    /// Why it failed, when it failed and has not already said so in its
    /// output (a command that prints its own verdict, such as
    /// `check --json`, only sets the exit status).
    pub failure: Option<Failure>,
}

/// A failed run's message (the text after the binary's `FAILED: `) and the
/// lines that explain it (where, and what to do). Database passwords are
/// already masked in both, as in everything aludel prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failure {
    /// One line: what went wrong.
    pub message: String,
    /// Further lines: the file and line, the cause, the fix.
    pub details: Vec<String>,
}

/// Runs one aludel command line (`args` without the program name, e.g.
/// `["-c", "alembic.ini", "upgrade", "head"]`) with `overrides` applied to
/// the ini after it is read, and returns its exit status and output.
///
/// `--help` and `--version` succeed with their text on `stdout`; a command
/// line clap refuses fails with exit status 2, clap's first line as the
/// message and its usage text on `stderr`.
pub fn run_captured(args: &[String], overrides: &[IniOverride]) -> Captured {
    let argv = std::iter::once("aludel".to_string()).chain(args.iter().cloned());
    let mut cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(error) => return refused(&error),
    };
    cli.global.ini_overrides = overrides.to_vec();
    let stdout = Buffer::default();
    let stderr = Buffer::default();
    let result = {
        let mut out = Output::to_writers(
            cli.global.quiet,
            cli.global.json,
            Box::new(stdout.clone()),
            Box::new(stderr.clone()),
        );
        crate::execute(&cli, &mut out)
        // `out` flushes into the buffers when dropped here
    };
    let (exit_code, failure) = match result {
        Ok(()) => (0, None),
        Err(failed) => (
            crate::exit_status(&cli, &failed),
            (!failed.reported).then_some(Failure {
                message: failed.message,
                details: failed.details,
            }),
        ),
    };
    Captured {
        exit_code,
        stdout: stdout.text(),
        stderr: stderr.text(),
        failure,
    }
}

/// Runs one aludel command line (without the program name) exactly as the
/// binary does, on the process's standard output and error, and returns
/// its exit status: for `python -m aludel` where the binary is not
/// installed.
pub fn run_stdio(args: &[String]) -> u8 {
    let argv = std::iter::once("aludel".to_string()).chain(args.iter().cloned());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return u8::try_from(error.exit_code()).unwrap_or(2);
        }
    };
    let mut out = Output::stdio(cli.global.quiet, cli.global.json);
    crate::run_into(&cli, &mut out)
}

/// The outcome of a command line clap did not run: help and version text,
/// or a usage error.
fn refused(error: &clap::Error) -> Captured {
    let text = error.render().to_string();
    let exit_code = u8::try_from(error.exit_code()).unwrap_or(2);
    if !error.use_stderr() {
        return Captured {
            exit_code,
            stdout: text,
            ..Captured::default()
        };
    }
    let message = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    Captured {
        exit_code,
        stderr: text,
        failure: Some(Failure {
            message,
            details: Vec::new(),
        }),
        ..Captured::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// A project with two revisions and no database URL in its ini.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let versions = dir.path().join("migrations/versions");
        fs::create_dir_all(&versions).unwrap();
        fs::write(
            dir.path().join("alembic.ini"),
            "[alembic]\nscript_location = %(here)s/migrations\n",
        )
        .unwrap();
        fs::write(
            versions.join("a1_first.py"),
            "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n\
             branch_labels = None\ndepends_on = None\n\nfrom alembic import op\n\
             import sqlalchemy as sa\n\ndef upgrade():\n    \
             op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n\n\
             def downgrade():\n    op.drop_table('t')\n",
        )
        .unwrap();
        fs::write(
            versions.join("b2_second.py"),
            "\"\"\"second\"\"\"\nrevision = 'b2'\ndown_revision = 'a1'\n\
             branch_labels = None\ndepends_on = None\n\nfrom alembic import op\n\
             import sqlalchemy as sa\n\ndef upgrade():\n    \
             op.add_column('t', sa.Column('x', sa.Integer))\n\n\
             def downgrade():\n    op.drop_column('t', 'x')\n",
        )
        .unwrap();
        dir
    }

    fn ini(dir: &tempfile::TempDir) -> String {
        dir.path().join("alembic.ini").display().to_string()
    }

    fn set_url(url: &str) -> Vec<IniOverride> {
        vec![IniOverride::Set {
            section: "alembic".into(),
            name: "sqlalchemy.url".into(),
            value: url.into(),
        }]
    }

    #[test]
    fn output_is_captured_and_overrides_reach_the_ini() {
        let dir = project();
        let db = dir.path().join("app.db");
        let url = set_url(&format!("sqlite:///{}", db.display()));
        let run = run_captured(&args(&["-c", &ini(&dir), "upgrade", "head"]), &url);
        assert_eq!(run.exit_code, 0, "{run:?}");
        assert_eq!(run.failure, None);
        assert!(
            run.stderr
                .contains("INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, second"),
            "{}",
            run.stderr
        );
        assert!(db.exists());

        let run = run_captured(&args(&["-c", &ini(&dir), "current"]), &url);
        assert_eq!(run.stdout, "b2 (head)\n", "{run:?}");
        // without the override the ini has no URL at all
        let run = run_captured(&args(&["-c", &ini(&dir), "current"]), &[]);
        assert_eq!(run.exit_code, crate::EXIT_FAILED);
        assert!(run.failure.is_some());
    }

    #[test]
    fn a_failure_is_returned_not_printed() {
        let dir = project();
        let run = run_captured(
            &args(&["-c", &ini(&dir), "upgrade", "nope"]),
            &set_url("sqlite://"),
        );
        assert_eq!(run.exit_code, crate::EXIT_FAILED);
        let failure = run.failure.expect("a failure");
        assert_eq!(
            failure.message,
            "Can't locate revision identified by 'nope'"
        );
        assert!(!run.stdout.contains("FAILED"), "{}", run.stdout);
    }

    #[test]
    fn passwords_never_reach_the_failure() {
        let dir = project();
        // a closed port: the connection is refused
        let run = run_captured(
            &args(&["-c", &ini(&dir), "current"]),
            &set_url("postgresql://app:hunter2secret@127.0.0.1:9/app"),
        );
        assert_eq!(run.exit_code, crate::EXIT_FAILED, "{run:?}");
        let failure = run.failure.expect("a failure");
        let everything = format!(
            "{}\n{}\n{}\n{}",
            failure.message,
            failure.details.join("\n"),
            run.stdout,
            run.stderr
        );
        assert!(!everything.contains("hunter2secret"), "{everything}");
        assert!(everything.contains("127.0.0.1"), "{everything}");
    }

    #[test]
    fn help_version_and_usage_errors() {
        let run = run_captured(&args(&["--version"]), &[]);
        assert_eq!(run.exit_code, 0);
        assert_eq!(
            run.stdout,
            format!("aludel {}\n", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(run.failure, None);

        let run = run_captured(&args(&["upgrade"]), &[]);
        assert_eq!(run.exit_code, 2);
        let failure = run.failure.expect("a usage error");
        assert!(
            failure
                .message
                .contains("required arguments were not provided"),
            "{failure:?}"
        );
        assert!(run.stderr.contains("Usage:"), "{}", run.stderr);
    }

    #[test]
    fn check_differences_keep_their_exit_status() {
        let dir = project();
        fs::write(dir.path().join("aludel.toml"), "models = [\"models\"]\n").unwrap();
        fs::write(
            dir.path().join("models.py"),
            "from sqlmodel import Field, SQLModel\n\n\n\
             class Extra(SQLModel, table=True):\n    \
             id: int | None = Field(default=None, primary_key=True)\n",
        )
        .unwrap();
        let check = |extra: &[&str]| {
            let mut line = args(&["-c", &ini(&dir), "check", "--offline"]);
            line.extend(args(extra));
            run_captured(&line, &[])
        };
        let run = check(&[]);
        assert_eq!(run.exit_code, crate::commands::check::EXIT_DIFFERENCES);
        let failure = run.failure.expect("differences are a failure");
        assert!(
            failure
                .message
                .starts_with("New upgrade operations detected: [('remove_table', None, 't'), ('add_table', None, 'extra')]"),
            "{failure:?}"
        );
        // `--json` prints its own verdict: nothing is left to raise
        let run = check(&["--json"]);
        assert_eq!(run.exit_code, crate::commands::check::EXIT_DIFFERENCES);
        assert_eq!(run.failure, None);
        assert!(run.stdout.contains("\"ok\": false"), "{}", run.stdout);
    }
}
