//! Python front end of aludel: reads revision file headers with a real
//! Python parser, finds revision files the way Alembic does, evaluates
//! revision bodies without Python, reads SQLModel / SQLAlchemy model
//! modules statically, renders `script.py.mako` templates and names and
//! writes new revision files.
//!
//! - [`header`]: a revision file's source text → [`aludel_core::Revision`].
//! - [`body`]: `upgrade()` / `downgrade()` evaluated without Python into operations.
//! - [`discovery`]: version locations → the revision files, read in
//!   Alembic's load order.
//! - [`template`]: the subset of Mako that `script.py.mako` files use.
//! - [`revision_file_name`](mod@revision_file_name): rev id check, message slug, `file_template`.
//! - [`revision_template`]: the variables Alembic passes to
//!   `script.py.mako`, and rendering a new revision file.
//! - [`writer`]: operations → the Python text of a revision's
//!   `upgrade()` / `downgrade()` body, as Alembic's autogenerate writes it.
//! - [`models`]: model modules → the schema `create_all` would make.
//! - [`location`], [`revision_file_error`]: `file:line:col` positions and
//!   the errors of reading revision files.
//! - [`percent_format`], [`pydatetime`], [`pystr`]: Python semantics
//!   (`%` formatting, `datetime`, `str`) that these need exactly.

#![warn(missing_docs)]

pub mod body;
pub mod discovery;
pub mod edit;
pub mod header;
mod keywords;
pub mod location;
pub mod models;
pub mod percent_format;
pub mod pydatetime;
pub mod pystr;
pub mod revision_file_error;
pub mod revision_file_name;
pub mod revision_template;
pub mod template;
pub mod writer;

pub use body::{BodyContext, BodyError, BodyErrorKind, LocatedOp, RevisionBody};
pub use discovery::{
    list_revision_files, load_revisions, load_revisions_with_sources, read_revision_file,
    DiscoveryOptions, LoadedRevisions, RevisionFileEntry, RevisionFileKind, RevisionFileListing,
};
pub use header::{read_revision, read_revision_with, ParseExtent};
pub use location::SourceLocation;
pub use pydatetime::PyDateTime;
pub use revision_file_error::RevisionFileError;
pub use revision_file_name::{
    revision_file_name, slugify, validate_rev_id, FileTemplateError, InvalidRevisionId,
    DEFAULT_FILE_TEMPLATE, DEFAULT_TRUNCATE_SLUG_LENGTH,
};
pub use revision_template::{render_revision_file, RevisionValues};
pub use template::{ConfigLookup, ConfigQuery, Template, TemplateContext, TemplateError, Value};
pub use writer::{write_ops, WriteError, WriteOptions, WrittenBody};
