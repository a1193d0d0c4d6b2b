//! Operations to SQL statements for one run, through the core's dialect
//! renderer.

use aludel_core::dialect::{Dialect, DialectKind, RenderError};
use aludel_core::ops::Op;
use aludel_db::driver::Connection;

/// Renders a run's operations in order.
pub struct Statements {
    dialect: &'static dyn Dialect,
}

impl Statements {
    /// A renderer for `kind`.
    pub fn new(kind: DialectKind) -> Self {
        Statements {
            dialect: kind.dialect(),
        }
    }

    /// The statements of one operation, as the `--sql` script prints them.
    pub fn render(
        &mut self,
        op: &Op,
        _live: Option<&mut dyn Connection>,
    ) -> Result<Vec<String>, RenderError> {
        self.dialect.render(op)
    }
}
