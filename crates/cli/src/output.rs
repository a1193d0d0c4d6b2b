//! Where command output goes: Alembic's lines on standard output (unless
//! `-q`), JSON for machines (`--json`), warnings and details on standard
//! error.

use std::io::{self, Write};

/// The output channels of one command run.
pub struct Output {
    quiet: bool,
    json: bool,
    /// `-v/--verbose` of the command: deprecation notices are shown.
    verbose: bool,
    /// Standard error is a terminal: a person watches, so long runs
    /// show how far they are.
    watched: bool,
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    /// The ini's logging levels, which decide whether Alembic's INFO
    /// lines are shown.
    log_levels: crate::config::logging::LogLevels,
}

impl Output {
    /// Output to the process's standard streams.
    pub fn stdio(quiet: bool, json: bool) -> Self {
        use std::io::IsTerminal;
        Output {
            quiet,
            json,
            verbose: false,
            watched: io::stderr().is_terminal(),
            stdout: Box::new(io::BufWriter::new(io::stdout())),
            stderr: Box::new(io::stderr()),
            log_levels: Default::default(),
        }
    }

    /// Output into the given writers (tests).
    pub fn to_writers(
        quiet: bool,
        json: bool,
        stdout: Box<dyn Write>,
        stderr: Box<dyn Write>,
    ) -> Self {
        Output {
            quiet,
            json,
            verbose: false,
            watched: false,
            stdout,
            stderr,
            log_levels: Default::default(),
        }
    }

    /// Shows deprecation notices ([`Output::deprecation`]): the command
    /// was given `-v/--verbose`.
    pub fn set_verbose(&mut self, verbose: bool) {
        self.verbose = verbose;
    }

    /// Whether `--json` was asked for.
    pub fn json_mode(&self) -> bool {
        self.json
    }

    /// Buffers standard error until the end (or the next flush): for
    /// `--sql` runs, whose thousand log lines would otherwise cost a
    /// write each while nothing waits on them.
    pub fn buffer_stderr(&mut self) {
        let stderr = std::mem::replace(&mut self.stderr, Box::new(io::sink()));
        self.stderr = Box::new(io::BufWriter::with_capacity(64 * 1024, stderr));
    }

    /// Whether a person watches standard error (a terminal).
    pub fn watched(&self) -> bool {
        self.watched
    }

    /// Whether `-q` was asked for.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Prints text and a newline on standard output, as Alembic's
    /// `print_stdout` does; nothing with `-q`.
    pub fn line(&mut self, text: &str) {
        if !self.quiet {
            let _ = writeln!(self.stdout, "{text}");
        }
    }

    /// Prints a JSON document on standard output (even with `-q`, since it
    /// was asked for explicitly).
    pub fn json(&mut self, value: &serde_json::Value) {
        let _ = serde_json::to_writer_pretty(&mut self.stdout, value);
        let _ = writeln!(self.stdout);
    }

    /// Writes part of a `--sql` script to standard output, even with `-q`
    /// (Alembic writes it to its output buffer, not through `print_stdout`).
    pub fn script(&mut self, text: &str) {
        let _ = write!(self.stdout, "{text}");
    }

    /// Writes raw text to standard output (progress lines of writers that
    /// end with `  done`), unless `-q`.
    pub fn raw(&mut self, text: &str) {
        if !self.quiet {
            let _ = write!(self.stdout, "{text}");
            let _ = self.stdout.flush();
        }
    }

    /// Alembic's status line around an action: `<text> ...`, then `  done`
    /// or `  FAILED` on the same line (nothing with `-q`).
    pub fn status<T, E>(
        &mut self,
        text: &str,
        action: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        self.raw(&format!("{text} ..."));
        let result = action();
        self.raw(if result.is_ok() {
            "  done\n"
        } else {
            "  FAILED\n"
        });
        result
    }

    /// A warning on standard error.
    pub fn warn(&mut self, message: &str) {
        let _ = self.stdout.flush();
        let _ = writeln!(self.stderr, "UserWarning: {message}");
    }

    /// A deprecation notice (an old-style setting that still works), shown
    /// only with `-v/--verbose`: Alembic raises these as Python
    /// `DeprecationWarning`s, which Python hides unless asked to show them.
    pub fn deprecation(&mut self, message: &str) {
        if self.verbose {
            let _ = self.stdout.flush();
            let _ = writeln!(self.stderr, "DeprecationWarning: {message}");
        }
    }

    /// Takes the ini's logging levels (after the configuration is read).
    pub fn set_log_levels(&mut self, levels: crate::config::logging::LogLevels) {
        self.log_levels = levels;
    }

    /// The logging levels in force.
    pub fn log_levels(&self) -> &crate::config::logging::LogLevels {
        &self.log_levels
    }

    /// An `INFO  [logger] message` line on standard error, as Alembic's
    /// logging prints it — unless the ini's logging levels silence that
    /// `alembic...` logger (aludel's own `aludel...` lines always show).
    pub fn info(&mut self, logger: &str, message: &str) {
        if logger.starts_with("alembic") && !self.log_levels.shows_info(logger) {
            return;
        }
        self.note(&format!("INFO  [{logger}] {message}"));
    }

    /// A line on standard error (details of a failure, notes).
    pub fn note(&mut self, message: &str) {
        let _ = self.stdout.flush();
        let _ = writeln!(self.stderr, "{message}");
    }

    /// Flushes both streams.
    pub fn flush_all(&mut self) {
        let _ = self.stdout.flush();
        let _ = self.stderr.flush();
    }
}

/// Writing to an `Output` writes to standard output unless `-q`, so that
/// writers of progress lines (init, hooks) can print through it.
impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.quiet {
            self.stdout.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.flush_all();
    }
}
