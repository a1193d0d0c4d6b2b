//! The values a revision body computes: Python literals and containers,
//! imported modules and names, and the SQLAlchemy / Alembic objects the
//! supported constructors build.

use std::rc::Rc;

use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, IndexOptions, IndexPart, Literal, SqlType,
};

use super::error::BodyError;
use super::sql::{DataStatement, SqlExpr, TableClause};

/// A value of the evaluated Python program.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits 64 bits.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// `op.f("name")`: a name SQLAlchemy treats as final (and shortens with a
    /// hash when it is too long for the database).
    Conv(String),
    /// A `list`.
    List(Vec<Value>),
    /// A `tuple`.
    Tuple(Vec<Value>),
    /// A `dict`, keys in insertion order.
    Dict(Vec<(Value, Value)>),
    /// An imported module or a name reached through one, by its dotted path
    /// (`sqlalchemy.dialects.postgresql`, `sqlalchemy.Column`, `app.models`).
    Path(Rc<str>),
    /// A function defined in the revision file (calling it is unsupported).
    Function(String),
    /// `op.get_bind()`: the connection.
    Bind,
    /// `op.get_context()` / `context.get_context()`: the migration context.
    Context,
    /// `bind.dialect`.
    Dialect,
    /// `op.get_context().autocommit_block()`, before `with` enters it.
    AutocommitBlock,
    /// `op.batch_alter_table(...)`, before `with` enters it.
    BatchSpec(Box<BatchSpec>),
    /// The `batch_op` of an entered batch block (index into the open blocks).
    BatchOp(usize),
    /// A column type.
    Type(Box<SqlType>),
    /// `sa.Column(...)`.
    Column(Box<ColumnDef>),
    /// `sa.ForeignKey(...)`.
    ForeignKey(Box<ColumnForeignKey>),
    /// A table-level constraint.
    Constraint(Box<Constraint>),
    /// `sa.Index(...)` given to `create_table`.
    Index(Box<IndexDef>),
    /// `sa.text(...)`, possibly with `.bindparams(...)`.
    Text(Rc<TextClause>),
    /// An SQL expression (`sa.func.now()`, comparisons, `sa.literal_column`...).
    Sql(Rc<SqlExpr>),
    /// `sa.func`.
    FuncNamespace,
    /// `sa.func.<name>` before it is called.
    FuncName(String),
    /// `sa.table(...)`.
    Table(Rc<TableClause>),
    /// `table.c`.
    TableColumns(Rc<TableClause>),
    /// `sa.column(name, type)` outside a table.
    LooseColumn(Rc<LooseColumn>),
    /// `table.insert()` / `update()` / `delete()` with their clauses.
    Statement(Rc<DataStatement>),
    /// `op.inline_literal(value)`.
    InlineLiteral(Literal),
    /// `obj.method` before it is called.
    Method(Box<Value>, String),
    /// A module-level name whose value could not be computed; using it
    /// reports the stored error.
    Error(Box<BodyError>),
    /// The result of `connection.execute(...)` at this call: reading it is
    /// unsupported (the error is built only if it is read).
    ExecuteResult(ruff_text_size::TextRange),
    /// A Python `enum.Enum` subclass of the application's models.
    EnumClass(Rc<EnumClass>),
    /// `sa.Computed(...)` / `sa.Identity(...)`, before a column takes it.
    Generated(Box<aludel_core::schema::Generated>),
    /// A member of an [`Value::EnumClass`] (index into its members).
    EnumMember(Rc<EnumClass>, usize),
    /// A `lambda`: only passed along (a Python-side default, a
    /// `values_callable`); calling it is unsupported.
    Lambda(LambdaShape),
}

/// A Python enum class: its name and members in definition order.
#[derive(Debug, Clone)]
pub(crate) struct EnumClass {
    /// The class name (SQLAlchemy names the enum type after it, lower-cased).
    pub name: String,
    /// (member name, member value), in order.
    pub members: Vec<(String, Value)>,
}

impl EnumClass {
    /// The member values as the strings SQLAlchemy stores for them with
    /// `values_callable=lambda e: [m.value for m in e]`.
    pub(crate) fn value_strings(&self) -> Vec<String> {
        self.members
            .iter()
            .map(|(name, v)| match v {
                Value::Str(s) => s.clone(),
                Value::Int(i) => i.to_string(),
                _ => name.clone(),
            })
            .collect()
    }
}

/// What a `lambda` computes, when it is one of the shapes aludel knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LambdaShape {
    /// `lambda e: [m.value for m in e]`: an enum's member values.
    MemberValues,
    /// `lambda e: [m.name for m in e]`: an enum's member names.
    MemberNames,
    /// Any other lambda.
    Other,
}

/// `sa.column(name, type_)` as given to `sa.table` or used alone.
#[derive(Debug, Clone)]
pub(crate) struct LooseColumn {
    /// Column name.
    pub name: String,
    /// Type, if given.
    pub type_: Option<SqlType>,
}

