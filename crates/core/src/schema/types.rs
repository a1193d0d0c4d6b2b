//! Column types: SQLAlchemy's generic types with their arguments, the
//! upper-case SQL-standard types, sqlmodel's own types and dialect-specific types.

use serde::Serialize;

/// A column type as a revision file or a model spells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SqlType {
    /// `sa.Integer()`.
    Integer,
    /// `sa.BigInteger()`.
    BigInteger,
    /// `sa.SmallInteger()`.
    SmallInteger,
    /// `sa.String(length, collation=...)`.
    String {
        /// Maximum length; `None` renders a bare `VARCHAR`.
        length: Option<u32>,
        /// `COLLATE` name.
        collation: Option<String>,
    },
    /// `sa.Text(collation=...)`.
    Text {
        /// `COLLATE` name.
        collation: Option<String>,
    },
    /// `sa.Unicode(length)`.
    Unicode {
        /// Maximum length.
        length: Option<u32>,
    },
    /// `sa.UnicodeText()`.
    UnicodeText,
    /// `sa.Boolean()` (no CHECK constraint: SQLAlchemy 2's default).
    Boolean,
    /// `sa.Date()`.
    Date,
    /// `sa.DateTime(timezone=...)`.
    DateTime {
        /// `timezone=True`.
        timezone: bool,
    },
    /// `sa.Time(timezone=...)`.
    Time {
        /// `timezone=True`.
        timezone: bool,
    },
    /// `sa.Float(precision)`.
    Float {
        /// Binary precision.
        precision: Option<u32>,
    },
    /// `sa.Double()`.
    Double,
    /// `sa.Numeric(precision, scale)`.
    Numeric {
        /// Total digits.
        precision: Option<u32>,
        /// Digits after the point (only rendered with a precision).
        scale: Option<u32>,
    },
    /// `sa.Enum(...)`.
    Enum(EnumType),
    /// `sa.Uuid(as_uuid=...)`.
    Uuid {
        /// Python-side conversion only; does not change the DDL.
        as_uuid: bool,
    },
    /// `sa.JSON()`.
    Json,
    /// `sa.LargeBinary(length)`.
    LargeBinary {
        /// Length (rendered on MySQL only).
        length: Option<u32>,
    },
    /// `sa.Interval()`.
    Interval,
    /// `sa.ARRAY(item)` (PostgreSQL only).
    Array(Box<SqlType>),
    /// `sa.PickleType()`: stored as a binary column.
    PickleType,
    /// `sqlmodel.sql.sqltypes.AutoString(length)`: VARCHAR, 255 on MySQL when unset.
    AutoString {
        /// Maximum length.
        length: Option<u32>,
    },
    /// `sqlmodel.sql.sqltypes.GUID()` (sqlmodel <= 0.0.19): CHAR(32), UUID on PostgreSQL.
    Guid,
    /// `sqlmodel.sql.sqltypes.UTCDateTime()`: `DateTime(timezone=True)`.
    UtcDateTime,
    /// An upper-case SQL type (`sa.VARCHAR(30)`, `sa.TIMESTAMP()`...).
    Upper(UpperType),
    /// A `sqlalchemy.dialects.postgresql` type.
    Postgresql(PostgresqlType),
    /// A `sqlalchemy.dialects.mysql` type.
    Mysql(MysqlType),
    /// A `sqlalchemy.dialects.sqlite` type.
    Sqlite(SqliteType),
    /// A type as a database reports it (table introspection), already in the
    /// spelling SQLAlchemy's compiler gives the reflected type (`VARCHAR(10)`,
    /// `NUMERIC(10, 2)`); rendered verbatim.
    Reflected(String),
}

/// The arguments of `sa.Enum` / `postgresql.ENUM` / `mysql.ENUM`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumType {
    /// The allowed values, in order.
    pub values: Vec<String>,
    /// The type name (PostgreSQL `CREATE TYPE <name>`).
    pub name: Option<String>,
    /// `native_enum=False` renders VARCHAR everywhere.
    pub native_enum: bool,
    /// `create_constraint=True` adds a CHECK where the type is not native.
    pub create_constraint: bool,
    /// `create_type=False` (PostgreSQL ENUM) skips `CREATE TYPE` with the table.
    pub create_type: bool,
    /// `length=`: the VARCHAR length of a non-native enum (default: the
    /// longest value).
    pub length: Option<u32>,
}

impl EnumType {
    /// A native enum named `name` over `values`, as `sa.Enum(*values, name=name)`.
    pub fn new(name: Option<&str>, values: &[&str]) -> Self {
        EnumType {
            values: values.iter().map(|v| v.to_string()).collect(),
            name: name.map(str::to_string),
            native_enum: true,
            create_constraint: false,
            create_type: true,
            length: None,
        }
    }

    /// The VARCHAR length SQLAlchemy gives a non-native enum: `length=`,
    /// else the longest value.
    pub fn max_len(&self) -> usize {
        if let Some(n) = self.length {
            return n as usize;
        }
        self.values
            .iter()
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(0)
    }
}

