//! SQL expressions and data statements built from `sa.table()` /
//! `sa.column()`, `sa.text()`, `sa.func`, comparisons and `sa.case`, and
//! their compilation to the SQL text SQLAlchemy prints offline with literal
//! binds (`literal_binds=True`), including its parenthesisation rules.

use aludel_core::dialect::{Dialect, DialectKind};
use aludel_core::schema::{Literal, ServerDefault, SqlType};

/// `sa.table(name, *columns, schema=...)`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableClause {
    /// Table name.
    pub name: String,
    /// Schema.
    pub schema: Option<String>,
    /// Columns with their types, in order.
    pub columns: Vec<(String, Option<SqlType>)>,
}

impl TableClause {
    /// True when the table declares `column`.
    pub(crate) fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _)| c == column)
    }
}

/// An SQL operator with SQLAlchemy's precedence (higher binds tighter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqlOp {
    /// `*`.
    Mul,
    /// `%`.
    Mod,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `||` (string `+`).
    Concat,
    /// `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `IS`.
    Is,
    /// `IS NOT`.
    IsNot,
    /// `LIKE`.
    Like,
    /// `NOT LIKE`.
    NotLike,
    /// `ILIKE` (PostgreSQL; `lower(x) LIKE lower(y)` elsewhere).
    ILike,
    /// `NOT ILIKE` (PostgreSQL; `lower(x) NOT LIKE lower(y)` elsewhere).
    NotILike,
    /// `IN`.
    In,
    /// `NOT IN`.
    NotIn,
    /// `AND`.
    And,
    /// `OR`.
    Or,
}

impl SqlOp {
    /// SQLAlchemy's `_PRECEDENCE` value.
    fn precedence(self) -> i32 {
        match self {
            SqlOp::Mul | SqlOp::Mod => 8,
            SqlOp::Add | SqlOp::Sub => 7,
            SqlOp::And => 3,
            SqlOp::Or => 2,
            _ => 5,
        }
    }

    /// Operators SQLAlchemy chains without parentheses when nested in themselves.
    fn associative(self) -> bool {
        matches!(
            self,
            SqlOp::Add | SqlOp::Mul | SqlOp::Concat | SqlOp::And | SqlOp::Or
        )
    }

    /// The negated comparison `~(a op b)` becomes.
    pub(crate) fn negated(self) -> Option<SqlOp> {
        Some(match self {
            SqlOp::Eq => SqlOp::Ne,
            SqlOp::Ne => SqlOp::Eq,
            SqlOp::Lt => SqlOp::Ge,
            SqlOp::Ge => SqlOp::Lt,
            SqlOp::Gt => SqlOp::Le,
            SqlOp::Le => SqlOp::Gt,
            SqlOp::Is => SqlOp::IsNot,
            SqlOp::IsNot => SqlOp::Is,
            SqlOp::Like => SqlOp::NotLike,
            SqlOp::NotLike => SqlOp::Like,
            SqlOp::ILike => SqlOp::NotILike,
            SqlOp::NotILike => SqlOp::ILike,
            SqlOp::In => SqlOp::NotIn,
            SqlOp::NotIn => SqlOp::In,
            _ => return None,
        })
    }

    fn sql(self) -> &'static str {
        match self {
            SqlOp::Mul => "*",
            SqlOp::Mod => "%",
            SqlOp::Add => "+",
            SqlOp::Sub => "-",
            SqlOp::Concat => "||",
            SqlOp::Eq => "=",
            SqlOp::Ne => "!=",
            SqlOp::Lt => "<",
            SqlOp::Le => "<=",
            SqlOp::Gt => ">",
            SqlOp::Ge => ">=",
            SqlOp::Is => "IS",
            SqlOp::IsNot => "IS NOT",
            SqlOp::Like => "LIKE",
            SqlOp::NotLike => "NOT LIKE",
            SqlOp::ILike => "ILIKE",
            SqlOp::NotILike => "NOT ILIKE",
            SqlOp::In => "IN",
            SqlOp::NotIn => "NOT IN",
            SqlOp::And => "AND",
            SqlOp::Or => "OR",
        }
    }
}

