//! The `aludel` binary: parses arguments and runs one command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = aludel::args::Cli::parse();
    aludel::run(cli)
}
