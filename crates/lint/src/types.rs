//! Column types as the rules compare them: what a database stores, read
//! from the type's SQL spelling. An operation's type is compiled by the
//! target's renderer first, so `sa.String(50)` and `VARCHAR(50)` from raw
//! SQL become the same value.

use aludel_core::schema::SqlType;
use serde::Serialize;

use crate::target::Target;

/// A column type's storage facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeFacts {
    /// VARCHAR, with its length when bounded.
    Varchar(Option<u32>),
    /// CHAR(n).
    Char(Option<u32>),
    /// TEXT and its MySQL sizes (`rank`: tiny 0, text 1, medium 2, long 3).
    Text {
        /// Size class.
        rank: u8,
    },
    /// An integer of `bytes` bytes.
    Integer {
        /// Storage size.
        bytes: u8,
    },
    /// NUMERIC / DECIMAL.
    Numeric {
        /// Precision.
        precision: Option<u32>,
        /// Scale.
        scale: Option<u32>,
    },
    /// MySQL's inline ENUM, with its values in order.
    Enum(Vec<String>),
    /// TIMESTAMP / DATETIME.
    Timestamp {
        /// With time zone.
        timezone: bool,
    },
    /// Anything else, by its lower-case spelling.
    Other(String),
}

impl TypeFacts {
    /// The facts of an operation's type on `target` (its compiled SQL).
    pub fn of(ty: &SqlType, target: Target) -> TypeFacts {
        let dialect = match target {
            Target::Mariadb => aludel_core::dialect::mariadb_for(false),
            other => other.kind().dialect(),
        };
        match dialect.compile_type(ty) {
            Ok(sql) => TypeFacts::parse(&sql),
            Err(_) => TypeFacts::Other(format!("{ty:?}").to_ascii_lowercase()),
        }
    }

    /// The facts of a type's SQL spelling (`VARCHAR(50)`, `character
    /// varying`, `ENUM('a','b')`, `timestamp with time zone`).
    pub fn parse(sql: &str) -> TypeFacts {
        let text = sql.trim().to_ascii_lowercase();
        let (head, args) = match text.find('(') {
            Some(open) => {
                let close = text.rfind(')').unwrap_or(text.len());
                (
                    format!("{} {}", &text[..open], text.get(close + 1..).unwrap_or("")),
                    text.get(open + 1..close).unwrap_or(""),
                )
            }
            None => (text.clone(), ""),
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        let numbers: Vec<Option<u32>> = args.split(',').map(|a| a.trim().parse().ok()).collect();
        let first = numbers.first().copied().flatten();
        match words.first().copied().unwrap_or("") {
            "varchar" | "nvarchar" | "varchar2" => TypeFacts::Varchar(first),
            "character" | "char" | "nchar" if words.get(1) == Some(&"varying") => {
                TypeFacts::Varchar(first)
            }
            "character" | "char" | "nchar" | "bpchar" => TypeFacts::Char(first),
            "tinytext" => TypeFacts::Text { rank: 0 },
            "text" | "clob" => TypeFacts::Text { rank: 1 },
            "mediumtext" => TypeFacts::Text { rank: 2 },
            "longtext" => TypeFacts::Text { rank: 3 },
            "tinyint" => TypeFacts::Integer { bytes: 1 },
            "smallint" | "int2" => TypeFacts::Integer { bytes: 2 },
            "mediumint" => TypeFacts::Integer { bytes: 3 },
            "int" | "integer" | "int4" | "serial" => TypeFacts::Integer { bytes: 4 },
            "bigint" | "int8" | "bigserial" => TypeFacts::Integer { bytes: 8 },
            "numeric" | "decimal" => TypeFacts::Numeric {
                precision: first,
                scale: numbers.get(1).copied().flatten(),
            },
            "enum" => TypeFacts::Enum(enum_values(args)),
            "timestamptz" => TypeFacts::Timestamp { timezone: true },
            "timestamp" | "datetime" => TypeFacts::Timestamp {
                timezone: words.windows(2).any(|w| w == ["with", "time"]),
            },
            _ => TypeFacts::Other(text),
        }
    }
}

/// The quoted values of `'a', 'b'` (doubled quotes unescaped).
fn enum_values(args: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut chars = args.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    value.push('\'');
                } else {
                    break;
                }
            } else {
                value.push(c);
            }
        }
        values.push(value);
    }
    values
}