/// An SQL expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SqlExpr {
    /// A column: `table.column` or a bare `column`.
    Column {
        /// The table and its schema, when the column belongs to one.
        table: Option<(Option<String>, String)>,
        /// Column name.
        name: String,
    },
    /// A literal value (a bound parameter rendered inline).
    Literal(Literal),
    /// SQL text rendered as written (`sa.text`, `sa.literal_column`).
    Raw(String),
    /// `sa.true()` / `sa.false()`.
    Boolean(bool),
    /// `sa.func.<name>(args)`.
    Func {
        /// Function name.
        name: String,
        /// Arguments.
        args: Vec<SqlExpr>,
    },
    /// `left op right`.
    Binary {
        /// Operator.
        op: SqlOp,
        /// Left operand.
        left: Box<SqlExpr>,
        /// Right operand.
        right: Box<SqlExpr>,
    },
    /// `sa.and_(...)` / `sa.or_(...)`.
    Clauses {
        /// `And` or `Or`.
        op: SqlOp,
        /// The clauses.
        items: Vec<SqlExpr>,
    },
    /// `(a, b, c)` on the right of `IN`.
    List(Vec<SqlExpr>),
    /// `NOT x`.
    Not(Box<SqlExpr>),
    /// `(x)`: SQLAlchemy's explicit grouping (a negated `IN`).
    Group(Box<SqlExpr>),
    /// `-x`.
    Neg(Box<SqlExpr>),
    /// `sa.case((cond, value), ..., else_=...)`.
    Case {
        /// `WHEN cond THEN value` pairs.
        whens: Vec<(SqlExpr, SqlExpr)>,
        /// `ELSE` value.
        else_: Option<Box<SqlExpr>>,
    },
}

/// `table.insert()`, `table.update()` or `table.delete()` with its clauses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DataStatement {
    /// Which statement.
    pub kind: StatementKind,
    /// The target table.
    pub table: TableClause,
    /// `.where(...)` criteria, combined with `AND`.
    pub where_: Vec<SqlExpr>,
    /// `.values(...)`: one row for UPDATE / single-row INSERT, several for a
    /// multi-row INSERT.
    pub rows: Vec<Vec<(String, SqlExpr)>>,
}

/// The kind of a data statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatementKind {
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

impl StatementKind {
    /// The method name, for messages.
    pub(crate) fn method(self) -> &'static str {
        match self {
            StatementKind::Insert => "insert",
            StatementKind::Update => "update",
            StatementKind::Delete => "delete",
        }
    }
}

/// Compiles expressions for one database.
pub(crate) struct Compiler {
    dialect: &'static dyn Dialect,
}

impl Compiler {
    /// A compiler for `dialect`.
    pub(crate) fn new(dialect: &'static dyn Dialect) -> Self {
        Compiler { dialect }
    }

    fn table(&self, schema: &Option<String>, name: &str) -> String {
        match schema {
            Some(s) => format!("{}.{}", self.dialect.quote(s), self.dialect.quote(name)),
            None => self.dialect.quote(name),
        }
    }

    /// An expression on its own (a `WHERE` clause, a check condition).
    pub(crate) fn expr(&self, e: &SqlExpr) -> String {
        self.grouped(e, None)
    }

    /// An expression in a place SQLAlchemy groups against no operator (a
    /// `SET` value, a `WHEN` condition): binary expressions get parentheses.
    pub(crate) fn standalone(&self, e: &SqlExpr) -> String {
        match e {
            SqlExpr::Binary { .. } | SqlExpr::Clauses { .. } => format!("({})", self.expr(e)),
            _ => self.expr(e),
        }
    }

    /// `e` as an operand of `against`, parenthesised when SQLAlchemy would.
    fn grouped(&self, e: &SqlExpr, against: Option<SqlOp>) -> String {
        let own = match e {
            SqlExpr::Binary { op, .. } => Some(*op),
            SqlExpr::Clauses { op, items } if items.len() > 1 => Some(*op),
            _ => None,
        };
        let text = self.render(e);
        match (own, against) {
            (Some(op), Some(parent)) => {
                let natural = op == parent && op.associative();
                if !natural && op.precedence() <= parent.precedence() {
                    format!("({text})")
                } else {
                    text
                }
            }
            _ => text,
        }
    }

