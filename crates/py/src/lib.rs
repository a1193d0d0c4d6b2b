//! `aludel._native`: the Python extension module behind the `aludel`
//! package. It runs one aludel command line in-process
//! ([`aludel::embed::run_captured`]) with the Python thread state
//! released, so other Python threads go on while a migration runs; the
//! Python code in `python/aludel/` builds the command lines from an
//! Alembic-style `Config` and raises its exceptions.

use aludel::config::IniOverride;
use pyo3::prelude::*;

// As in the binary: reading a history allocates many small parse trees
// and strings, which mimalloc serves about twice as fast as the system
// allocator (Python's own objects do not go through it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What `run` returns: the exit status, standard output, standard error,
/// and `(message, details)` when the command failed without printing its
/// own verdict.
type RunResult = (u8, String, String, Option<(String, Vec<String>)>);

/// `run(args, set_options=[], defaults=[])`: runs `aludel <args...>`.
///
/// `set_options` are `(section, name, value)` triples set on the ini after
/// it is read (`Config.set_section_option`); `defaults` are `(name, value)`
/// pairs of `[DEFAULT]` under the file's own (`Config(config_args=...)`).
#[pyfunction]
#[pyo3(signature = (args, set_options = Vec::new(), defaults = Vec::new()))]
fn run(
    py: Python<'_>,
    args: Vec<String>,
    set_options: Vec<(String, String, String)>,
    defaults: Vec<(String, String)>,
) -> RunResult {
    let overrides: Vec<IniOverride> = defaults
        .into_iter()
        .map(|(name, value)| IniOverride::Default { name, value })
        .chain(
            set_options
                .into_iter()
                .map(|(section, name, value)| IniOverride::Set {
                    section,
                    name,
                    value,
                }),
        )
        .collect();
    let captured = py.detach(|| aludel::embed::run_captured(&args, &overrides));
    (
        captured.exit_code,
        captured.stdout,
        captured.stderr,
        captured.failure.map(|f| (f.message, f.details)),
    )
}

/// `main(args)`: runs `aludel <args...>` as the binary does, printing on
/// the process's standard output and error, and returns the exit status
/// (`python -m aludel` without the binary).
#[pyfunction]
fn main(py: Python<'_>, args: Vec<String>) -> u8 {
    py.detach(|| aludel::embed::run_stdio(&args))
}

/// The module: `run`, `main` and the version of the aludel it was built
/// from.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(main, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
