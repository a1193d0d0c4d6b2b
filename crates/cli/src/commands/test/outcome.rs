//! What `aludel test` found: one [`CheckResult`] per check, grouped per
//! revision, plus the checks of the whole history.

/// The checks run on each revision, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `upgrade()` runs from the schema of the revisions before it.
    Upgrade,
    /// `--data`: the rows seeded before the upgrade are still there.
    Data,
    /// `downgrade()` runs right after the upgrade.
    Downgrade,
    /// The schema after the downgrade is the schema before the upgrade.
    SchemaRestored,
    /// `upgrade()` runs again and builds the same schema as the first time.
    UpgradeAgain,
}

impl Check {
    /// The check's name in reports (JUnit test case names, `--json`).
    pub fn name(self) -> &'static str {
        match self {
            Check::Upgrade => "upgrade",
            Check::Data => "data",
            Check::Downgrade => "downgrade",
            Check::SchemaRestored => "schema_restored",
            Check::UpgradeAgain => "upgrade_again",
        }
    }
}

/// How a check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It held.
    Pass,
    /// It did not: what, and the lines that say where and what to do.
    Fail {
        /// One line.
        message: String,
        /// Where in which file, the SQL that failed, the differences, hints.
        details: Vec<String>,
        /// aludel's log lines of the failing step (as `upgrade` prints them).
        log: Vec<String>,
    },
    /// It could not run (an earlier check or revision failed).
    Skip {
        /// Why.
        reason: String,
    },
}

impl Status {
    /// A failure without log lines.
    pub fn fail(message: impl Into<String>, details: Vec<String>) -> Status {
        Status::Fail {
            message: message.into(),
            details,
            log: Vec::new(),
        }
    }

    /// A skip.
    pub fn skip(reason: impl Into<String>) -> Status {
        Status::Skip {
            reason: reason.into(),
        }
    }

    /// `pass`, `fail` or `skip`.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail { .. } => "fail",
            Status::Skip { .. } => "skip",
        }
    }
}

/// One check of one revision (or of the history).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    /// The check's name.
    pub name: &'static str,
    /// How it ended.
    pub status: Status,
    /// How long it took.
    pub seconds: f64,
}

/// The checks of one revision.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionResult {
    /// The revision id.
    pub revision: String,
    /// Its file, relative to the configuration's directory.
    pub file: String,
    /// The checks in the order they ran (skipped ones included).
    pub checks: Vec<CheckResult>,
    /// Things worth knowing that are not failures (a table `--data` could
    /// not seed, and why).
    pub notes: Vec<String>,
}

impl RevisionResult {
    /// A revision with no checks yet.
    pub fn new(revision: String, file: String) -> Self {
        RevisionResult {
            revision,
            file,
            checks: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a check.
    pub fn push(&mut self, check: Check, status: Status, seconds: f64) {
        self.checks.push(CheckResult {
            name: check.name(),
            status,
            seconds,
        });
    }

    /// Marks every check in `checks` not yet recorded as skipped for `reason`.
    pub fn skip_rest(&mut self, checks: &[Check], reason: &str) {
        for check in checks {
            if !self.checks.iter().any(|c| c.name == check.name()) {
                self.push(*check, Status::skip(reason), 0.0);
            }
        }
    }

    /// The revision's outcome: failed if any check failed, skipped if every
    /// check was skipped, passed otherwise.
    pub fn status_word(&self) -> &'static str {
        if self.failed() {
            "fail"
        } else if self
            .checks
            .iter()
            .all(|c| matches!(c.status, Status::Skip { .. }))
        {
            "skip"
        } else {
            "pass"
        }
    }

    /// Whether a check failed.
    pub fn failed(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c.status, Status::Fail { .. }))
    }
}

/// Everything one run found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Checks of the whole history (`single_head`, `models`).
    pub history: Vec<CheckResult>,
    /// Each tested revision, in upgrade order.
    pub revisions: Vec<RevisionResult>,
}

impl Outcome {
    /// Whether any check failed.
    pub fn failed(&self) -> bool {
        self.revisions.iter().any(RevisionResult::failed)
            || self
                .history
                .iter()
                .any(|c| matches!(c.status, Status::Fail { .. }))
    }
}