/// Upper-case SQL-standard types, rendered under their own name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum UpperType {
    /// `VARCHAR(n)`.
    Varchar(Option<u32>),
    /// `CHAR(n)`.
    Char(Option<u32>),
    /// `NVARCHAR(n)`.
    Nvarchar(Option<u32>),
    /// `INTEGER`.
    Integer,
    /// `BIGINT`.
    BigInt,
    /// `SMALLINT`.
    SmallInt,
    /// `TEXT`.
    Text,
    /// `BOOLEAN`.
    Boolean,
    /// `TIMESTAMP(timezone=...)`.
    Timestamp {
        /// `timezone=True`.
        timezone: bool,
    },
    /// `DATETIME`.
    Datetime,
    /// `DATE`.
    Date,
    /// `TIME`.
    Time,
    /// `FLOAT`.
    Float,
    /// `REAL`.
    Real,
    /// `DOUBLE`.
    Double,
    /// `DOUBLE_PRECISION`.
    DoublePrecision,
    /// `NUMERIC(p, s)`.
    Numeric(Option<u32>, Option<u32>),
    /// `DECIMAL(p, s)`.
    Decimal(Option<u32>, Option<u32>),
    /// `BLOB`.
    Blob,
    /// `JSON`.
    Json,
    /// `UUID`.
    Uuid,
}

/// `sqlalchemy.dialects.postgresql` types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PostgresqlType {
    /// `JSONB`.
    Jsonb,
    /// `UUID(as_uuid=...)`.
    Uuid,
    /// `ARRAY(item)`.
    Array(Box<SqlType>),
    /// `TIMESTAMP(timezone=...)`.
    Timestamp {
        /// `timezone=True`.
        timezone: bool,
    },
    /// `ENUM(*values, name=..., create_type=...)`.
    Enum(EnumType),
    /// `INET`.
    Inet,
    /// `BYTEA`.
    Bytea,
    /// `DOUBLE_PRECISION`.
    DoublePrecision,
    /// Any other type of the dialect module (`TSVECTOR`, `CITEXT`,
    /// `INTERVAL(...)`, ranges...): only PostgreSQL compiles it.
    Other(DialectOnlyType),
}

/// A dialect module's type that only its own database compiles, kept as
/// what it compiles to there and as it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DialectOnlyType {
    /// The class name (`TSVECTOR`, `INTERVAL`).
    pub class: String,
    /// The arguments as Python source (`precision=3`), for writing it back.
    pub args: String,
    /// The SQL its database prints for it.
    pub sql: String,
}

/// `sqlalchemy.dialects.mysql` types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MysqlType {
    /// `TINYINT(display_width)`.
    Tinyint(Option<u32>),
    /// `LONGTEXT`.
    Longtext,
    /// `MEDIUMTEXT`.
    Mediumtext,
    /// `DATETIME(fsp=...)`.
    Datetime(Option<u32>),
    /// `ENUM(*values)`.
    Enum(Vec<String>),
    /// `TIMESTAMP(fsp=...)`.
    Timestamp(Option<u32>),
    /// `TINYTEXT`.
    Tinytext,
    /// `MEDIUMINT(display_width)`.
    Mediumint(Option<u32>),
    /// `LONGBLOB`.
    Longblob,
    /// `MEDIUMBLOB`.
    Mediumblob,
    /// Any other type of the dialect module (`TINYBLOB`, `YEAR`, `SET`,
    /// `BIT`, `NATIONAL CHAR`...): only MySQL compiles it.
    Other(DialectOnlyType),
}

/// `sqlalchemy.dialects.sqlite` types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SqliteType {
    /// `JSON`.
    Json,
}

impl SqlType {
    /// `sa.String(length)`.
    pub fn string(length: u32) -> Self {
        SqlType::String {
            length: Some(length),
            collation: None,
        }
    }

    /// True for the integer types that can be an auto-incrementing key.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            SqlType::Integer
                | SqlType::BigInteger
                | SqlType::SmallInteger
                | SqlType::Upper(UpperType::Integer | UpperType::BigInt | UpperType::SmallInt)
                | SqlType::Mysql(MysqlType::Tinyint(_) | MysqlType::Mediumint(_))
        ) || matches!(self, SqlType::Reflected(t) if reflected_name(t).contains("INT"))
    }

    /// True for the types whose SQLAlchemy affinity is `DateTime`
    /// (MySQL restates such columns with `CHANGE` when altering them).
    pub fn is_datetime(&self) -> bool {
        matches!(
            self,
            SqlType::DateTime { .. }
                | SqlType::UtcDateTime
                | SqlType::Upper(UpperType::Timestamp { .. } | UpperType::Datetime)
                | SqlType::Postgresql(PostgresqlType::Timestamp { .. })
                | SqlType::Mysql(MysqlType::Datetime(_) | MysqlType::Timestamp(_))
        )
    }

    /// The enum this type declares, if it is one.
    pub fn as_enum(&self) -> Option<&EnumType> {
        match self {
            SqlType::Enum(e) | SqlType::Postgresql(PostgresqlType::Enum(e)) => Some(e),
            SqlType::Postgresql(PostgresqlType::Array(item)) | SqlType::Array(item) => {
                item.as_enum()
            }
            _ => None,
        }
    }
}

/// The type name of a reflected type spelling, without arguments (`VARCHAR` of `VARCHAR(10)`).
pub(crate) fn reflected_name(spelling: &str) -> &str {
    spelling.split('(').next().unwrap_or(spelling).trim()
}
