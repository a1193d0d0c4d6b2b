//! Splitting a URL string into its parts with the grammar of SQLAlchemy's
//! `make_url`, then checking what aludel needs on top of it.

use std::sync::OnceLock;

use regex::Regex;

use super::error::{mask_unparsed, UrlError};
use super::quoting::{parse_query_pairs, unquote};
use super::{DatabaseUrl, Dialect, Password};

/// The URL grammar. Same shape and same greediness as SQLAlchemy's pattern:
/// the user info needs an `@`; a password may hold anything but `@`; a host is
/// either `[ipv6]` or a run without `/`, `:` and `?`; the port runs to the
/// next `/` or `?`; the database runs to the `?`.
fn grammar() -> &'static Regex {
    static GRAMMAR: OnceLock<Regex> = OnceLock::new();
    GRAMMAR.get_or_init(|| {
        Regex::new(
            r"(?x)
            ^(?P<name>[\w+]+)://
            (?:
                (?P<username>[^:/]*)
                (?::(?P<password>[^@]*))?
            @)?
            (?:
                (?:
                    \[(?P<ipv6host>[^/?]+)\] |
                    (?P<ipv4host>[^/:?]+)
                )?
                (?::(?P<port>[^/?]*))?
            )?
            (?:/(?P<database>[^?]*))?
            (?:\?(?P<query>.*))?
            ",
        )
        .expect("the URL grammar is a valid regular expression")
    })
}

/// Parses `raw` (see [`DatabaseUrl::parse`]).
pub(super) fn parse(raw: &str) -> Result<DatabaseUrl, UrlError> {
    let masked = || mask_unparsed(raw).unwrap_or_else(|| "(not shown)".to_string());
    let Some(caps) = grammar().captures(raw) else {
        return Err(if raw.contains("://") {
            UrlError::InvalidScheme { url: masked() }
        } else {
            UrlError::NotAUrl
        });
    };
    let text = |name: &str| caps.name(name).map(|m| m.as_str());

    let drivername = text("name").unwrap_or_default().to_string();
    let username = text("username").map(unquote);
    let password = text("password").map(|p| Password(unquote(p)));
    let host = match (text("ipv4host"), text("ipv6host")) {
        (Some(v4), _) => Some(v4.to_string()),
        (None, Some(v6)) => Some(v6.to_string()),
        (None, None) => None,
    };
    if let Some(host) = &host {
        if host.starts_with('[') {
            return Err(UrlError::UnclosedIpv6Host { url: masked() });
        }
        if host.contains('@') {
            return Err(UrlError::AtSignInHost { url: masked() });
        }
    }
    let port = match text("port") {
        None => None,
        Some(port) => Some(parse_port(port).ok_or_else(|| UrlError::InvalidPort {
            host: host.clone().unwrap_or_default(),
        })?),
    };
    let database = text("database").map(unquote);
    let mut query: Vec<(String, Vec<String>)> = Vec::new();
    for (key, value) in parse_query_pairs(text("query").unwrap_or_default()) {
        match query.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value),
            None => query.push((key, vec![value])),
        }
    }

    let mut url = DatabaseUrl {
        drivername,
        dialect: Dialect::Sqlite,
        is_mariadb: false,
        username,
        password,
        host,
        port,
        database,
        query,
    };
    let (backend, driver) = match url.drivername.split_once('+') {
        Some((backend, driver)) => (backend, Some(driver)),
        None => (url.drivername.as_str(), None),
    };
    if backend.is_empty() || driver.is_some_and(|d| d.is_empty() || d.contains('+')) {
        return Err(UrlError::InvalidDriver {
            url: url.redacted(),
            drivername: url.drivername.clone(),
        });
    }
    (url.dialect, url.is_mariadb) = match backend {
        "sqlite" => (Dialect::Sqlite, false),
        "postgresql" | "postgres" => (Dialect::Postgresql, false),
        "mysql" => (Dialect::Mysql, false),
        "mariadb" => (Dialect::Mysql, true),
        other => {
            return Err(UrlError::UnsupportedDialect {
                url: url.redacted(),
                dialect: other.to_string(),
            })
        }
    };
    if url.dialect == Dialect::Sqlite
        && (url.username.is_some()
            || url.password.is_some()
            || url.host.is_some()
            || url.port.is_some())
    {
        return Err(UrlError::SqliteWithAuthority {
            url: url.redacted(),
        });
    }
    Ok(url)
}

/// A port: ASCII digits only, at most 65535.
fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
