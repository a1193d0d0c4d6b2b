//! Length rules for index and constraint names (SQLAlchemy's
//! `_truncate_and_render_maxlen_name`): names written in the revision must fit
//! the database's limit, names SQLAlchemy generates are shortened with a hash.

use md5::{Digest, Md5};

use super::{DialectKind, RenderError};
use crate::ops::Op;
use crate::schema::Constraint;

/// The longest identifier SQLAlchemy accepts for the database.
pub(crate) fn max_identifier_length(kind: DialectKind) -> usize {
    match kind {
        DialectKind::Sqlite => 9999,
        DialectKind::Postgresql => 63,
        DialectKind::Mysql => 255,
    }
}

/// The length generated index names are cut to.
fn max_index_name_length(kind: DialectKind) -> usize {
    match kind {
        DialectKind::Mysql => 64,
        _ => max_identifier_length(kind),
    }
}

/// An explicit index / constraint name must fit.
fn check(kind: DialectKind, name: &str) -> Result<(), RenderError> {
    let max = max_identifier_length(kind);
    if name.chars().count() > max {
        return Err(RenderError::IdentifierTooLong {
            name: name.to_string(),
            max,
        });
    }
    Ok(())
}

/// A generated index or constraint name (`ix_<table>_<column>`, an `op.f()`
/// or naming-convention name), shortened as SQLAlchemy does when it is too
/// long for the database: the first `max - 8` characters, `_`, the last four
/// hex digits of its MD5.
pub fn generated_index_name(kind: DialectKind, name: &str) -> String {
    let max = max_index_name_length(kind);
    if name.chars().count() <= max {
        return name.to_string();
    }
    let digest = Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let head: String = name.chars().take(max.saturating_sub(8)).collect();
    format!("{head}_{}", &hex[hex.len() - 4..])
}

/// Checks every explicit index and constraint name an operation renders.
pub(crate) fn check_op(kind: DialectKind, op: &Op) -> Result<(), RenderError> {
    let mut names: Vec<&str> = Vec::new();
    match op {
        Op::CreateTable {
            columns,
            constraints,
            ..
        } => {
            for c in constraints {
                let name = match c {
                    Constraint::PrimaryKey { name, .. }
                    | Constraint::Unique { name, .. }
                    | Constraint::Check { name, .. } => name.as_deref(),
                    Constraint::ForeignKey(fk) => fk.name.as_deref(),
                };
                names.extend(name);
            }
            for c in columns {
                names.extend(c.foreign_keys.iter().filter_map(|f| f.name.as_deref()));
            }
        }
        Op::AddColumn { column, .. } => {
            names.extend(column.foreign_keys.iter().filter_map(|f| f.name.as_deref()));
        }
        Op::CreateIndex { name, .. }
        | Op::DropIndex { name, .. }
        | Op::DropConstraint { name, .. } => names.push(name),
        Op::CreateUniqueConstraint { name, .. }
        | Op::CreateCheckConstraint { name, .. }
        | Op::CreatePrimaryKey { name, .. } => names.extend(name.as_deref()),
        Op::CreateForeignKey { key, .. } => names.extend(key.name.as_deref()),
        _ => {}
    }
    names.into_iter().try_for_each(|n| check(kind, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_are_shortened_with_a_hash() {
        let long = "ix_a_table_with_a_rather_long_name_for_testing_truncation_and_a_long_column_name_as_well";
        assert_eq!(
            generated_index_name(DialectKind::Postgresql, long),
            "ix_a_table_with_a_rather_long_name_for_testing_truncati_3e1c"
        );
        assert_eq!(generated_index_name(DialectKind::Sqlite, long), long);
    }
}
