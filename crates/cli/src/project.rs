//! A loaded project: its configuration and its revision graph.

use aludel_core::RevisionGraph;
use std::path::PathBuf;

use aludel_python::discovery::{
    load_revisions, load_revisions_cached, load_revisions_with_sources, DiscoveryOptions,
};

use crate::args::GlobalArgs;
use crate::config::{Config, Environment, GlobalOptions};
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;

/// Configuration plus every revision of the project.
pub struct Project {
    /// The configuration the project was read with.
    pub config: Config,
    /// The revision graph, in load order.
    pub graph: RevisionGraph,
    /// The revision files' text, by graph index, when the command runs
    /// bodies ([`Project::load_with_sources`]); empty otherwise.
    pub sources: Vec<String>,
}

/// The configuration options of the command line.
pub fn global_options(global: &GlobalArgs) -> GlobalOptions {
    GlobalOptions {
        config: global.config.clone(),
        name: Some(global.name.clone()),
        x: global.x.clone(),
        url: global.url.clone(),
        ini_overrides: global.ini_overrides.clone(),
    }
}

/// Reads the configuration the command line designates.
pub fn load_config(global: &GlobalArgs, out: &mut Output) -> CmdResult<Config> {
    let env = Environment::from_process()
        .map_err(|e| CommandFailed::new(format!("cannot read the current directory: {e}")))?;
    let config = Config::load(&global_options(global), &env)?;
    for notice in config.notices() {
        out.deprecation(notice);
    }
    out.set_log_levels(crate::config::logging::LogLevels::from_config(&config));
    Ok(config)
}

impl Project {
    /// Reads the configuration and every revision file.
    pub fn load(global: &GlobalArgs, out: &mut Output) -> CmdResult<Project> {
        let config = load_config(global, out)?;
        Project::from_config(config, out)
    }

    /// Reads every revision file of a loaded configuration.
    pub fn from_config(config: Config, out: &mut Output) -> CmdResult<Project> {
        Project::read(config, false, out)
    }

    /// [`Project::load`], keeping the files' text for commands that run
    /// revision bodies.
    pub fn load_with_sources(global: &GlobalArgs, out: &mut Output) -> CmdResult<Project> {
        let config = load_config(global, out)?;
        Project::read(config, true, out)
    }

    fn read(config: Config, keep_sources: bool, out: &mut Output) -> CmdResult<Project> {
        let options = DiscoveryOptions {
            recursive: config.recursive_version_locations(),
            sourceless: config.sourceless(),
        };
        let locations = config.version_locations();
        let loaded = if keep_sources {
            load_revisions_with_sources(locations, options)?
        } else if let Some(dir) = header_cache_dir() {
            load_revisions_cached(locations, options, &dir)?
        } else {
            load_revisions(locations, options)?
        };
        for warning in &loaded.warnings {
            out.warn(warning);
        }
        let graph = RevisionGraph::new(loaded.revisions)?;
        Ok(Project {
            config,
            graph,
            sources: loaded.sources,
        })
    }
}

/// Where parsed revision headers are cached between runs
/// (`aludel_python::discovery::cache`): `ALUDEL_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/aludel`, else `~/.cache/aludel`; none with
/// `ALUDEL_NO_CACHE=1` (or when no directory can be named).
fn header_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if var("ALUDEL_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(dir) = var("ALUDEL_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(xdg) = var("XDG_CACHE_HOME") {
        return Some(PathBuf::from(xdg).join("aludel"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".cache").join("aludel"))
}
