//! Errors from reading a database URL. None of them ever holds a password:
//! URLs are kept only in a masked form (see [`mask_unparsed`]).

use thiserror::Error;

/// Why a string is not a usable database URL.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UrlError {
    /// No `<dialect>://` at the start. The value itself is not shown, since a
    /// misplaced secret is a likely cause.
    #[error(
        "the database URL is not a URL: it must look like \
         dialect[+driver]://user:password@host:port/database \
         (for example postgresql://app@localhost/app or sqlite:///app.db)"
    )]
    NotAUrl,

    /// The text before `://` is not a dialect name.
    #[error(
        "the database URL {url} does not start with a dialect name: the part before \
         '://' may only hold letters, digits, '_' and '+' (for example postgresql+psycopg)"
    )]
    InvalidScheme {
        /// The URL with credentials masked.
        url: String,
    },

    /// `dialect+driver+more`, or `dialect+` with nothing after the `+`.
    #[error(
        "the database URL {url} has a malformed driver name '{drivername}': \
         write dialect or dialect+driver, for example postgresql+asyncpg"
    )]
    InvalidDriver {
        /// The URL with credentials masked.
        url: String,
        /// The text before `://`.
        drivername: String,
    },

    /// The port is empty, not a number, or out of range. The port text is not
    /// shown: a password written without its `@` can land there.
    #[error(
        "the database URL for host '{host}' has an invalid port: after ':' there must be \
         a number from 0 to 65535 (percent-encode a ':' in the user name as %3A)"
    )]
    InvalidPort {
        /// The host the port belongs to.
        host: String,
    },

    /// An `[` IPv6 host without its `]`.
    #[error("the database URL {url} has an IPv6 host without its closing ']'")]
    UnclosedIpv6Host {
        /// The URL with credentials masked.
        url: String,
    },

    /// An `@` left in the host: part of the credentials was not percent-encoded.
    #[error(
        "the database URL {url} has an '@' in its host: percent-encode '@' in the \
         user name or password as %40"
    )]
    AtSignInHost {
        /// The URL with credentials masked (everything before the last `@`).
        url: String,
    },

    /// A dialect aludel has no driver for.
    #[error(
        "the database URL {url} uses the dialect '{dialect}', which aludel does not support; \
         use sqlite, postgresql (or postgres), mysql or mariadb"
    )]
    UnsupportedDialect {
        /// The URL, password masked.
        url: String,
        /// The dialect name as written.
        dialect: String,
    },

    /// An SQLite URL that names a user, password, host or port.
    #[error(
        "the SQLite URL {url} must not have a user, password, host or port: use \
         sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite:// (in memory)"
    )]
    SqliteWithAuthority {
        /// The URL, password masked.
        url: String,
    },
}

/// Masks what could be a password in a string that did not parse as a URL:
/// everything between the first `:` of the part after `://` and the last `@`
/// becomes `***`. Returns `None` when there is no `://`, in which case the
/// string must not be shown at all.
pub(crate) fn mask_unparsed(raw: &str) -> Option<String> {
    let (scheme, rest) = raw.split_once("://")?;
    let Some(at) = rest.rfind('@') else {
        return Some(raw.to_string());
    };
    let (userinfo, after) = rest.split_at(at);
    let user = match userinfo.split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        None => userinfo.to_string(),
    };
    Some(format!("{scheme}://{user}{after}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_unparsed_urls() {
        assert_eq!(mask_unparsed("secret"), None);
        assert_eq!(
            mask_unparsed("pg sql://u:p@ss@h/d").as_deref(),
            Some("pg sql://u:***@h/d")
        );
        assert_eq!(mask_unparsed("x://h/d").as_deref(), Some("x://h/d"));
        assert_eq!(mask_unparsed("x://u@h").as_deref(), Some("x://u@h"));
    }
}