/// `sa.text(sql)` with the values bound with `.bindparams()`.
#[derive(Debug, Clone)]
pub(crate) struct TextClause {
    /// The SQL as written.
    pub sql: String,
    /// Bound values by name.
    pub binds: Vec<(String, Literal)>,
}

/// A `sa.Column(...)` with what SQLAlchemy needs to know about how it was written.
#[derive(Debug, Clone)]
pub(crate) struct ColumnDef {
    /// The column.
    pub column: Column,
    /// `nullable=` was given (a primary key constraint makes the others NOT NULL).
    pub nullable_given: bool,
    /// The name was given (models may leave it to the attribute name).
    pub name_given: bool,
    /// The type was given (models may leave it to the referred column of
    /// the column's foreign key, or to the `Mapped[...]` annotation).
    pub type_given: bool,
    /// `CheckConstraint(...)` objects given to a model's column: SQLAlchemy
    /// renders them in the column's DDL, a database reports them as the
    /// table's.
    pub checks: Vec<Constraint>,
}

/// `sa.Index(name, *parts, unique=..., **dialect_kw)`.
#[derive(Debug, Clone)]
pub(crate) struct IndexDef {
    /// Index name (`None`: the naming convention's, SQLAlchemy's default
    /// `ix_<table>_<column>` unless the metadata sets another).
    pub name: Option<String>,
    /// Columns / expressions.
    pub parts: Vec<IndexPart>,
    /// `unique=True`.
    pub unique: bool,
    /// Dialect options.
    pub options: IndexOptions,
}

/// The arguments of `op.batch_alter_table(...)`.
#[derive(Debug, Clone)]
pub(crate) struct BatchSpec {
    /// Table name.
    pub table: String,
    /// Schema.
    pub schema: Option<String>,
    /// `recreate=`.
    pub recreate: aludel_core::ops::Recreate,
    /// `naming_convention=`, as `(kind, template)` pairs.
    pub naming_convention: Vec<(String, String)>,
}

impl Value {
    /// A short description of the kind of value, for messages.
    pub(crate) fn kind(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Generated(_) => "sa.Computed()/sa.Identity()".into(),
            Value::Bool(_) => "a bool".into(),
            Value::Int(_) => "an int".into(),
            Value::Float(_) => "a float".into(),
            Value::Str(_) => "a str".into(),
            Value::Conv(_) => "an op.f() name".into(),
            Value::List(_) => "a list".into(),
            Value::Tuple(_) => "a tuple".into(),
            Value::Dict(_) => "a dict".into(),
            Value::Path(p) => format!("`{p}`"),
            Value::Function(f) => format!("the function `{f}`"),
            Value::Bind => "the connection (op.get_bind())".into(),
            Value::Context => "the migration context".into(),
            Value::Dialect => "the dialect".into(),
            Value::BatchSpec(_) => "op.batch_alter_table(...)".into(),
            Value::AutocommitBlock => "autocommit_block()".into(),
            Value::BatchOp(_) => "batch_op".into(),
            Value::Type(_) => "a column type".into(),
            Value::Column(_) => "sa.Column(...)".into(),
            Value::ForeignKey(_) => "sa.ForeignKey(...)".into(),
            Value::Constraint(_) => "a constraint".into(),
            Value::Index(_) => "sa.Index(...)".into(),
            Value::Text(_) => "sa.text(...)".into(),
            Value::Sql(_) => "an SQL expression".into(),
            Value::FuncNamespace => "sa.func".into(),
            Value::FuncName(n) => format!("sa.func.{n}"),
            Value::Table(_) => "sa.table(...)".into(),
            Value::TableColumns(_) => "table.c".into(),
            Value::LooseColumn(_) => "sa.column(...)".into(),
            Value::Statement(_) => "an insert/update/delete statement".into(),
            Value::InlineLiteral(_) => "op.inline_literal(...)".into(),
            Value::Method(_, m) => format!("the method `{m}`"),
            Value::Error(_) => "a value that could not be computed".into(),
            Value::ExecuteResult(_) => "the result of execute()".into(),
            Value::EnumClass(e) => format!("the enum class `{}`", e.name),
            Value::EnumMember(e, i) => format!("the enum member `{}.{}`", e.name, e.members[*i].0),
            Value::Lambda(_) => "a lambda".into(),
        }
    }

    /// The Python literal this value is, when it is one.
    pub(crate) fn as_literal(&self) -> Option<Literal> {
        Some(match self {
            Value::None => Literal::Null,
            Value::Bool(b) => Literal::Bool(*b),
            Value::Int(i) => Literal::Int(*i),
            Value::Float(f) => Literal::Float(super::pyfloat::repr(*f)),
            Value::Str(s) | Value::Conv(s) => Literal::Str(s.clone()),
            Value::InlineLiteral(l) => l.clone(),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    /// Values are moved on every evaluation step: large variants stay boxed.
    #[test]
    fn values_stay_small() {
        assert!(std::mem::size_of::<super::Value>() <= 48);
    }
}
