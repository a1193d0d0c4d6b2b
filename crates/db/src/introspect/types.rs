//! Catalog type spellings to structured [`SqlType`]s, per database, named
//! as SQLAlchemy's reflection names them (its `ischema_names`), so that a
//! reflected `character varying(20)` and a model's `sa.VARCHAR(20)` are
//! the same value. A spelling with no structured form becomes
//! [`SqlType::Reflected`] with the spelling given on each function.

use aludel_core::schema::{EnumType, MysqlType, PostgresqlType, SqlType, UpperType};

/// Splits `name(args) rest` into its parts: `args` is the text between
/// the first `(` and its `)` (the last `)` when `greedy`, for value lists
/// that may hold parentheses inside quotes).
fn split_args(text: &str, greedy: bool) -> (&str, Option<&str>, &str) {
    let Some(open) = text.find('(') else {
        return (text.trim(), None, "");
    };
    let close = if greedy {
        text.rfind(')')
    } else {
        text[open..].find(')').map(|i| i + open)
    };
    match close {
        Some(close) if close > open => (
            text[..open].trim(),
            Some(&text[open + 1..close]),
            text[close + 1..].trim(),
        ),
        _ => (text.trim(), None, ""),
    }
}

/// Comma-separated numbers; `None` when one is not a number.
fn numbers(args: &str) -> Option<Vec<u32>> {
    args.split(',').map(|a| a.trim().parse().ok()).collect()
}

/// Zero or one number argument: `Ok(None)` without arguments, `Err` when
/// the arguments are anything else.
fn one_number(args: Option<&str>) -> Result<Option<u32>, ()> {
    match args {
        None => Ok(None),
        Some(a) => match numbers(a).as_deref() {
            Some([n]) => Ok(Some(*n)),
            _ => Err(()),
        },
    }
}

/// Zero, one or two number arguments (precision, scale).
fn two_numbers(args: Option<&str>) -> Result<(Option<u32>, Option<u32>), ()> {
    match args {
        None => Ok((None, None)),
        Some(a) => match numbers(a).as_deref() {
            Some([p]) => Ok((Some(*p), None)),
            Some([p, s]) => Ok((Some(*p), Some(*s))),
            _ => Err(()),
        },
    }
}

/// A PostgreSQL column type from `format_type()` and the catalog facts
/// the text alone does not tell: whether the type is an array
/// (`typcategory = 'A'`), whether its element type lives in `pg_catalog`,
/// and, for an enum element type, the enum.
///
/// Unknown built-in types (`money`, `bit(3)`, `timestamp(3) with time
/// zone`, `int4range`...) are `Reflected` with the `format_type()` text
/// upper-cased, which is how SQLAlchemy compiles the types it reflects
/// them as; user-defined types that are not enums (composites, ranges)
/// keep `format_type()`'s text as it is, since their names are
/// identifiers.
pub(crate) fn postgres_type(
    text: &str,
    is_array: bool,
    builtin: bool,
    enum_: Option<EnumType>,
) -> SqlType {
    if is_array {
        let element = text.strip_suffix("[]").unwrap_or(text);
        return SqlType::Postgresql(PostgresqlType::Array(Box::new(postgres_type(
            element, false, builtin, enum_,
        ))));
    }
    if let Some(e) = enum_ {
        return SqlType::Postgresql(PostgresqlType::Enum(e));
    }
    if !builtin {
        return SqlType::Reflected(text.to_string());
    }
    postgres_builtin(text).unwrap_or_else(|| SqlType::Reflected(text.to_uppercase()))
}

fn postgres_builtin(text: &str) -> Option<SqlType> {
    use SqlType::Upper;
    Some(match text {
        "integer" => Upper(UpperType::Integer),
        "bigint" => Upper(UpperType::BigInt),
        "smallint" => Upper(UpperType::SmallInt),
        "text" => Upper(UpperType::Text),
        "boolean" => Upper(UpperType::Boolean),
        "date" => Upper(UpperType::Date),
        "real" => Upper(UpperType::Real),
        "double precision" => Upper(UpperType::DoublePrecision),
        "json" => Upper(UpperType::Json),
        "uuid" => Upper(UpperType::Uuid),
        "time without time zone" => Upper(UpperType::Time),
        "time with time zone" => SqlType::Time { timezone: true },
        "timestamp without time zone" => {
            SqlType::Postgresql(PostgresqlType::Timestamp { timezone: false })
        }
        "timestamp with time zone" => {
            SqlType::Postgresql(PostgresqlType::Timestamp { timezone: true })
        }
        "jsonb" => SqlType::Postgresql(PostgresqlType::Jsonb),
        "bytea" => SqlType::Postgresql(PostgresqlType::Bytea),
        "inet" => SqlType::Postgresql(PostgresqlType::Inet),
        "interval" => SqlType::Interval,
        _ => {
            let (name, args, rest) = split_args(text, false);
            if !rest.is_empty() {
                return None;
            }
            match name {
                "character varying" => Upper(UpperType::Varchar(one_number(args).ok()?)),
                "character" | "bpchar" => Upper(UpperType::Char(one_number(args).ok()?)),
                "numeric" => {
                    let (p, s) = two_numbers(args).ok()?;
                    Upper(UpperType::Numeric(p, s))
                }
                _ => return None,
            }
        }
    })
}