    fn render(&self, e: &SqlExpr) -> String {
        match e {
            SqlExpr::Column { table, name } => match table {
                Some((schema, t)) => {
                    format!("{}.{}", self.table(schema, t), self.dialect.quote(name))
                }
                None => self.dialect.quote(name),
            },
            SqlExpr::Literal(l) => self.dialect.literal(l),
            SqlExpr::Raw(s) => s.clone(),
            SqlExpr::Boolean(b) => match (self.dialect.kind(), b) {
                (DialectKind::Sqlite, true) => "1".into(),
                (DialectKind::Sqlite, false) => "0".into(),
                (_, true) => "true".into(),
                (_, false) => "false".into(),
            },
            SqlExpr::Func { name, args } => {
                let args: Vec<String> = args.iter().map(|a| self.grouped(a, None)).collect();
                self.dialect.default_value(&ServerDefault::Func {
                    name: name.clone(),
                    args,
                })
            }
            SqlExpr::Binary { op, left, right } => {
                if matches!(op, SqlOp::ILike | SqlOp::NotILike)
                    && self.dialect.kind() != DialectKind::Postgresql
                {
                    let like = if *op == SqlOp::ILike {
                        "LIKE"
                    } else {
                        "NOT LIKE"
                    };
                    return format!(
                        "lower({}) {like} lower({})",
                        self.grouped(left, None),
                        self.grouped(right, None)
                    );
                }
                let op_sql = if *op == SqlOp::Concat && self.dialect.kind() == DialectKind::Mysql {
                    return format!("concat({}, {})", self.expr(left), self.expr(right));
                } else {
                    op.sql()
                };
                format!(
                    "{} {} {}",
                    self.grouped(left, Some(*op)),
                    op_sql,
                    self.grouped(right, Some(*op))
                )
            }
            SqlExpr::Clauses { op, items } => items
                .iter()
                .map(|i| self.grouped(i, Some(*op)))
                .collect::<Vec<_>>()
                .join(&format!(" {} ", op.sql())),
            SqlExpr::List(items) => format!(
                "({})",
                items
                    .iter()
                    .map(|i| self.grouped(i, None))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SqlExpr::Not(inner) => match &**inner {
                SqlExpr::Binary { .. } | SqlExpr::Clauses { .. } => {
                    format!("NOT ({})", self.expr(inner))
                }
                _ => format!("NOT {}", self.expr(inner)),
            },
            SqlExpr::Group(inner) => format!("({})", self.expr(inner)),
            SqlExpr::Neg(inner) => match &**inner {
                SqlExpr::Binary { .. } => format!("-({})", self.expr(inner)),
                _ => format!("-{}", self.expr(inner)),
            },
            SqlExpr::Case { whens, else_ } => {
                let mut s = String::from("CASE");
                for (cond, value) in whens {
                    s.push_str(&format!(
                        " WHEN {} THEN {}",
                        self.standalone(cond),
                        self.expr(value)
                    ));
                }
                if let Some(e) = else_ {
                    s.push_str(&format!(" ELSE {}", self.expr(e)));
                }
                s.push_str(" END");
                s
            }
        }
    }

    /// The statement's SQL.
    pub(crate) fn statement(&self, st: &DataStatement) -> String {
        let table = self.table(&st.table.schema, &st.table.name);
        let where_ = match st.where_.len() {
            0 => String::new(),
            1 => format!(" WHERE {}", self.expr(&st.where_[0])),
            _ => format!(
                " WHERE {}",
                self.expr(&SqlExpr::Clauses {
                    op: SqlOp::And,
                    items: st.where_.clone()
                })
            ),
        };
        match st.kind {
            StatementKind::Insert => {
                let Some(first) = st.rows.first() else {
                    return format!("INSERT INTO {table} DEFAULT VALUES");
                };
                let names: Vec<String> = ordered(&st.table, first)
                    .map(|(c, _)| self.dialect.quote(c))
                    .collect();
                let rows: Vec<String> = st
                    .rows
                    .iter()
                    .map(|row| {
                        let values: Vec<String> = ordered(&st.table, row)
                            .map(|(_, v)| self.standalone(v))
                            .collect();
                        format!("({})", values.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO {table} ({}) VALUES {}",
                    names.join(", "),
                    rows.join(", ")
                )
            }
            StatementKind::Update => {
                let row = st.rows.first().map(Vec::as_slice).unwrap_or(&[]);
                let sets: Vec<String> = ordered(&st.table, row)
                    .map(|(c, v)| format!("{}={}", self.dialect.quote(c), self.standalone(v)))
                    .collect();
                format!("UPDATE {table} SET {}{where_}", sets.join(", "))
            }
            StatementKind::Delete => format!("DELETE FROM {table}{where_}"),
        }
    }
}

/// The (column, value) pairs of a row in the table's column order, as
/// SQLAlchemy orders `VALUES` and `SET`.
fn ordered<'a>(
    table: &'a TableClause,
    row: &'a [(String, SqlExpr)],
) -> impl Iterator<Item = (&'a String, &'a SqlExpr)> + 'a {
    table
        .columns
        .iter()
        .filter_map(move |(c, _)| row.iter().find(|(k, _)| k == c).map(|(k, v)| (k, v)))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `sql` has a bind token as `sa.text()` reads it: the byte range of
/// `:name` tokens (`:` not after `:`, `\` or a word character, a name, and
/// no `:` right after the name).
pub(crate) fn bind_tokens(sql: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = sql.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == ':' && !prev.is_some_and(|p| p == ':' || p == '\\' || is_word(p)) {
            let start = i + 1;
            let mut end = start;
            while let Some(&(j, d)) = iter.peek() {
                if is_word(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let next = sql[end..].chars().next();
            if end > start && next != Some(':') {
                out.push((i, end));
            }
            prev = sql[..end].chars().next_back();
            continue;
        }
        prev = Some(c);
    }
    out
}

/// Makes compiled SQL (identifiers and literal values, no bind tokens) pass
/// through `op.execute`'s text handling unchanged: every `:name` that would
/// read as a bind gets a `\`. `None` when the text holds `\:`, which that
/// handling cannot keep.
pub(crate) fn protect(sql: &str) -> Option<String> {
    if sql.contains("\\:") {
        return None;
    }
    let tokens = bind_tokens(sql);
    if tokens.is_empty() {
        return Some(sql.to_string());
    }
    let mut out = String::with_capacity(sql.len() + tokens.len());
    let mut last = 0;
    for (start, _) in tokens {
        out.push_str(&sql[last..start]);
        out.push('\\');
        last = start;
    }
    out.push_str(&sql[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_tokens_follow_text_rules() {
        assert_eq!(bind_tokens("a = :v and b = :w"), vec![(4, 6), (15, 17)]);
        assert!(bind_tokens("x::int").is_empty());
        assert!(bind_tokens("a:b").is_empty());
        assert!(bind_tokens(":abc:").is_empty());
        assert!(bind_tokens("\\:x").is_empty());
    }

    #[test]
    fn protect_escapes_binds_and_refuses_backslash_colons() {
        assert_eq!(protect("'a :b'").as_deref(), Some("'a \\:b'"));
        assert_eq!(protect("'a:b'").as_deref(), Some("'a:b'"));
        assert_eq!(protect("'\\:b'"), None);
    }

    fn users() -> TableClause {
        TableClause {
            name: "users".into(),
            schema: None,
            columns: vec![("id".into(), None), ("name".into(), None)],
        }
    }

    fn col(n: &str) -> SqlExpr {
        SqlExpr::Column {
            table: Some((None, "users".into())),
            name: n.into(),
        }
    }

    #[test]
    fn update_orders_set_by_table_and_groups_values() {
        let st = DataStatement {
            kind: StatementKind::Update,
            table: users(),
            where_: vec![SqlExpr::Binary {
                op: SqlOp::Eq,
                left: Box::new(col("id")),
                right: Box::new(SqlExpr::Literal(Literal::Int(1))),
            }],
            rows: vec![vec![
                ("name".into(), SqlExpr::Literal(Literal::Str("x".into()))),
                (
                    "id".into(),
                    SqlExpr::Binary {
                        op: SqlOp::Add,
                        left: Box::new(col("id")),
                        right: Box::new(SqlExpr::Literal(Literal::Int(1))),
                    },
                ),
            ]],
        };
        assert_eq!(
            Compiler::new(DialectKind::Postgresql.dialect()).statement(&st),
            "UPDATE users SET id=(users.id + 1), name='x' WHERE users.id = 1"
        );
    }
}
