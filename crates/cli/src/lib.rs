//! aludel library facade: configuration, commands, the migration runner,
//! the model comparison behind autogenerate and `check`, and output, used
//! by the `aludel` binary and by integration tests.

pub mod args;
pub mod backup;
pub mod bodies;
pub mod commands;
pub mod compare;
pub mod config;
pub mod database;
pub mod duration;
pub mod embed;
pub mod enum_lifecycle;
pub mod error;
pub mod hooks;
pub mod init;
pub mod multidb;
pub mod output;
pub mod project;
pub mod runner;
pub mod statements;

use std::process::ExitCode;

use args::{Cli, Command};
use error::{CmdResult, CommandFailed};
use output::Output;
use project::Project;

/// Exit status of a failed command, as Alembic's `sys.exit(-1)`.
pub const EXIT_FAILED: u8 = 255;

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let mut out = Output::stdio(cli.global.quiet, cli.global.json);
    ExitCode::from(run_into(&cli, &mut out))
}

/// Runs a parsed command line into `out`, printing a failure as the
/// binary does, and returns the exit status.
fn run_into(cli: &Cli, out: &mut Output) -> u8 {
    match execute(cli, out) {
        Ok(()) => 0,
        Err(failed) => {
            if !failed.reported {
                report(cli, &failed, out);
            }
            exit_status(cli, &failed)
        }
    }
}

/// Runs a parsed command line into `out`, leaving a failure to the caller
/// to print (the binary) or hand on (`embed`).
fn execute(cli: &Cli, out: &mut Output) -> CmdResult {
    out.set_verbose(cli.command.verbose());
    dispatch(cli, out)
}

/// The exit status of a failed command.
fn exit_status(cli: &Cli, failed: &CommandFailed) -> u8 {
    match failed.exit_status {
        Some(status) => status,
        None if cli.global.raiseerr => 1,
        None => EXIT_FAILED,
    }
}

/// Prints a failure: `FAILED: <message>` on standard output (as Alembic),
/// details on standard error; with `--raiseerr` everything goes to
/// standard error as a full report.
fn report(cli: &Cli, failed: &CommandFailed, out: &mut Output) {
    if cli.global.raiseerr {
        out.note(&format!("aludel: error: {}", failed.message));
        for detail in &failed.details {
            out.note(&format!("  {detail}"));
        }
        return;
    }
    out.line(&format!("FAILED: {}", failed.message));
    if !out.quiet() {
        for detail in &failed.details {
            out.note(&format!("  {detail}"));
        }
    }
}

fn dispatch(cli: &Cli, out: &mut Output) -> CmdResult {
    let global = &cli.global;
    match &cli.command {
        Command::Heads(args) => commands::heads::run(&Project::load(global, out)?, args, out),
        Command::Branches(args) => commands::branches::run(&Project::load(global, out)?, args, out),
        Command::History(args) => commands::history::run(&Project::load(global, out)?, args, out),
        Command::Show(args) => commands::show::run(&Project::load(global, out)?, args, out),
        Command::Revision(args) => {
            commands::revision::run_revision(&Project::load(global, out)?, args, out).map(|_| ())
        }
        Command::Merge(args) => {
            commands::revision::run_merge(&Project::load(global, out)?, args, out).map(|_| ())
        }
        Command::Edit(args) => commands::edit::run(&Project::load(global, out)?, args, out),
        Command::ListTemplates => init::list_templates(out).map_err(CommandFailed::from),
        Command::Init(args) => run_init(global, args, out),
        Command::Upgrade(args) => commands::migrate::run(
            &Project::load_with_sources(global, out)?,
            args,
            commands::migrate::Direction::Up,
            out,
        ),
        Command::Downgrade(args) => commands::migrate::run(
            &Project::load_with_sources(global, out)?,
            args,
            commands::migrate::Direction::Down,
            out,
        ),
        Command::Current(args) => commands::current::run(&Project::load(global, out)?, args, out),
        Command::Stamp(args) => commands::stamp::run(&Project::load(global, out)?, args, out),
        Command::Status => commands::status::run(&Project::load_with_sources(global, out)?, out),
        Command::Drift => commands::drift::run(&Project::load_with_sources(global, out)?, out),
        Command::Restore(args) => {
            commands::restore::run(&project::load_config(global, out)?, args, out)
        }
        Command::EnsureVersion(args) => {
            commands::ensure_version::run(&project::load_config(global, out)?, args, out)
        }
        Command::Check(args) => commands::check::run(global, args, out),
        Command::Lint(args) => {
            commands::lint::run(&Project::load_with_sources(global, out)?, args, out)
        }
        Command::Test(args) => {
            commands::test::run(&Project::load_with_sources(global, out)?, args, out)
        }
    }
}

fn run_init(global: &args::GlobalArgs, args: &args::InitArgs, out: &mut Output) -> CmdResult {
    let env = config::Environment::from_process()?;
    let files = config::ConfigFiles::resolve(&project::global_options(global), &env)?;
    let options = init::InitOptions {
        directory: args.directory.clone(),
        template: args.template.clone(),
        package: args.package,
        quiet: global.quiet,
    };
    out.flush_all();
    let mut stdout = std::io::stdout();
    init::init(&files, &env, &options, &mut stdout).map_err(CommandFailed::from_display)
}