/// The values of a MySQL `enum(...)` / `set(...)` list as
/// `information_schema.COLUMNS.COLUMN_TYPE` writes them: single-quoted,
/// a quote doubled and a backslash escaped (`'it''s','a\\b'`); `None`
/// when the list is not of that shape.
pub(crate) fn mysql_enum_values(list: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = list.trim().chars().peekable();
    if chars.peek().is_none() {
        return Some(values);
    }
    loop {
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.push(match chars.next()? {
                    '0' => '\0',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'Z' => '\u{1a}',
                    other => other,
                }),
                c => value.push(c),
            }
        }
        values.push(value);
        match chars.next() {
            None => return Some(values),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

/// A MySQL / MariaDB column type from `COLUMN_TYPE` (`int(11)`,
/// `varchar(20)`, `enum('a','b')`, `int(10) unsigned`).
///
/// Display widths of the integer types are dropped (MySQL 8 no longer
/// reports them) except for `tinyint(N)`, where `tinyint(1)` is how MySQL
/// spells a boolean. Types without a structured form are `Reflected` as
/// SQLAlchemy's MySQL compiler would write them: the name upper-cased
/// (`int` as `INTEGER`), the arguments as given, then `UNSIGNED` /
/// `ZEROFILL` (`INTEGER UNSIGNED`, `TINYINT(3) UNSIGNED`, `TIME(3)`,
/// `FLOAT(7,3)`, `VARBINARY(16)`, `SET('a','b')`, `YEAR`); a spelling with
/// unbalanced parentheses is kept as it is.
pub(crate) fn mysql_type(column_type: &str) -> SqlType {
    let text = column_type.trim();
    let lower_name = text
        .split(|c: char| c == '(' || c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let greedy = matches!(lower_name.as_str(), "enum" | "set");
    let (_, args, rest) = split_args(text, greedy);
    if args.is_none() && text.contains('(') {
        // Unbalanced: nothing to read structure from.
        return SqlType::Reflected(text.to_string());
    }
    let rest = rest.to_ascii_lowercase();
    let attributes: Vec<&str> = rest.split_whitespace().collect();
    let spelled_name = match lower_name.as_str() {
        "int" => "INTEGER".to_string(),
        other => other.to_uppercase(),
    };
    let reflected = || {
        let mut s = spelled_name.clone();
        if let Some(a) = args {
            s.push_str(&format!("({a})"));
        }
        for attr in &attributes {
            s.push(' ');
            s.push_str(&attr.to_uppercase());
        }
        SqlType::Reflected(s)
    };
    let is_int = matches!(
        lower_name.as_str(),
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint"
    );
    if !attributes.is_empty() {
        if is_int && lower_name != "tinyint" {
            // The display width goes, as for the signed types.
            let mut s = spelled_name.clone();
            for attr in &attributes {
                s.push(' ');
                s.push_str(&attr.to_uppercase());
            }
            return SqlType::Reflected(s);
        }
        return reflected();
    }
    if is_int && one_number(args).is_err() {
        return reflected();
    }
    use SqlType::{Mysql, Upper};
    let structured = match lower_name.as_str() {
        "tinyint" => one_number(args).ok().map(|w| Mysql(MysqlType::Tinyint(w))),
        "smallint" => Some(Upper(UpperType::SmallInt)),
        "mediumint" => Some(Mysql(MysqlType::Mediumint(None))),
        "int" | "integer" => Some(Upper(UpperType::Integer)),
        "bigint" => Some(Upper(UpperType::BigInt)),
        "varchar" => one_number(args).ok().map(|n| Upper(UpperType::Varchar(n))),
        "char" => one_number(args).ok().map(|n| Upper(UpperType::Char(n))),
        "text" if args.is_none() => Some(Upper(UpperType::Text)),
        "tinytext" if args.is_none() => Some(Mysql(MysqlType::Tinytext)),
        "mediumtext" if args.is_none() => Some(Mysql(MysqlType::Mediumtext)),
        "longtext" if args.is_none() => Some(Mysql(MysqlType::Longtext)),
        "datetime" => one_number(args).ok().map(|f| Mysql(MysqlType::Datetime(f))),
        "timestamp" => one_number(args)
            .ok()
            .map(|f| Mysql(MysqlType::Timestamp(f))),
        "date" if args.is_none() => Some(Upper(UpperType::Date)),
        "time" if args.is_none() => Some(Upper(UpperType::Time)),
        "decimal" | "numeric" => two_numbers(args)
            .ok()
            .map(|(p, s)| Upper(UpperType::Decimal(p, s))),
        "float" if args.is_none() => Some(Upper(UpperType::Float)),
        "double" if args.is_none() => Some(Upper(UpperType::Double)),
        "enum" => args
            .and_then(mysql_enum_values)
            .map(|v| Mysql(MysqlType::Enum(v))),
        "json" if args.is_none() => Some(Upper(UpperType::Json)),
        "blob" if args.is_none() => Some(Upper(UpperType::Blob)),
        "mediumblob" if args.is_none() => Some(Mysql(MysqlType::Mediumblob)),
        "longblob" if args.is_none() => Some(Mysql(MysqlType::Longblob)),
        "uuid" if args.is_none() => Some(Upper(UpperType::Uuid)),
        _ => None,
    };
    structured.unwrap_or_else(reflected)
}

/// A SQLite column type from its declared spelling (SQLite keeps the
/// CREATE TABLE text's type as written), by the names SQLAlchemy's SQLite
/// dialect knows, plus `DOUBLE PRECISION` and `UUID` (what SQLAlchemy's
/// `Double` / `Uuid` types write there).
///
/// Declared names SQLAlchemy does not know are not resolved by SQLite's
/// affinity rules (which SQLAlchemy applies: `UNSIGNED BIG INT` as
/// `INTEGER`): they are `Reflected` with the declared text upper-cased,
/// blanks collapsed (`MEDIUMINT`, `NCHAR(10)`, `CLOB`); a column declared
/// without a type is `Reflected("")`. Integer display widths (`INT(11)`)
/// are dropped.
pub(crate) fn sqlite_type(declared: &str) -> SqlType {
    let normal = declared
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let (name, args, rest) = split_args(&normal, false);
    let reflected = || SqlType::Reflected(normal.clone());
    if !rest.is_empty() {
        return reflected();
    }
    use SqlType::Upper;
    let bare = |t: UpperType| args.is_none().then_some(Upper(t));
    let structured = match name {
        "INTEGER" | "INT" => one_number(args).ok().map(|_| Upper(UpperType::Integer)),
        "BIGINT" => one_number(args).ok().map(|_| Upper(UpperType::BigInt)),
        "SMALLINT" => one_number(args).ok().map(|_| Upper(UpperType::SmallInt)),
        "VARCHAR" => one_number(args).ok().map(|n| Upper(UpperType::Varchar(n))),
        "CHAR" => one_number(args).ok().map(|n| Upper(UpperType::Char(n))),
        "NVARCHAR" => one_number(args).ok().map(|n| Upper(UpperType::Nvarchar(n))),
        "TEXT" => bare(UpperType::Text),
        "BOOLEAN" | "BOOL" => bare(UpperType::Boolean),
        "DATETIME" => bare(UpperType::Datetime),
        "DATE" => bare(UpperType::Date),
        "TIME" => bare(UpperType::Time),
        "TIMESTAMP" => bare(UpperType::Timestamp { timezone: false }),
        "FLOAT" => bare(UpperType::Float),
        "REAL" => bare(UpperType::Real),
        "DOUBLE" => bare(UpperType::Double),
        "DOUBLE PRECISION" => bare(UpperType::DoublePrecision),
        "NUMERIC" => two_numbers(args)
            .ok()
            .map(|(p, s)| Upper(UpperType::Numeric(p, s))),
        "DECIMAL" => two_numbers(args)
            .ok()
            .map(|(p, s)| Upper(UpperType::Decimal(p, s))),
        "BLOB" => bare(UpperType::Blob),
        "JSON" => bare(UpperType::Json),
        "UUID" => bare(UpperType::Uuid),
        _ => None,
    };
    structured.unwrap_or_else(reflected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> SqlType {
        SqlType::Reflected(s.into())
    }

    #[test]
    fn postgres_types() {
        let pg = |t: &str| postgres_type(t, false, true, None);
        assert_eq!(
            pg("character varying(20)"),
            SqlType::Upper(UpperType::Varchar(Some(20)))
        );
        assert_eq!(
            pg("character varying"),
            SqlType::Upper(UpperType::Varchar(None))
        );
        assert_eq!(pg("character(3)"), SqlType::Upper(UpperType::Char(Some(3))));
        assert_eq!(
            pg("numeric(10,2)"),
            SqlType::Upper(UpperType::Numeric(Some(10), Some(2)))
        );
        assert_eq!(
            pg("numeric"),
            SqlType::Upper(UpperType::Numeric(None, None))
        );
        assert_eq!(
            pg("timestamp with time zone"),
            SqlType::Postgresql(PostgresqlType::Timestamp { timezone: true })
        );
        assert_eq!(
            pg("timestamp(3) with time zone"),
            r("TIMESTAMP(3) WITH TIME ZONE")
        );
        assert_eq!(pg("money"), r("MONEY"));
        assert_eq!(pg("character varying(x)"), r("CHARACTER VARYING(X)"));
        assert_eq!(
            postgres_type("integer[]", true, true, None),
            SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::Upper(
                UpperType::Integer
            ))))
        );
        assert_eq!(
            postgres_type("\"My Type\"", false, false, None),
            r("\"My Type\"")
        );
        let e = EnumType::new(Some("mood"), &["a"]);
        assert_eq!(
            postgres_type("mood[]", true, false, Some(e.clone())),
            SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::Postgresql(
                PostgresqlType::Enum(e)
            ))))
        );
    }

    #[test]
    fn mysql_types() {
        assert_eq!(mysql_type("int(11)"), SqlType::Upper(UpperType::Integer));
        assert_eq!(mysql_type("bigint(20)"), SqlType::Upper(UpperType::BigInt));
        assert_eq!(
            mysql_type("tinyint(1)"),
            SqlType::Mysql(MysqlType::Tinyint(Some(1)))
        );
        assert_eq!(
            mysql_type("mediumint(9)"),
            SqlType::Mysql(MysqlType::Mediumint(None))
        );
        assert_eq!(mysql_type("int(10) unsigned"), r("INTEGER UNSIGNED"));
        assert_eq!(
            mysql_type("tinyint(3) unsigned zerofill"),
            r("TINYINT(3) UNSIGNED ZEROFILL")
        );
        assert_eq!(
            mysql_type("datetime(6)"),
            SqlType::Mysql(MysqlType::Datetime(Some(6)))
        );
        assert_eq!(
            mysql_type("timestamp"),
            SqlType::Mysql(MysqlType::Timestamp(None))
        );
        assert_eq!(
            mysql_type("decimal(10,2)"),
            SqlType::Upper(UpperType::Decimal(Some(10), Some(2)))
        );
        assert_eq!(mysql_type("time(3)"), r("TIME(3)"));
        assert_eq!(mysql_type("float(7,3)"), r("FLOAT(7,3)"));
        assert_eq!(mysql_type("varbinary(16)"), r("VARBINARY(16)"));
        assert_eq!(mysql_type("set('a','b')"), r("SET('a','b')"));
        assert_eq!(
            mysql_type("enum('a','it''s','b\\\\c','x,y','p)q','')"),
            SqlType::Mysql(MysqlType::Enum(vec![
                "a".into(),
                "it's".into(),
                "b\\c".into(),
                "x,y".into(),
                "p)q".into(),
                "".into()
            ]))
        );
        assert_eq!(mysql_type("enum('a"), r("enum('a"));
        assert_eq!(mysql_type("uuid"), SqlType::Upper(UpperType::Uuid));
        assert_eq!(mysql_type(""), r(""));
    }

    #[test]
    fn sqlite_types() {
        assert_eq!(sqlite_type("int"), SqlType::Upper(UpperType::Integer));
        assert_eq!(sqlite_type("INT(11)"), SqlType::Upper(UpperType::Integer));
        assert_eq!(
            sqlite_type("varchar (10)"),
            SqlType::Upper(UpperType::Varchar(Some(10)))
        );
        assert_eq!(
            sqlite_type("double   precision"),
            SqlType::Upper(UpperType::DoublePrecision)
        );
        assert_eq!(
            sqlite_type("NUMERIC(10, 2)"),
            SqlType::Upper(UpperType::Numeric(Some(10), Some(2)))
        );
        assert_eq!(sqlite_type("unsigned big int"), r("UNSIGNED BIG INT"));
        assert_eq!(sqlite_type("VARCHAR(1,2)"), r("VARCHAR(1,2)"));
        assert_eq!(sqlite_type(""), r(""));
        assert_eq!(sqlite_type("TEXT(5)"), r("TEXT(5)"));
    }

    #[test]
    fn odd_spellings_never_panic() {
        for s in [
            "(",
            ")",
            "()",
            "a(b",
            "enum(",
            "enum(')",
            "x) y (",
            "ß(ü)",
            "numeric(,)",
        ] {
            let _ = (
                mysql_type(s),
                sqlite_type(s),
                postgres_type(s, false, true, None),
                postgres_type(s, true, true, None),
                mysql_enum_values(s),
            );
        }
    }
}
