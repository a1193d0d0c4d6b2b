//! Column types: `sa.Integer`, `sa.String(50)`, `postgresql.JSONB`,
//! `sqlmodel.sql.sqltypes.AutoString()`... written as a class or called.

use aludel_core::schema::{
    DialectOnlyType, EnumType, MysqlType, PostgresqlType, SqlType, SqliteType, UpperType,
};

use super::args::Args;
use super::calls::Ns;
use super::error::BodyError;
use super::interp::Interp;
use super::value::{LambdaShape, Value};

impl Interp<'_> {
    /// The type `ns.name(*args)` builds, or `None` when `name` is no type.
    pub(crate) fn make_type(
        &self,
        ns: Ns,
        name: &str,
        args: &mut Args,
    ) -> Result<Option<SqlType>, BodyError> {
        let t = match ns {
            Ns::SqlModel => match name {
                "AutoString" => SqlType::AutoString {
                    length: self.opt_len(args, 0, "length")?,
                },
                "GUID" => SqlType::Guid,
                "UTCDateTime" => {
                    let _ = args.kw("timezone");
                    SqlType::UtcDateTime
                }
                _ => return self.make_type(Ns::Sa, name, args),
            },
            Ns::Pg => match name {
                "JSONB" => {
                    // Python-side only: how `->>` results are typed.
                    let _ = args.kw("astext_type");
                    let _ = args.kw("none_as_null");
                    SqlType::Postgresql(PostgresqlType::Jsonb)
                }
                "UUID" => {
                    let _ = args.get(0, "as_uuid");
                    SqlType::Postgresql(PostgresqlType::Uuid)
                }
                "ARRAY" => {
                    SqlType::Postgresql(PostgresqlType::Array(Box::new(self.item_type(args)?)))
                }
                "TIMESTAMP" => SqlType::Postgresql(PostgresqlType::Timestamp {
                    timezone: self.timezone(args)?,
                }),
                "ENUM" => SqlType::Postgresql(PostgresqlType::Enum(self.enum_type(args, true)?)),
                "INET" => SqlType::Postgresql(PostgresqlType::Inet),
                "BYTEA" => SqlType::Postgresql(PostgresqlType::Bytea),
                "DOUBLE_PRECISION" => {
                    let _ = args.get(0, "precision");
                    SqlType::Postgresql(PostgresqlType::DoublePrecision)
                }
                "JSON" => {
                    let _ = args.kw("astext_type");
                    let _ = args.kw("none_as_null");
                    SqlType::Json
                }
                // `TIME WITH TIME ZONE` is what sa.Time(timezone=True) compiles
                // to as well, on PostgreSQL and (as plain TIME) elsewhere.
                "TIME" => {
                    self.allow_only(args, Some(1), "precision", |v| matches!(v, Value::None))?;
                    if self.timezone(args)? {
                        SqlType::Time { timezone: true }
                    } else {
                        SqlType::Upper(UpperType::Time)
                    }
                }
                _ => match self.postgresql_only(name, args)? {
                    Some(t) => SqlType::Postgresql(PostgresqlType::Other(t)),
                    None => return self.make_type(Ns::Sa, name, args),
                },
            },
            Ns::My if self.mysql_options_given(name, args) => {
                SqlType::Mysql(MysqlType::Other(self.mysql_with_options(name, args)?))
            }
            Ns::My => match name {
                "TINYINT" => SqlType::Mysql(MysqlType::Tinyint(self.opt_len(
                    args,
                    0,
                    "display_width",
                )?)),
                "LONGTEXT" => SqlType::Mysql(MysqlType::Longtext),
                "MEDIUMTEXT" => SqlType::Mysql(MysqlType::Mediumtext),
                "DATETIME" => {
                    let _ = args.kw("timezone");
                    SqlType::Mysql(MysqlType::Datetime(self.opt_len(args, 0, "fsp")?))
                }
                "ENUM" => {
                    let e = self.enum_type(args, false)?;
                    SqlType::Mysql(MysqlType::Enum(e.values))
                }
                // Without fsp it stays the upper-case TIMESTAMP, which every
                // database's renderer compiles (SQLAlchemy compiles
                // mysql.TIMESTAMP everywhere too).
                "TIMESTAMP" => match self.opt_len(args, 1, "fsp")? {
                    Some(fsp) => {
                        // MySQL has no time zone aware type; SQLAlchemy's
                        // compiler ignores the flag there.
                        let _ = self.timezone(args)?;
                        SqlType::Mysql(MysqlType::Timestamp(Some(fsp)))
                    }
                    None => return self.make_type(Ns::Sa, name, args),
                },
                "TINYTEXT" => SqlType::Mysql(MysqlType::Tinytext),
                "MEDIUMINT" => SqlType::Mysql(MysqlType::Mediumint(self.opt_len(
                    args,
                    0,
                    "display_width",
                )?)),
                "LONGBLOB" => SqlType::Mysql(MysqlType::Longblob),
                "MEDIUMBLOB" => SqlType::Mysql(MysqlType::Mediumblob),
                _ => match self.mysql_only(name, args)? {
                    Some(t) => SqlType::Mysql(MysqlType::Other(t)),
                    None => return self.make_type(Ns::Sa, name, args),
                },
            },
            Ns::Lite => match name {
                "JSON" => SqlType::Sqlite(SqliteType::Json),
                _ => return self.make_type(Ns::Sa, name, args),
            },
            Ns::Sa => match name {
                "Integer" => SqlType::Integer,
                "BigInteger" => SqlType::BigInteger,
                "SmallInteger" => SqlType::SmallInteger,
                "INTEGER" | "INT" => SqlType::Upper(UpperType::Integer),
                "BIGINT" => SqlType::Upper(UpperType::BigInt),
                "SMALLINT" => SqlType::Upper(UpperType::SmallInt),
                "String" => {
                    let length = self.opt_len(args, 0, "length")?;
                    let collation = self.opt_str_arg(args, 1, "collation")?;
                    SqlType::String { length, collation }
                }
                "Text" => {
                    self.allow_only(args, Some(0), "length", |v| matches!(v, Value::None))?;
                    SqlType::Text {
                        collation: self.opt_str_arg(args, 1, "collation")?,
                    }
                }
                "TEXT" => {
                    self.no_collation(args)?;
                    SqlType::Upper(UpperType::Text)
                }
                "VARCHAR" => {
                    let l = self.opt_len(args, 0, "length")?;
                    self.no_collation(args)?;
                    SqlType::Upper(UpperType::Varchar(l))
                }
                "CHAR" => {
                    let l = self.opt_len(args, 0, "length")?;
                    self.no_collation(args)?;
                    SqlType::Upper(UpperType::Char(l))
                }
                "NVARCHAR" => SqlType::Upper(UpperType::Nvarchar(self.opt_len(args, 0, "length")?)),
                "Unicode" => SqlType::Unicode {
                    length: self.opt_len(args, 0, "length")?,
                },
                "UnicodeText" => SqlType::UnicodeText,
                "Boolean" => {
                    if let Some((v, r)) = args.kw("create_constraint") {
                        if self.boolean((v, r), "create_constraint")? {
                            return Err(self.err(r, "sa.Boolean(create_constraint=True) is not supported by aludel", "drop the argument, or add the CHECK constraint with op.create_check_constraint"));
                        }
                    }
                    let _ = args.kw("name");
                    SqlType::Boolean
                }
                "BOOLEAN" => SqlType::Upper(UpperType::Boolean),
                "Date" => SqlType::Date,
                "DATE" => SqlType::Upper(UpperType::Date),
                "DateTime" => SqlType::DateTime {
                    timezone: self.timezone(args)?,
                },
                "DATETIME" => {
                    self.allow_only(args, Some(0), "timezone", |v| {
                        matches!(v, Value::Bool(false))
                    })?;
                    SqlType::Upper(UpperType::Datetime)
                }
                "TIMESTAMP" => SqlType::Upper(UpperType::Timestamp {
                    timezone: self.timezone(args)?,
                }),
                "Time" => SqlType::Time {
                    timezone: self.timezone(args)?,
                },
                "TIME" => {
                    self.allow_only(args, Some(0), "timezone", |v| {
                        matches!(v, Value::Bool(false))
                    })?;
                    SqlType::Upper(UpperType::Time)
                }
                "Float" => {
                    let precision = self.opt_len(args, 0, "precision")?;
                    let _ = args.kw("asdecimal");
                    SqlType::Float { precision }
                }
                "FLOAT" => {
                    self.allow_only(args, Some(0), "precision", |v| matches!(v, Value::None))?;
                    SqlType::Upper(UpperType::Float)
                }
                "REAL" => SqlType::Upper(UpperType::Real),
                "Double" => {
                    let _ = args.kw("asdecimal");
                    SqlType::Double
                }
                "DOUBLE" => SqlType::Upper(UpperType::Double),
                "DOUBLE_PRECISION" => {
                    let _ = args.get(0, "precision");
                    SqlType::Upper(UpperType::DoublePrecision)
                }
                "Numeric" => {
                    let precision = self.opt_len(args, 0, "precision")?;
                    let scale = self.opt_len(args, 1, "scale")?;
                    let _ = args.kw("asdecimal");
                    SqlType::Numeric { precision, scale }
                }
                "NUMERIC" => SqlType::Upper(UpperType::Numeric(
                    self.opt_len(args, 0, "precision")?,
                    self.opt_len(args, 1, "scale")?,
                )),
                "DECIMAL" => SqlType::Upper(UpperType::Decimal(
                    self.opt_len(args, 0, "precision")?,
                    self.opt_len(args, 1, "scale")?,
                )),
                "Enum" => SqlType::Enum(self.enum_type(args, false)?),
                "Uuid" => {
                    let as_uuid = match args.get(0, "as_uuid") {
                        Some(a) => self.boolean(a, "as_uuid")?,
                        None => true,
                    };
                    self.allow_only(args, None, "native_uuid", |v| {
                        matches!(v, Value::Bool(true))
                    })?;
                    SqlType::Uuid { as_uuid }
                }
                "UUID" => {
                    let _ = args.get(0, "as_uuid");
                    SqlType::Upper(UpperType::Uuid)
                }
                "JSON" => {
                    let _ = args.kw("none_as_null");
                    SqlType::Json
                }
                "LargeBinary" => SqlType::LargeBinary {
                    length: self.opt_len(args, 0, "length")?,
                },
                "BLOB" => SqlType::Upper(UpperType::Blob),
                "Interval" => SqlType::Interval,
                "ARRAY" => SqlType::Array(Box::new(self.item_type(args)?)),
                "PickleType" => SqlType::PickleType,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(t))
    }

    /// A value used as a column type: a type object, or a type class.
    pub(crate) fn to_type(
        &self,
        v: Value,
        range: ruff_text_size::TextRange,
    ) -> Result<SqlType, BodyError> {
        match v {
            Value::Type(t) => Ok(*t),
            Value::Path(p) => {
                let (ns, name) = super::calls::classify(&p);
                let mut none = Args::new(range, Vec::new(), Vec::new());
                match self.make_type(ns, name, &mut none)? {
                    Some(t) => Ok(t),
                    None => Err(self.err(
                        range,
                        format!("`{p}` is not a column type aludel knows"),
                        "use a SQLAlchemy type (sa.String(50), sa.Integer(), postgresql.JSONB()...), or create the column with op.execute(\"ALTER TABLE ...\")",
                    )),
                }
            }
            Value::Error(e) => Err(*e),
            other => Err(self.err(
                range,
                format!("{} used as a column type", other.kind()),
                "pass a SQLAlchemy type such as sa.String(50)",
            )),
        }
    }

    fn item_type(&self, args: &mut Args) -> Result<SqlType, BodyError> {
        let Some((v, r)) = args.get(0, "item_type") else {
            return Err(self.err(
                args.range,
                "ARRAY() needs an item type",
                "write e.g. sa.ARRAY(sa.Integer())",
            ));
        };
        self.allow_only(args, None, "dimensions", |v| matches!(v, Value::None))?;
        self.to_type(v, r)
    }

    /// Takes argument `name` (positional `i` when given), which aludel
    /// supports only with the values `ok` accepts (those that change no DDL).
    pub(crate) fn allow_only(
        &self,
        args: &mut Args,
        i: Option<usize>,
        name: &str,
        ok: fn(&Value) -> bool,
    ) -> Result<(), BodyError> {
        let arg = match i {
            Some(i) => args.get(i, name),
            None => args.kw(name),
        };
        match arg {
            Some((v, r)) if !ok(&v) => Err(self.err(
                r,
                format!("`{name}` with {} is not supported by aludel here", v.kind()),
                "leave the argument out, or write the DDL with op.execute(\"...\")",
            )),
            _ => Ok(()),
        }
    }

    fn timezone(&self, args: &mut Args) -> Result<bool, BodyError> {
        match args.get(0, "timezone") {
            Some(a) => self.boolean(a, "timezone"),
            None => Ok(false),
        }
    }

    fn no_collation(&self, args: &mut Args) -> Result<(), BodyError> {
        if let Some((v, r)) = args.get(1, "collation") {
            if !matches!(v, Value::None) {
                return Err(self.err(
                    r,
                    "collation= on an upper-case type is not supported by aludel",
                    "use sa.String(n, collation=...) instead",
                ));
            }
        }
        Ok(())
    }

    /// The types of `sqlalchemy.dialects.postgresql` that only PostgreSQL
    /// compiles, as SQLAlchemy 2.1's PostgreSQL compiler prints them.
    fn postgresql_only(
        &self,
        name: &str,
        args: &mut Args,
    ) -> Result<Option<DialectOnlyType>, BodyError> {
        const PLAIN: &[&str] = &[
            "TSVECTOR",
            "TSQUERY",
            "CIDR",
            "MACADDR",
            "MACADDR8",
            "MONEY",
            "OID",
            "REGCLASS",
            "REGCONFIG",
            "JSONPATH",
            "INT4RANGE",
            "INT8RANGE",
            "NUMRANGE",
            "DATERANGE",
            "TSRANGE",
            "TSTZRANGE",
            "INT4MULTIRANGE",
            "INT8MULTIRANGE",
            "NUMMULTIRANGE",
            "DATEMULTIRANGE",
            "TSMULTIRANGE",
            "TSTZMULTIRANGE",
        ];
        let only = |args: String, sql: String| DialectOnlyType {
            class: name.to_string(),
            args,
            sql,
        };
        Ok(Some(match name {
            _ if PLAIN.contains(&name) => only(String::new(), name.to_string()),
            // Python-side options only: how values are converted.
            "HSTORE" => {
                let _ = args.get(0, "text_type");
                only(String::new(), "HSTORE".into())
            }
            "CITEXT" => {
                self.allow_only(args, Some(0), "length", |v| matches!(v, Value::None))?;
                only(String::new(), "CITEXT".into())
            }
            "INTERVAL" => {
                let precision = self.opt_len(args, 0, "precision")?;
                let fields = self.opt_str_arg(args, 1, "fields")?;
                let mut sql = String::from("INTERVAL");
                let mut written = Vec::new();
                if let Some(f) = &fields {
                    sql.push(' ');
                    sql.push_str(f);
                }
                if let Some(p) = precision {
                    sql.push_str(&format!(" ({p})"));
                    written.push(format!("precision={p}"));
                }
                if let Some(f) = &fields {
                    written.push(format!("fields={}", crate::pystr::repr_str(f)));
                }
                only(written.join(", "), sql)
            }
            "BIT" => {
                let length = self.opt_len(args, 0, "length")?;
                let varying = match args.get(1, "varying") {
                    Some(a) => self.boolean(a, "varying")?,
                    None => false,
                };
                let (sql, written) = match (varying, length) {
                    (true, Some(n)) => (format!("BIT VARYING({n})"), format!("{n}, varying=True")),
                    (true, None) => ("BIT VARYING".to_string(), "varying=True".to_string()),
                    (false, n) => {
                        let n = n.unwrap_or(1);
                        (format!("BIT({n})"), n.to_string())
                    }
                };
                only(written, sql)
            }
            _ => return Ok(None),
        }))
    }

    /// Whether a MySQL numeric or string type is given options only MySQL
    /// has (`display_width`, `unsigned`, `zerofill`, `charset`,
    /// `collation`, `binary`, `national`...), as reflected types in
    /// autogenerated downgrades are (`mysql.INTEGER(display_width=11)`).
    fn mysql_options_given(&self, name: &str, args: &Args) -> bool {
        let numeric = ["unsigned", "zerofill"];
        let string = [
            "charset",
            "collation",
            "binary",
            "national",
            "ascii",
            "unicode",
        ];
        match name {
            "INTEGER" | "INT" | "BIGINT" | "SMALLINT" => {
                args.has_pos(0)
                    || args.has_kw("display_width")
                    || numeric.iter().any(|k| args.has_kw(k))
            }
            "TINYINT" | "MEDIUMINT" | "DECIMAL" | "NUMERIC" | "DOUBLE" | "FLOAT" | "REAL" => {
                numeric.iter().any(|k| args.has_kw(k))
            }
            "VARCHAR" | "CHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" => {
                string.iter().any(|k| args.has_kw(k))
            }
            _ => false,
        }
    }

    /// A MySQL numeric or string type with MySQL's options, as its
    /// compiler prints it (`INTEGER(11) UNSIGNED ZEROFILL`, `VARCHAR(20)
    /// CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`, `NATIONAL CHAR(3)`).
    fn mysql_with_options(
        &self,
        name: &str,
        args: &mut Args,
    ) -> Result<DialectOnlyType, BodyError> {
        let spelled = if name == "INT" { "INTEGER" } else { name };
        let mut written = Vec::new();
        let mut sql = spelled.to_string();
        let flag = |args: &mut Args, key: &str| -> Result<bool, BodyError> {
            match args.kw(key) {
                Some(a) => self.boolean(a, key),
                None => Ok(false),
            }
        };
        match name {
            "VARCHAR" | "CHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" => {
                if matches!(name, "VARCHAR" | "CHAR" | "TEXT") {
                    if let Some(n) = self.opt_len(args, 0, "length")? {
                        sql.push_str(&format!("({n})"));
                        written.push(format!("length={n}"));
                    }
                }
                let charset = self.opt_str_arg(args, usize::MAX, "charset")?;
                let collation = self.opt_str_arg(args, usize::MAX, "collation")?;
                let binary = flag(args, "binary")?;
                let national = flag(args, "national")?;
                let ascii = flag(args, "ascii")?;
                let unicode = flag(args, "unicode")?;
                let charset_sql = match (&charset, ascii, unicode) {
                    (Some(c), _, _) => Some(format!("CHARACTER SET {c}")),
                    (None, true, _) => Some("ASCII".to_string()),
                    (None, false, true) => Some("UNICODE".to_string()),
                    _ => None,
                };
                let collation_sql = match (&collation, binary) {
                    (Some(c), _) => Some(format!("COLLATE {c}")),
                    (None, true) => Some("BINARY".to_string()),
                    _ => None,
                };
                let parts: Vec<String> = if national {
                    [
                        Some("NATIONAL".to_string()),
                        Some(sql.clone()),
                        collation_sql,
                    ]
                    .into_iter()
                    .flatten()
                    .collect()
                } else {
                    [Some(sql.clone()), charset_sql, collation_sql]
                        .into_iter()
                        .flatten()
                        .collect()
                };
                sql = parts.join(" ");
                for (key, value) in [("charset", &charset), ("collation", &collation)] {
                    if let Some(v) = value {
                        written.push(format!("{key}={}", crate::pystr::repr_str(v)));
                    }
                }
                for (key, on) in [
                    ("binary", binary),
                    ("national", national),
                    ("ascii", ascii),
                    ("unicode", unicode),
                ] {
                    if on {
                        written.push(format!("{key}=True"));
                    }
                }
            }
            _ => {
                if matches!(name, "DECIMAL" | "NUMERIC" | "DOUBLE" | "FLOAT" | "REAL") {
                    let precision = self.opt_len(args, 0, "precision")?;
                    let scale = self.opt_len(args, 1, "scale")?;
                    let _ = args.kw("asdecimal");
                    let _ = args.kw("decimal_return_scale");
                    match (precision, scale) {
                        (Some(p), Some(s)) => {
                            sql.push_str(&format!("({p}, {s})"));
                            written.push(format!("precision={p}, scale={s}"));
                        }
                        (Some(p), None) if name != "DOUBLE" && name != "REAL" => {
                            sql.push_str(&format!("({p})"));
                            written.push(format!("precision={p}"));
                        }
                        _ => {}
                    }
                } else if let Some(n) = self.opt_len(args, 0, "display_width")? {
                    sql.push_str(&format!("({n})"));
                    written.push(format!("display_width={n}"));
                }
                for key in ["unsigned", "zerofill"] {
                    if flag(args, key)? {
                        sql.push_str(&format!(" {}", key.to_ascii_uppercase()));
                        written.push(format!("{key}=True"));
                    }
                }
            }
        }
        Ok(DialectOnlyType {
            class: name.to_string(),
            args: written.join(", "),
            sql,
        })
    }

    /// The types of `sqlalchemy.dialects.mysql` that only MySQL compiles,
    /// as SQLAlchemy 2.1's MySQL compiler prints them.
    fn mysql_only(
        &self,
        name: &str,
        args: &mut Args,
    ) -> Result<Option<DialectOnlyType>, BodyError> {
        let only = |args: String, sql: String| DialectOnlyType {
            class: name.to_string(),
            args,
            sql,
        };
        let sized =
            |args: &mut Args, keyword: &str, spelled: &str| -> Result<DialectOnlyType, BodyError> {
                Ok(match self.opt_len(args, 0, keyword)? {
                    Some(n) => only(n.to_string(), format!("{spelled}({n})")),
                    None => only(String::new(), spelled.to_string()),
                })
            };
        Ok(Some(match name {
            "TINYBLOB" | "INET4" | "INET6" => only(String::new(), name.to_string()),
            "YEAR" => sized(args, "display_width", "YEAR")?,
            "BIT" => sized(args, "length", "BIT")?,
            "VARBINARY" => sized(args, "length", "VARBINARY")?,
            "BINARY" => sized(args, "length", "BINARY")?,
            "NCHAR" => {
                self.no_collation(args)?;
                sized(args, "length", "NATIONAL CHAR")?
            }
            "NVARCHAR" => {
                self.no_collation(args)?;
                sized(args, "length", "NATIONAL VARCHAR")?
            }
            "SET" => {
                let _ = args.kw("retrieve_as_bitwise");
                let mut values = Vec::new();
                for (v, r) in args.rest(0) {
                    values.push(self.string((v, r), "SET value")?);
                }
                let sql = format!(
                    "SET({})",
                    values
                        .iter()
                        .map(|v| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "''")))
                        .collect::<Vec<_>>()
                        .join(",")
                );
                let written = values
                    .iter()
                    .map(|v| crate::pystr::repr_str(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                only(written, sql)
            }
            _ => return Ok(None),
        }))
    }

    fn opt_str_arg(
        &self,
        args: &mut Args,
        i: usize,
        name: &str,
    ) -> Result<Option<String>, BodyError> {
        match args.get(i, name) {
            Some(a) => self.opt_string(a, name),
            None => Ok(None),
        }
    }

    fn opt_len(&self, args: &mut Args, i: usize, name: &str) -> Result<Option<u32>, BodyError> {
        match args.get(i, name) {
            Some((Value::None, _)) | None => Ok(None),
            Some(a) => self.uint(a, name).map(Some),
        }
    }

    /// `sa.Enum(*values, name=..., native_enum=..., create_constraint=...)` /
    /// `postgresql.ENUM(..., create_type=...)`.
    fn enum_type(&self, args: &mut Args, pg: bool) -> Result<EnumType, BodyError> {
        let mut values = Vec::new();
        let mut class_name = None;
        for (v, r) in args.rest(0) {
            match v {
                Value::EnumClass(class) if values.is_empty() && class_name.is_none() => {
                    // SQLAlchemy stores member names unless `values_callable` says otherwise.
                    values = match args.kw("values_callable") {
                        Some((Value::Lambda(LambdaShape::MemberValues), _)) => class.value_strings(),
                        Some((Value::Lambda(LambdaShape::MemberNames), _)) | None => {
                            class.members.iter().map(|(n, _)| n.clone()).collect()
                        }
                        Some((_, r)) => {
                            return Err(self.err(
                                r,
                                "this values_callable= is not one aludel can evaluate",
                                "write `values_callable=lambda e: [m.value for m in e]`, or list the values: sa.Enum('a', 'b', name='kind')",
                            ))
                        }
                    };
                    class_name = Some(class.name.to_lowercase());
                }
                Value::Str(s) => values.push(s),
                Value::List(items) | Value::Tuple(items) if values.is_empty() => {
                    for item in items {
                        match item {
                            Value::Str(s) => values.push(s),
                            other => return Err(self.err(r, format!("enum value {} is not a string", other.kind()), "list the values as string literals")),
                        }
                    }
                }
                Value::Path(p) => {
                    return Err(self.err(
                        r,
                        format!("an enum built from the Python class `{p}`"),
                        "list the values as string literals, e.g. sa.Enum('a', 'b', name='kind'), as autogenerate writes them",
                    ))
                }
                other => return Err(self.err(r, format!("enum value {} is not a string", other.kind()), "list the values as string literals")),
            }
        }
        let name = match args.kw("name") {
            Some(a) => self.opt_string(a, "name")?,
            None => class_name,
        };
        let length = match args.kw("length") {
            Some((Value::None, _)) | None => None,
            Some(a) => Some(self.uint(a, "length")?),
        };
        let native_enum = match args.kw("native_enum") {
            Some(a) => self.boolean(a, "native_enum")?,
            None => true,
        };
        let create_constraint = match args.kw("create_constraint") {
            Some(a) => self.boolean(a, "create_constraint")?,
            None => false,
        };
        let create_type = match (pg, args.kw("create_type")) {
            (true, Some(a)) => self.boolean(a, "create_type")?,
            (false, Some((_, r))) => {
                return Err(self.err(
                    r,
                    "create_type= is an argument of postgresql.ENUM only",
                    "use postgresql.ENUM(..., create_type=False)",
                ))
            }
            (_, None) => true,
        };
        if let Some((v, r)) = args.kw("schema") {
            if !matches!(v, Value::None) {
                return Err(self.err(
                    r,
                    "schema= on an enum type is not supported by aludel",
                    "create the type with op.execute(\"CREATE TYPE ...\")",
                ));
            }
        }
        if let Some((Value::Bool(true), r)) = args.kw("inherit_schema") {
            return Err(self.err(
                r,
                "inherit_schema=True on an enum type is not supported by aludel",
                "leave it out (the type is then created in the default schema), or create the type with op.execute(\"CREATE TYPE ...\")",
            ));
        }
        if let Some((_, r)) = args.kw("values_callable") {
            return Err(self.err(
                r,
                "values_callable= is not supported by aludel",
                "list the enum's values as string literals",
            ));
        }
        for ignored in ["length", "validate_strings", "metadata", "omit_aliases"] {
            let _ = args.kw(ignored);
        }
        Ok(EnumType {
            values,
            name,
            native_enum,
            create_constraint,
            create_type,
            length,
        })
    }
}
