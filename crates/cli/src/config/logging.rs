//! The logging levels of an ini file's `[loggers]` / `[logger_*]` sections:
//! what the stock env.py's `logging.config.fileConfig` applies, and so
//! which of Alembic's `INFO  [alembic...]` lines a run shows
//! (`[logger_alembic] level = WARN` silences them).

use super::Config;

/// Python's level numbers.
const INFO: u32 = 20;
const WARNING: u32 = 30;

/// Configured levels by logger name, and the root's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLevels {
    /// `(qualname, level)` of each configured logger but the root.
    levels: Vec<(String, u32)>,
    /// The root logger's level.
    root: u32,
}

impl Default for LogLevels {
    /// No logging configuration: every line is shown.
    fn default() -> Self {
        LogLevels {
            levels: Vec::new(),
            root: INFO,
        }
    }
}

impl LogLevels {
    /// The levels `config`'s ini gives. Without a `[loggers]` section (a
    /// pyproject-only project, an ini without logging) every line is shown.
    pub fn from_config(config: &Config) -> LogLevels {
        let section = |name: &str| config.get_section(name).ok().flatten();
        let Some(loggers) = section("loggers") else {
            return LogLevels::default();
        };
        let keys = loggers
            .iter()
            .find(|(k, _)| k == "keys")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut levels = LogLevels {
            levels: Vec::new(),
            root: WARNING,
        };
        for key in keys.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let Some(options) = section(&format!("logger_{key}")) else {
                continue;
            };
            let get = |name: &str| {
                options
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.trim().to_string())
            };
            let Some(level) = get("level").as_deref().and_then(level_number) else {
                continue;
            };
            if key == "root" {
                levels.root = level;
            } else if let Some(qualname) = get("qualname") {
                levels.levels.push((qualname, level));
            }
        }
        levels
    }

    /// Whether `logger` prints INFO messages: its own level, else its
    /// nearest configured ancestor's (`alembic` for `alembic.env`), else
    /// the root's; NOTSET defers to the parent, as in Python.
    pub fn shows_info(&self, logger: &str) -> bool {
        let mut name = logger;
        loop {
            if let Some((_, level)) = self.levels.iter().find(|(q, l)| q == name && *l != 0) {
                return *level <= INFO;
            }
            match name.rfind('.') {
                Some(dot) => name = &name[..dot],
                None => return self.root <= INFO,
            }
        }
    }
}

/// `INFO`, `WARN`, `20`... as Python's `logging` reads a level name.
fn level_number(text: &str) -> Option<u32> {
    Some(match text.to_ascii_uppercase().as_str() {
        "NOTSET" => 0,
        "DEBUG" => 10,
        "INFO" => INFO,
        "WARN" | "WARNING" => WARNING,
        "ERROR" => 40,
        "CRITICAL" | "FATAL" => 50,
        number => number.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(root: u32, levels: &[(&str, u32)]) -> LogLevels {
        LogLevels {
            levels: levels.iter().map(|(q, l)| (q.to_string(), *l)).collect(),
            root,
        }
    }

    #[test]
    fn the_nearest_configured_logger_decides() {
        let stock = levels(WARNING, &[("sqlalchemy", WARNING), ("alembic", INFO)]);
        assert!(stock.shows_info("alembic.runtime.migration"));
        assert!(stock.shows_info("alembic"));
        assert!(!stock.shows_info("sqlalchemy.engine"));
        let quiet = levels(WARNING, &[("alembic", WARNING)]);
        assert!(!quiet.shows_info("alembic.runtime.migration"));
        let notset = levels(INFO, &[("alembic", 0)]);
        assert!(notset.shows_info("alembic.env"));
        assert!(!levels(WARNING, &[]).shows_info("alembic.env"));
        assert!(LogLevels::default().shows_info("alembic.env"));
        assert_eq!(level_number("warn"), Some(WARNING));
        assert_eq!(level_number("15"), Some(15));
        assert_eq!(level_number("loud"), None);
    }
}
