//! The version table's bookkeeping as values: which rows a step inserts,
//! updates or deletes, given the rows the table holds before it.
//!
//! This follows Alembic's `HeadMaintainer.update_to_step` rule by rule:
//! a step that starts no present row inserts (new branch), a step along one
//! line updates, a merge deletes all of its present parents but one and
//! updates that one, an "unmerge" (downgrade of a merge) inserts the extra
//! parents and updates the merge row, and a downgrade to nothing deletes.
//! Where Alembic iterates a Python set (which parent of a merge is kept, which
//! parent of an unmerge is updated), the order here is the order the parents
//! are written in, which is one of the orders Alembic can produce.
//!
//! [`VersionRows`] applies steps one by one and keeps the rows in the order
//! they were given (new rows at the end), so a caller can execute the
//! returned [`RowChange`]s against a database, or print them as SQL.

mod migration;
mod stamp;

use thiserror::Error;

pub use stamp::StampStep;

/// One change to the version table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowChange {
    /// `INSERT` of a new row.
    Insert(String),
    /// `UPDATE` of the row `from` to the value `to`.
    Update {
        /// The row's value before.
        from: String,
        /// The row's value after.
        to: String,
    },
    /// `DELETE` of a row.
    Delete(String),
}

/// The version rows disagree with a step: the row a step would change is not
/// there, or the row it would add is there already. Alembic fails on these
/// with an internal error (`KeyError`, `AssertionError`); aludel says which
/// row and which step.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("cannot apply '{step}' to the version rows [{}]: {reason}", .rows.join(", "))]
pub struct RowsError {
    /// The step, as Alembic describes it (`stamp_revision a -> b`).
    pub step: String,
    /// The rows before the step.
    pub rows: Vec<String>,
    /// What is wrong.
    pub reason: String,
}

/// The rows of the version table, as a step-by-step simulation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionRows {
    rows: Vec<String>,
}

impl VersionRows {
    /// Starts from the given rows (duplicates are dropped).
    pub fn new<I, S>(rows: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut out = VersionRows::default();
        for row in rows {
            let row = row.into();
            if !out.contains(&row) {
                out.rows.push(row);
            }
        }
        out
    }

    /// The rows now, in the order they were given or added.
    pub fn rows(&self) -> &[String] {
        &self.rows
    }

    /// True when the table holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether a row is present.
    pub fn contains(&self, id: &str) -> bool {
        self.rows.iter().any(|r| r == id)
    }
}

/// Records the changes of one step, failing as Alembic's head maintainer
/// would when the rows do not fit the step.
struct Changes<'a> {
    rows: &'a mut VersionRows,
    before: Vec<String>,
    step: String,
    out: Vec<RowChange>,
}

impl<'a> Changes<'a> {
    fn new(rows: &'a mut VersionRows, step: String) -> Self {
        let before = rows.rows.clone();
        Changes {
            rows,
            before,
            step,
            out: Vec::new(),
        }
    }

    fn fail(&self, reason: String) -> RowsError {
        RowsError {
            step: self.step.clone(),
            rows: self.before.clone(),
            reason,
        }
    }

    fn insert(&mut self, id: &str) -> Result<(), RowsError> {
        if self.rows.contains(id) {
            return Err(self.fail(format!(
                "'{id}' would be inserted but is already a row (Alembic fails an assertion here)"
            )));
        }
        self.rows.rows.push(id.to_string());
        self.out.push(RowChange::Insert(id.to_string()));
        Ok(())
    }

    fn delete(&mut self, id: &str) -> Result<(), RowsError> {
        let Some(at) = self.rows.rows.iter().position(|r| r == id) else {
            return Err(self.fail(format!(
                "'{id}' would be deleted but is not a row (Alembic raises KeyError here)"
            )));
        };
        self.rows.rows.remove(at);
        self.out.push(RowChange::Delete(id.to_string()));
        Ok(())
    }

    fn update(&mut self, from: &str, to: &str) -> Result<(), RowsError> {
        if self.rows.contains(to) {
            return Err(self.fail(format!(
                "'{from}' would be updated to '{to}', which is already a row (Alembic fails an assertion here)"
            )));
        }
        let Some(at) = self.rows.rows.iter().position(|r| r == from) else {
            return Err(self.fail(format!(
                "'{from}' would be updated to '{to}' but is not a row (Alembic raises KeyError here)"
            )));
        };
        self.rows.rows[at] = to.to_string();
        self.out.push(RowChange::Update {
            from: from.to_string(),
            to: to.to_string(),
        });
        Ok(())
    }

    fn finish(self) -> Vec<RowChange> {
        self.out
    }
}

#[cfg(test)]
mod tests;
