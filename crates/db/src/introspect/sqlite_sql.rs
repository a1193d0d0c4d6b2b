//! Parsing the CREATE TABLE text SQLite keeps in `sqlite_master`, for what
//! its PRAGMAs do not tell: constraint names, CHECK constraints, foreign
//! key actions, and UNIQUE constraints as opposed to unique indexes. The
//! patterns follow SQLAlchemy's SQLite reflection, so the same tables give
//! the same answers.

use std::sync::OnceLock;

use regex::Regex;

fn cached(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
    })
}

/// The name of a `CONSTRAINT name PRIMARY KEY` clause.
pub(crate) fn primary_key_name(sql: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r#"(?is)CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+PRIMARY\s+KEY"#,
    );
    let caps = re.captures(sql)?;
    caps.get(1)
        .or_else(|| caps.get(2))
        .map(|m| m.as_str().to_string())
}

/// Column names of a column list (`a, "b c"`).
pub(crate) fn columns_in(sig: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached(&RE, r#"(?i)(?:"(.+?)")|([a-z0-9_]+)"#);
    re.captures_iter(sig)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// A FOREIGN KEY clause found in the table text.
#[derive(Debug, Clone)]
pub(crate) struct ParsedForeignKey {
    /// `CONSTRAINT name`.
    pub(crate) name: Option<String>,
    /// Local columns.
    pub(crate) columns: Vec<String>,
    /// Referred table.
    pub(crate) referent: String,
    /// Referred columns (the local ones when not written).
    pub(crate) referent_columns: Vec<String>,
    /// `ON DELETE` other than NO ACTION.
    pub(crate) ondelete: Option<String>,
    /// `ON UPDATE` other than NO ACTION.
    pub(crate) onupdate: Option<String>,
    /// `DEFERRABLE` / `NOT DEFERRABLE`.
    pub(crate) deferrable: Option<bool>,
    /// `INITIALLY ...`.
    pub(crate) initially: Option<String>,
}

/// Every table-level FOREIGN KEY clause, in text order.
pub(crate) fn foreign_keys(sql: &str) -> Vec<ParsedForeignKey> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached(
        &RE,
        concat!(
            r#"(?i)(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?"#,
            r"FOREIGN\s+KEY\s*\(\s*(.+?)\s*\)\s+",
            r#"REFERENCES\s+(?:(?:"(.+?)")|([a-z0-9_]+))\s*\(\s*((?:"[^"]+"|[a-z0-9_]+)(?:(?:\s*,\s*|\s+)(?:"[^"]+"|[a-z0-9_]+))*\s*)\)\s*"#,
            r"((?:ON\s+(?:DELETE|UPDATE)\s+",
            r"(?:SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|",
            r"NO\s+ACTION)\s*)*)",
            r"((?:NOT\s+)?DEFERRABLE)?",
            r"(?:\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?"
        ),
    );
    let text = |c: &regex::Captures, i: usize| c.get(i).map(|m| m.as_str().to_string());
    re.captures_iter(sql)
        .map(|c| {
            let columns = columns_in(&text(&c, 3).unwrap_or_default());
            let referent_columns = match text(&c, 6) {
                Some(r) if !r.is_empty() => columns_in(&r),
                _ => columns.clone(),
            };
            let actions = text(&c, 7).unwrap_or_default().to_uppercase();
            let actions = actions.split_whitespace().collect::<Vec<_>>().join(" ");
            let (mut ondelete, mut onupdate) = (None, None);
            for token in actions.split("ON ").map(str::trim) {
                let value = |t: &str| {
                    let v = t.trim().to_string();
                    (!v.is_empty() && v != "NO ACTION").then_some(v)
                };
                if let Some(rest) = token.strip_prefix("DELETE") {
                    ondelete = value(rest);
                } else if let Some(rest) = token.strip_prefix("UPDATE") {
                    onupdate = value(rest);
                }
            }
            ParsedForeignKey {
                name: text(&c, 1).or_else(|| text(&c, 2)),
                columns,
                referent: text(&c, 4).or_else(|| text(&c, 5)).unwrap_or_default(),
                referent_columns,
                ondelete,
                onupdate,
                deferrable: text(&c, 8).map(|d| !d.to_uppercase().contains("NOT")),
                initially: text(&c, 9).map(|i| i.to_uppercase()),
            }
        })
        .collect()
}

/// UNIQUE clauses: table-level ones (with their names) then inline
/// `col TYPE UNIQUE` ones, as (name, columns).
pub(crate) fn uniques(sql: &str) -> Vec<(Option<String>, Vec<String>)> {
    static TABLE: OnceLock<Regex> = OnceLock::new();
    static INLINE: OnceLock<Regex> = OnceLock::new();
    let table = cached(
        &TABLE,
        r#"(?i)(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?UNIQUE\s*\((.+?)\)"#,
    );
    let inline = cached(
        &INLINE,
        r#"(?i)(?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?)[\t ]+[a-z0-9_]+(?:[\t ]+[a-z0-9_]+)*?[\t ]+UNIQUE"#,
    );
    let mut out = Vec::new();
    for c in table.captures_iter(sql) {
        let name = c
            .get(1)
            .or_else(|| c.get(2))
            .map(|m| m.as_str().to_string());
        out.push((name, columns_in(c.get(3).map_or("", |m| m.as_str()))));
    }
    for c in inline.captures_iter(sql) {
        let cols = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        out.push((None, columns_in(cols)));
    }
    out
}

/// CHECK constraints as (name, condition text), named ones first by name.
pub(crate) fn checks(sql: &str) -> Vec<(Option<String>, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r#"(?i)(?:CONSTRAINT\s+("(?:[^"]|"")+"|'(?:[^']|'')+'|\[(?:[^\]]|\]\])+\]|`(?:[^`]|``)+`|\S+)\s+)?CHECK\s*\("#,
    );
    let mut out = Vec::new();
    for c in re.captures_iter(sql) {
        let Some(whole) = c.get(0) else { continue };
        // CHECK must not end an identifier (a table called "tableCHECK"):
        // look at the character before the keyword, which ends the match
        // before its spaces and parenthesis.
        let keyword_end = whole.start() + whole.as_str().trim_end_matches('(').trim_end().len();
        let before = keyword_end
            .checked_sub("CHECK".len())
            .and_then(|at| sql.get(..at))
            .and_then(|head| head.chars().next_back());
        if before.is_some_and(|ch| ch.is_alphanumeric() || ch == '_') {
            continue;
        }
        let name = c.get(1).map(|m| unquote(m.as_str()));
        let open = whole.end() - 1;
        if let Some(close) = matching_paren(sql, open) {
            out.push((name, sql[whole.end()..close].trim().to_string()));
        }
    }
    out.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

/// A name without its surrounding quotes (`"x"`, `'x'`, `` `x` ``, `[x]`).
fn unquote(name: &str) -> String {
    let pairs = [('"', '"'), ('\'', '\''), ('`', '`'), ('[', ']')];
    for (open, close) in pairs {
        if name.len() >= 2 && name.starts_with(open) && name.ends_with(close) {
            return name[1..name.len() - 1].to_string();
        }
    }
    name.to_string()
}

/// The byte offset of the `)` matching the `(` at `open`, skipping quoted
/// strings (`''` and `""` escape their quote).
pub(crate) fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => {
                if bytes.get(i + 1) == Some(&q) {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' => depth += 1,
                b')' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// The `WHERE` condition of a partial index's text.
pub(crate) fn partial_where(index_sql: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached(&RE, r"(?is)\)\s+where\s+(.+)");
    re.captures(index_sql)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// SQLAlchemy's spelling of a declared SQLite type (its
/// `_resolve_type_affinity`, then the type compiled back to DDL).
pub(crate) fn type_spelling(declared: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    static DIGITS: OnceLock<Regex> = OnceLock::new();
    let re = cached(&RE, r"^([\w ]+)(\(.*?\))?");
    let digits = cached(&DIGITS, r"\d+");
    let upper = declared.to_uppercase();
    let (name, args) = match re.captures(&upper) {
        Some(c) => (
            c.get(1).map_or("", |m| m.as_str()).to_string(),
            c.get(2).map(|m| m.as_str().to_string()),
        ),
        None => (String::new(), None),
    };
    let known = [
        ("BIGINT", "BIGINT"),
        ("BLOB", "BLOB"),
        ("BOOL", "BOOLEAN"),
        ("BOOLEAN", "BOOLEAN"),
        ("CHAR", "CHAR"),
        ("DATE", "DATE"),
        ("DATE_CHAR", "DATE"),
        ("DATETIME", "DATETIME"),
        ("DATETIME_CHAR", "DATETIME"),
        ("DOUBLE", "DOUBLE"),
        ("DECIMAL", "DECIMAL"),
        ("FLOAT", "FLOAT"),
        ("INT", "INTEGER"),
        ("INTEGER", "INTEGER"),
        ("JSON", "JSON"),
        ("JSONB", "JSONB"),
        ("NUMERIC", "NUMERIC"),
        ("REAL", "REAL"),
        ("SMALLINT", "SMALLINT"),
        ("TEXT", "TEXT"),
        ("TIME", "TIME"),
        ("TIME_CHAR", "TIME"),
        ("TIMESTAMP", "TIMESTAMP"),
        ("VARCHAR", "VARCHAR"),
        ("NVARCHAR", "NVARCHAR"),
        ("NCHAR", "NCHAR"),
    ];
    let base = match known.iter().find(|(k, _)| *k == name) {
        Some((_, spelled)) => *spelled,
        None if name.contains("INT") => "INTEGER",
        None if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") => "TEXT",
        None if name.contains("BLOB") || name.is_empty() => "NULL",
        None if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") => "REAL",
        None => "NUMERIC",
    };
    let nums: Vec<String> = args
        .map(|a| {
            digits
                .find_iter(&a)
                .map(|m| m.as_str().to_string())
                .collect()
        })
        .unwrap_or_default();
    // Which types take which arguments when SQLAlchemy instantiates them
    // with the reflected numbers (too many: it warns and uses none).
    let max_args = match base {
        "VARCHAR" | "CHAR" | "NVARCHAR" | "NCHAR" | "TEXT" | "FLOAT" | "REAL" | "DOUBLE" => 1,
        "NUMERIC" | "DECIMAL" => 2,
        _ => 0,
    };
    if base == "NULL" {
        // No type SQLAlchemy knows (a column declared without one, or a
        // BLOB-like name): SQLAlchemy's NullType, which it cannot render, so
        // Alembic's rebuild fails. aludel declares the column without a
        // type, which keeps SQLite's BLOB affinity.
        return String::new();
    }
    if nums.is_empty() || nums.len() > max_args {
        return base.to_string();
    }
    match base {
        // FLOAT(p) keeps its precision; REAL/DOUBLE compile without it.
        "REAL" | "DOUBLE" => base.to_string(),
        _ => format!("{base}({})", nums.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_sqlalchemy_compiles_them() {
        assert_eq!(type_spelling("varchar(10)"), "VARCHAR(10)");
        assert_eq!(type_spelling("INT"), "INTEGER");
        assert_eq!(type_spelling("NUMERIC(10, 2)"), "NUMERIC(10, 2)");
        assert_eq!(type_spelling("UNSIGNED BIG INT"), "INTEGER");
        assert_eq!(type_spelling("CLOB"), "TEXT");
        assert_eq!(type_spelling("MONEY"), "NUMERIC");
        assert_eq!(type_spelling(""), "");
        assert_eq!(type_spelling("MYBLOB"), "");
    }

    #[test]
    fn checks_foreign_keys_and_uniques_are_found() {
        let sql = "CREATE TABLE t (id INTEGER NOT NULL, a VARCHAR(3) UNIQUE, c INT UNIQUE, b INT, \
                   CONSTRAINT pk_t PRIMARY KEY (id), CONSTRAINT ck_b CHECK (b IN (1, ')')), \
                   CHECK (b > 0), CONSTRAINT fk_b FOREIGN KEY(b) REFERENCES p (id) ON DELETE CASCADE, \
                   UNIQUE (b))";
        assert_eq!(primary_key_name(sql).as_deref(), Some("pk_t"));
        let cks = checks(sql);
        assert_eq!(
            cks[0],
            (Some("ck_b".to_string()), "b IN (1, ')')".to_string())
        );
        assert_eq!(cks[1], (None, "b > 0".to_string()));
        let fks = foreign_keys(sql);
        assert_eq!(fks.len(), 1);
        assert_eq!(fks[0].name.as_deref(), Some("fk_b"));
        assert_eq!(fks[0].ondelete.as_deref(), Some("CASCADE"));
        let uqs = uniques(sql);
        assert!(uqs.contains(&(None, vec!["b".to_string()])));
        assert!(uqs.contains(&(None, vec!["c".to_string()])));
        assert!(checks("CREATE TABLE \"tableCHECK\" (x INT, CHECK (x > 0))").len() == 1);
        // Non-ASCII text around a CHECK must not trip the scan.
        assert_eq!(
            checks("CREATE TABLE ß (\"ßß\" INT CHECK (\"ßß\" <> 'ẞ'))").len(),
            1
        );
        // As in SQLAlchemy, an inline UNIQUE after a type with arguments is not seen.
        assert!(!uqs.iter().any(|(_, cols)| cols == &vec!["a".to_string()]));
    }

    #[test]
    fn odd_table_text_never_panics() {
        let samples = [
            "",
            "CHECK (",
            "CHECK ((('",
            "CONSTRAINT \"\" CHECK ()",
            "CONSTRAINT [x CHECK (a)",
            "ẞCHECK (x)",
            "ß CHECK (\"ß\"\"\" > ')')",
            "FOREIGN KEY () REFERENCES () ON DELETE",
            "UNIQUE (\"",
            "CONSTRAINT ü PRIMARY KEY",
            "VARCHAR(99999999999999999999)",
            "(((",
        ];
        for text in samples {
            let _ = (
                checks(text),
                uniques(text),
                foreign_keys(text),
                primary_key_name(text),
            );
            let _ = (type_spelling(text), partial_where(text), columns_in(text));
        }
        assert_eq!(
            type_spelling("VARCHAR(99999999999999999999)"),
            "VARCHAR(99999999999999999999)"
        );
    }
}
