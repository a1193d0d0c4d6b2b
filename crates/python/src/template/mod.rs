//! A renderer for the subset of Mako that `script.py.mako` templates use,
//! with output identical to Mako's.
//!
//! Supported:
//! - text, `## comment` lines, `<%doc>...</%doc>`, `<%text>...</%text>`,
//!   backslash line continuation, `%%` escapes;
//! - `${expr}` and `${expr | filter, ...}` with the filters `n`, `str`,
//!   `trim`, `h`, `x`, `u` and any function value (e.g. Alembic's `comma`);
//! - `% if` / `% elif` / `% else` / `% endif`, `% for ... in ...` /
//!   `% else` / `% endfor` (with Mako's `loop` object);
//! - `<% name = expr %>` code blocks and `<%! import re %>` module blocks.
//!
//! Expressions are parsed with ruff's Python parser and evaluated over
//! [`Value`]s: literals, names, `a if c else b`, `not`, `and`, `or`,
//! comparisons, `+`, `*`, `%` formatting, subscripts and slices, and the
//! calls `repr`, `str`, `len`, `bool`, `int`, `list`, `tuple`, `sorted`,
//! the `str` methods `join`, `upper`, `lower`, `strip`, `lstrip`, `rstrip`,
//! `replace`, `startswith`, `endswith`, `split`, `config.get_main_option`,
//! `config.get_section_option`, `config.get_alembic_option`,
//! `context.get`, `re.split`, `create_date.strftime` and the `datetime`
//! attributes. Anything else is an error naming the construct and its
//! place in the template.

mod compile;
mod eval;
mod filters;
mod lexer;
mod render;
mod value;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use value::{Object, Value};

use crate::location::SourceLocation;

/// A question the template asks Alembic's `config` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigQuery<'a> {
    /// `config.get_main_option(name)`: the key in the main (`[alembic]`)
    /// section.
    Main {
        /// The key.
        name: &'a str,
    },
    /// `config.get_section_option(section, name)`.
    Section {
        /// The ini section.
        section: &'a str,
        /// The key.
        name: &'a str,
    },
    /// `config.get_alembic_option(name)` (ini or `[tool.alembic]`).
    Alembic {
        /// The key.
        name: &'a str,
    },
}

/// Answers [`ConfigQuery`]s: `Ok(None)` when the key is absent (the
/// template's default is then used), `Err(message)` for an error Alembic
/// would raise (e.g. a missing section).
pub type ConfigLookup<'a> = dyn Fn(ConfigQuery<'_>) -> Result<Option<String>, String> + 'a;

/// The variables a template is rendered with.
#[derive(Default)]
pub struct TemplateContext<'a> {
    vars: HashMap<String, Value>,
    config: Option<&'a ConfigLookup<'a>>,
}

impl<'a> TemplateContext<'a> {
    /// An empty context: every name is undefined, `config` lookups find
    /// nothing.
    pub fn new() -> Self {
        TemplateContext::default()
    }

    /// Set a template variable.
    pub fn set(&mut self, name: impl Into<String>, value: Value) -> &mut Self {
        self.vars.insert(name.into(), value);
        self
    }

    /// A template variable, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// Serve `config.get_*_option(...)` calls with `lookup`.
    pub fn set_config(&mut self, lookup: &'a ConfigLookup<'a>) -> &mut Self {
        self.config = Some(lookup);
        self
    }
}

/// Why a template could not be parsed or rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The template is not valid Mako, or an embedded expression is not
    /// valid Python.
    #[error(
        "{location}: template syntax error: {message}\n{snippet}\n  = help: fix the template; Mako rejects it too",
        snippet = location.snippet()
    )]
    Syntax {
        /// Where.
        location: Box<SourceLocation>,
        /// What is wrong.
        message: String,
    },

    /// Valid Mako/Python that aludel's renderer does not implement.
    #[error(
        "{location}: {construct} is not supported by aludel's template renderer\n{snippet}\n  = help: aludel renders a subset of Mako: text, ${{...}} expressions with filters, `% if`/`% for` control lines and simple `<% name = value %>` blocks; rewrite this part of the template in those terms",
        snippet = location.snippet()
    )]
    Unsupported {
        /// Where.
        location: Box<SourceLocation>,
        /// The construct, e.g. "the <%def> tag" or "the function `zip`".
        construct: String,
    },

    /// Evaluating the template failed as it would in Mako (undefined name,
    /// wrong type, ...).
    #[error(
        "{location}: template rendering failed: {message}\n{snippet}",
        snippet = location.snippet()
    )]
    Render {
        /// Where.
        location: Box<SourceLocation>,
        /// What went wrong, in Python's terms.
        message: String,
    },
}

/// A parsed template, ready to render any number of times.
#[derive(Debug)]
pub struct Template {
    path: PathBuf,
    source: String,
    body: Vec<compile::Node>,
    module_blocks: Vec<compile::CodeBlock>,
}

impl Template {
    /// Parse `source`; `path` is used in error messages.
    pub fn parse(path: &Path, source: &str) -> Result<Template, TemplateError> {
        // Mako decodes the file and drops a UTF-8 byte order mark.
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let (body, module_blocks) = compile::compile(path, source)?;
        Ok(Template {
            path: path.to_path_buf(),
            source: source.to_string(),
            body,
            module_blocks,
        })
    }

    /// Render with `context`.
    pub fn render(&self, context: &TemplateContext<'_>) -> Result<String, TemplateError> {
        render::render(self, context)
    }

    /// The path given to [`Template::parse`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn locate(&self, start: usize, end: usize) -> Box<SourceLocation> {
        Box::new(SourceLocation::new(&self.path, &self.source, start, end))
    }
}

#[cfg(test)]
mod tests;