/// Whether changing a column from `from` to `to` keeps the rows as they
/// are on `target` (no rewrite, no table copy), as each database's manual
/// says: PostgreSQL widens VARCHAR and NUMERIC precision and turns VARCHAR
/// into TEXT in place; MySQL widens VARCHAR in place while the length
/// prefix keeps its size (255 bytes, 63 characters of utf8mb4) and appends
/// ENUM values at the end instantly.
pub fn keeps_rows(from: &TypeFacts, to: &TypeFacts, target: Target) -> bool {
    use TypeFacts::*;
    if from == to {
        return true;
    }
    match target {
        Target::Postgresql => match (from, to) {
            (Varchar(Some(a)), Varchar(Some(b))) => b >= a,
            (Varchar(_), Varchar(None)) | (Varchar(_), Text { .. }) => true,
            (Text { .. }, Varchar(None)) => true,
            (
                Numeric {
                    precision: Some(p),
                    scale: s,
                },
                Numeric {
                    precision: Some(q),
                    scale: t,
                },
            ) => q >= p && s == t,
            (
                Numeric { .. },
                Numeric {
                    precision: None, ..
                },
            ) => true,
            _ => false,
        },
        Target::Mysql | Target::Mariadb => match (from, to) {
            (Varchar(Some(a)), Varchar(Some(b))) => {
                const ONE_BYTE_PREFIX: u32 = 63;
                b >= a && ((*a <= ONE_BYTE_PREFIX) == (*b <= ONE_BYTE_PREFIX))
            }
            (Enum(old), Enum(new)) => new.len() >= old.len() && new.starts_with(old),
            _ => false,
        },
        Target::Sqlite => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_read_as_the_same_facts() {
        assert_eq!(
            TypeFacts::parse("VARCHAR(50)"),
            TypeFacts::Varchar(Some(50))
        );
        assert_eq!(
            TypeFacts::parse("character varying(50)"),
            TypeFacts::Varchar(Some(50))
        );
        assert_eq!(
            TypeFacts::parse("TIMESTAMP WITH TIME ZONE"),
            TypeFacts::Timestamp { timezone: true }
        );
        assert_eq!(
            TypeFacts::parse("ENUM('a','it''s')"),
            TypeFacts::Enum(vec!["a".into(), "it's".into()])
        );
        assert_eq!(
            TypeFacts::parse("NUMERIC(10, 2)"),
            TypeFacts::Numeric {
                precision: Some(10),
                scale: Some(2)
            }
        );
        assert_eq!(
            TypeFacts::of(
                &SqlType::String {
                    length: Some(20),
                    collation: None
                },
                Target::Postgresql
            ),
            TypeFacts::Varchar(Some(20))
        );
    }

    #[test]
    fn widening_is_in_place_where_the_manuals_say() {
        let v = |n| TypeFacts::Varchar(Some(n));
        assert!(keeps_rows(&v(20), &v(40), Target::Postgresql));
        assert!(!keeps_rows(&v(40), &v(20), Target::Postgresql));
        assert!(keeps_rows(&v(20), &v(60), Target::Mysql));
        assert!(!keeps_rows(&v(60), &v(70), Target::Mariadb));
        assert!(!keeps_rows(
            &TypeFacts::Integer { bytes: 4 },
            &TypeFacts::Integer { bytes: 8 },
            Target::Postgresql
        ));
        let e = |v: &[&str]| TypeFacts::Enum(v.iter().map(|s| s.to_string()).collect());
        assert!(keeps_rows(
            &e(&["a", "b"]),
            &e(&["a", "b", "c"]),
            Target::Mysql
        ));
        assert!(!keeps_rows(&e(&["a", "b"]), &e(&["b", "a"]), Target::Mysql));
    }
}
