//! Python front end of aludel: reads revision file headers with a real
//! Python parser, finds revision files the way Alembic does, renders
//! `script.py.mako` templates and writes new revision files.
//!
//! - [`header`]: a revision file's source text → [`aludel_core::Revision`].
//! - [`discovery`]: version locations → the revision files, read in
//!   Alembic's load order.

pub mod discovery;
pub mod header;
pub mod location;
pub mod pystr;
pub mod revision_file_error;

pub use discovery::{list_revision_files, load_revisions, DiscoveryOptions, LoadedRevisions};
pub use header::{read_revision, read_revision_with, ParseExtent};
pub use location::SourceLocation;
pub use revision_file_error::RevisionFileError;
