//! Final names from `op.f()`: SQLAlchemy shortens an `op.f()` index or
//! constraint name that is too long for the database (where it would reject
//! a plain name) to its first `max - 8` characters, `_` and the last four
//! hex digits of the MD5 of the whole name.

use aludel_core::dialect::DialectKind;
use md5::{Digest, Md5};

/// The longest index / constraint name SQLAlchemy lets through for the database.
fn max_name_length(kind: DialectKind) -> usize {
    match kind {
        DialectKind::Sqlite => 9999,
        DialectKind::Postgresql => 63,
        DialectKind::Mysql => 64,
    }
}

/// The name an `op.f(name)` index or constraint gets on `kind`.
pub(crate) fn truncate_conv(kind: DialectKind, name: &str) -> String {
    let max = max_name_length(kind);
    if name.chars().count() <= max {
        return name.to_string();
    }
    let digest = Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let head: String = name.chars().take(max - 8).collect();
    format!("{head}_{}", &hex[hex.len() - 4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_conv_names_get_a_hash_suffix() {
        let long = "ix_a_table_with_a_rather_long_name_for_testing_truncation_and_a_long_column_name_as_well";
        let pg = truncate_conv(DialectKind::Postgresql, long);
        assert_eq!(
            pg,
            "ix_a_table_with_a_rather_long_name_for_testing_truncati_3e1c"
        );
        assert_eq!(pg.len(), 60);
        assert_eq!(truncate_conv(DialectKind::Mysql, long).len(), 61);
        assert_eq!(truncate_conv(DialectKind::Sqlite, long), long);
        assert_eq!(
            truncate_conv(DialectKind::Postgresql, "ix_short"),
            "ix_short"
        );
    }
}
