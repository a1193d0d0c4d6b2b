//! Rendering `script.py.mako` into the text of a new revision file, with
//! the variables Alembic passes.
//!
//! For `alembic revision` (without `--autogenerate` and without
//! `revision_environment`) and for `alembic merge`, Alembic renders the
//! template with exactly these variables (`ScriptDirectory.generate_revision`):
//!
//! | variable | value |
//! |---|---|
//! | `up_revision` | the new id |
//! | `down_revision` | `None`, the parent id, or a tuple of parent ids |
//! | `branch_labels` | `None` or a tuple of labels |
//! | `depends_on` | `None`, one id, or a **list** of ids |
//! | `create_date` | a `datetime` (rendered with `str()`) |
//! | `comma` | `util.format_as_comma` |
//! | `message` | the message, or `"empty message"` when none was given |
//! | `refresh` | `True` |
//! | `config` | the `Config` object |
//!
//! `imports`, `upgrades` and `downgrades` are **not** passed (they are
//! Mako's `UNDEFINED`, which is falsy, so the stock templates print an empty
//! line and `pass`). Autogenerate, and `revision_environment = true`, add
//! them (and `<name>_upgrades`/`<name>_downgrades` for multidb); pass those
//! through [`RevisionValues::extra`].

use std::path::Path;

use crate::pydatetime::PyDateTime;
use crate::template::{ConfigLookup, Template, TemplateContext, TemplateError, Value};

/// What a new revision file is made of.
pub struct RevisionValues<'a> {
    /// The new revision id.
    pub rev_id: String,
    /// The parent revision ids (empty for a new base).
    pub down_revisions: Vec<String>,
    /// The branch labels (`--branch-label`).
    pub branch_labels: Vec<String>,
    /// The resolved `--depends-on` ids (or branch labels, kept as given).
    pub depends_on: Vec<String>,
    /// The `-m` message, if any.
    pub message: Option<String>,
    /// The creation time.
    pub create_date: PyDateTime,
    /// Answers the template's `config.get_main_option(...)` and similar
    /// calls; `None` answers every lookup with "absent".
    pub config: Option<&'a ConfigLookup<'a>>,
    /// Further template variables (`imports`, `upgrades`, `downgrades`, ...).
    pub extra: Vec<(String, Value)>,
}

impl RevisionValues<'_> {
    /// The template variables, as Alembic passes them.
    pub fn template_context(&self) -> TemplateContext<'_> {
        let mut context = TemplateContext::new();
        context
            .set("up_revision", Value::str(&self.rev_id))
            .set("down_revision", scalar_or_tuple(&self.down_revisions))
            .set(
                "branch_labels",
                if self.branch_labels.is_empty() {
                    Value::None
                } else {
                    Value::str_tuple(&self.branch_labels)
                },
            )
            .set("depends_on", scalar_or_list(&self.depends_on))
            .set("create_date", Value::DateTime(self.create_date))
            .set("comma", Value::comma_function())
            .set(
                "message",
                Value::str(self.message.as_deref().unwrap_or("empty message")),
            )
            .set("refresh", Value::Bool(true))
            .set("config", Value::config_object());
        for (name, value) in &self.extra {
            context.set(name.clone(), value.clone());
        }
        if let Some(config) = self.config {
            context.set_config(config);
        }
        context
    }
}

/// Alembic's `tuple_rev_as_scalar(tuple(ids))`: `None`, the one id, or a tuple.
fn scalar_or_tuple(ids: &[String]) -> Value {
    match ids {
        [] => Value::None,
        [one] => Value::str(one),
        many => Value::str_tuple(many),
    }
}

/// Alembic's `tuple_rev_as_scalar(list_of_ids)`: `None`, the one id, or a list.
fn scalar_or_list(ids: &[String]) -> Value {
    match ids {
        [] => Value::None,
        [one] => Value::str(one),
        many => Value::str_list(many),
    }
}

/// Render the revision file text from the `script.py.mako` source
/// (`template_path` is used in error messages).
pub fn render_revision_file(
    template_source: &str,
    template_path: &Path,
    values: &RevisionValues<'_>,
) -> Result<String, TemplateError> {
    let template = Template::parse(template_path, template_source)?;
    template.render(&values.template_context())
}

#[cfg(test)]
mod tests;
