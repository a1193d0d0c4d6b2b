//! The `aludel` binary: parses arguments and runs one command.

use std::process::ExitCode;

use clap::Parser;

// Reading a history allocates many small parse trees and strings; mimalloc
// serves them about twice as fast as the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = aludel::args::Cli::parse();
    aludel::run(cli)
}
