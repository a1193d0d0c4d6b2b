//! Statement shapes shared by every database (SQLAlchemy's generic DDL
//! compiler and Alembic's `DefaultImpl`). Databases override pieces through
//! the [`Dialect`] trait.

use super::{literal, names, Dialect, DialectKind, RenderError};
use crate::ops::{AlterColumn, ConstraintKind, Op, Recreate};
use crate::schema::{
    Column, ColumnForeignKey, Constraint, ForeignKey, IndexOptions, IndexPart, ServerDefault,
    SqlType,
};

/// Functions SQLAlchemy renders as bare keywords (ANSI functions without parentheses).
const ANSI_FUNCTIONS: &[&str] = &[
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "localtime",
    "localtimestamp",
    "session_user",
    "user",
];

/// `schema.name`, each part quoted as needed.
pub(crate) fn table_name<D: Dialect + ?Sized>(
    d: &D,
    schema: &Option<String>,
    name: &str,
) -> String {
    match schema {
        Some(s) => format!("{}.{}", d.quote(s), d.quote(name)),
        None => d.quote(name),
    }
}

/// `ALTER TABLE <table>`.
pub(crate) fn alter_table<D: Dialect + ?Sized>(
    d: &D,
    schema: &Option<String>,
    name: &str,
) -> String {
    format!("ALTER TABLE {}", table_name(d, schema, name))
}

/// Quoted, comma-separated column names.
pub(crate) fn column_list<D: Dialect + ?Sized>(d: &D, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| d.quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a `DEFAULT` clause (SQLAlchemy's `get_column_default_string`).
pub(crate) fn default_value<D: Dialect + ?Sized>(d: &D, default: &ServerDefault) -> String {
    match default {
        ServerDefault::Literal(s) => literal::string(d.kind(), s),
        ServerDefault::Text(t) => t.clone(),
        ServerDefault::Func { name, args } => function_call(d.kind(), name, args),
    }
}

/// `func.<name>(args)` as SQLAlchemy compiles it.
pub(crate) fn function_call(kind: DialectKind, name: &str, args: &[String]) -> String {
    let lower = name.to_lowercase();
    if args.is_empty() {
        if lower == "now" && kind == DialectKind::Sqlite {
            return "CURRENT_TIMESTAMP".to_string();
        }
        if ANSI_FUNCTIONS.contains(&lower.as_str()) {
            return lower.to_uppercase();
        }
    }
    format!("{name}({})", args.join(", "))
}

/// True when SQLAlchemy wraps a column default in parentheses (SQLite and
/// MySQL): not starting with a quote or parenthesis, and containing a
/// non-word character.
pub(crate) fn default_needs_parens(value: &str) -> bool {
    let trimmed = value.trim_start();
    let starts_quoted = trimmed.starts_with(['\'', '"', '(']);
    !starts_quoted && value.chars().any(|c| !(c.is_alphanumeric() || c == '_'))
}

/// `name TYPE [DEFAULT x] [NOT NULL]`, the generic column spec; `wrap`
/// parenthesises expression defaults (SQLite).
pub(crate) fn generic_column_spec<D: Dialect + ?Sized>(
    d: &D,
    column: &Column,
    type_sql: &str,
    wrap: bool,
) -> String {
    let mut spec = format!("{} {}", d.quote(&column.name), type_sql);
    if let Some(default) = &column.server_default {
        let value = d.default_value(default);
        if wrap && default_needs_parens(&value) {
            spec.push_str(&format!(" DEFAULT ({value})"));
        } else {
            spec.push_str(&format!(" DEFAULT {value}"));
        }
    }
    if let Some(sql) = column.generated.as_ref().and_then(|g| g.computed_sql()) {
        spec.push_str(&format!(" {sql}"));
    }
    let identity = column
        .generated
        .as_ref()
        .filter(|_| d.has_identity_columns())
        .and_then(|g| g.identity_sql());
    match identity {
        Some(sql) => {
            spec.push_str(&format!(" {sql}"));
            // An identity column is NOT NULL by itself; SQLAlchemy says
            // NULL when it was declared nullable.
            if column.nullable {
                spec.push_str(" NULL");
            }
        }
        None if !column.nullable => spec.push_str(" NOT NULL"),
        None => {}
    }
    spec
}

/// The table's primary key columns: an explicit `PrimaryKeyConstraint`, else
/// the columns flagged `primary_key`.
pub(crate) fn primary_key<'a>(
    columns: &'a [Column],
    constraints: &'a [Constraint],
) -> (Option<&'a str>, Vec<&'a str>) {
    for c in constraints {
        if let Constraint::PrimaryKey { name, columns } = c {
            return (
                name.as_deref(),
                columns.iter().map(String::as_str).collect(),
            );
        }
    }
    let cols = columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.as_str())
        .collect();
    (None, cols)
}

/// The name of the table's auto-incrementing column, as SQLAlchemy picks it:
/// the only primary key column, of an integer type, not `autoincrement=False`,
/// and without a foreign key unless `autoincrement=True`.
pub(crate) fn autoincrement_column<'a>(
    columns: &'a [Column],
    constraints: &[Constraint],
) -> Option<&'a str> {
    let (_, pk) = primary_key(columns, constraints);
    let [only] = pk.as_slice() else {
        return None;
    };
    let column = columns.iter().find(|c| c.name == *only)?;
    let eligible = column.type_.is_integer()
        && match column.autoincrement {
            Some(false) => false,
            Some(true) => true,
            None => column.foreign_keys.is_empty() && column.server_default.is_none(),
        };
    eligible.then_some(column.name.as_str())
}

/// The table-level foreign key a column's `ForeignKey` makes.
pub(crate) fn column_fk(column: &str, fk: &ColumnForeignKey) -> ForeignKey {
    let (schema, table, remote) = crate::schema::split_target(&fk.target);
    ForeignKey {
        name: fk.name.clone(),
        columns: vec![column.to_string()],
        referent_schema: schema,
        referent_table: table,
        referent_columns: vec![remote],
        ondelete: fk.ondelete.clone(),
        onupdate: fk.onupdate.clone(),
        deferrable: None,
        initially: None,
        match_: None,
    }
}

/// `CONSTRAINT <name> ` when named.
fn constraint_prefix<D: Dialect + ?Sized>(d: &D, name: &Option<String>) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} ", d.quote(n)),
        None => String::new(),
    }
}

/// `[CONSTRAINT n ]FOREIGN KEY(a) REFERENCES t (b) [MATCH][ON DELETE][ON UPDATE][DEFERRABLE][INITIALLY]`.
pub(crate) fn foreign_key_clause<D: Dialect + ?Sized>(
    d: &D,
    fk: &ForeignKey,
    op: &'static str,
) -> Result<String, RenderError> {
    let mut s = format!(
        "{}FOREIGN KEY({}) REFERENCES {} ({})",
        constraint_prefix(d, &fk.name),
        column_list(d, &fk.columns),
        table_name(d, &fk.referent_schema, &fk.referent_table),
        column_list(d, &fk.referent_columns)
    );
    if let Some(m) = &fk.match_ {
        if d.kind() == DialectKind::Mysql {
            return Err(RenderError::Unsupported {
                op,
                reason: "MySQL ignores the 'MATCH' keyword while at the same time causes \
                         ON UPDATE/ON DELETE clauses to be ignored."
                    .to_string(),
            });
        }
        s.push_str(&format!(" MATCH {m}"));
    }
    if let Some(a) = &fk.ondelete {
        s.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = &fk.onupdate {
        s.push_str(&format!(" ON UPDATE {a}"));
    }
    match fk.deferrable {
        Some(true) => s.push_str(" DEFERRABLE"),
        Some(false) => s.push_str(" NOT DEFERRABLE"),
        None => {}
    }
    if let Some(i) = &fk.initially {
        s.push_str(&format!(" INITIALLY {i}"));
    }
    Ok(s)
}

/// A table constraint as written inside CREATE TABLE or after `ALTER TABLE ... ADD`.
pub(crate) fn constraint_clause<D: Dialect + ?Sized>(
    d: &D,
    c: &Constraint,
    op: &'static str,
) -> Result<String, RenderError> {
    Ok(match c {
        Constraint::PrimaryKey { name, columns } => format!(
            "{}PRIMARY KEY ({})",
            constraint_prefix(d, name),
            column_list(d, columns)
        ),
        Constraint::ForeignKey(fk) => foreign_key_clause(d, fk, op)?,
        Constraint::Unique { name, columns } => format!(
            "{}UNIQUE ({})",
            constraint_prefix(d, name),
            column_list(d, columns)
        ),
        Constraint::Check { name, sqltext } => {
            format!("{}CHECK ({})", constraint_prefix(d, name), sqltext)
        }
    })
}

/// The default rendering of every operation.
pub(crate) fn render<D: Dialect + ?Sized>(d: &D, op: &Op) -> Result<Vec<String>, RenderError> {
    names::check_op(d.kind(), op)?;
    let stmts = match op {
        Op::CreateTable {
            table,
            schema,
            columns,
            constraints,
            comment,
            if_not_exists,
        } => create_table(
            d,
            table,
            schema,
            columns,
            constraints,
            comment,
            *if_not_exists,
        )?,
        Op::DropTable {
            table,
            schema,
            if_exists,
        } => vec![format!(
            "DROP TABLE {}{}",
            if_exists_prefix(*if_exists),
            table_name(d, schema, table)
        )],
        Op::RenameTable {
            table,
            new_name,
            schema,
        } => vec![format!(
            "{} RENAME TO {}",
            alter_table(d, schema, table),
            // Only MySQL keeps the schema on the new name (Alembic's base form);
            // SQLite and PostgreSQL rename within the schema.
            if d.kind() == DialectKind::Mysql {
                table_name(d, schema, new_name)
            } else {
                d.quote(new_name)
            }
        )],
        Op::AddColumn {
            table,
            schema,
            column,
            if_not_exists,
            inline_references,
            inline_primary_key,
        } => add_column(
            d,
            table,
            schema,
            column,
            AddColumnFlags {
                if_not_exists: *if_not_exists,
                inline_references: *inline_references,
                inline_primary_key: *inline_primary_key,
            },
        )?,
        Op::DropColumn {
            table,
            schema,
            column,
            if_exists,
        } => vec![format!(
            "{} DROP COLUMN {}{}",
            alter_table(d, schema, table),
            if_exists_prefix(*if_exists),
            d.quote(column)
        )],
        Op::AlterColumn(a) => alter_column(d, a)?,
        Op::CreateIndex {
            name,
            table,
            schema,
            parts,
            unique,
            if_not_exists,
            options,
        } => vec![create_index(
            d,
            name,
            table,
            schema,
            parts,
            *unique,
            *if_not_exists,
            options,
        )],
        Op::DropIndex {
            name,
            schema,
            if_exists,
            ..
        } => vec![format!(
            "DROP INDEX {}{}",
            if_exists_prefix(*if_exists),
            table_name(d, schema, name)
        )],
        Op::CreateUniqueConstraint {
            name,
            table,
            schema,
            columns,
        } => add_constraint(
            d,
            table,
            schema,
            &Constraint::Unique {
                name: name.clone(),
                columns: columns.clone(),
            },
            op.name(),
        )?,
        Op::CreateForeignKey {
            table,
            schema,
            key,
            postgresql_not_valid,
        } => not_valid(
            d,
            *postgresql_not_valid,
            add_constraint(
                d,
                table,
                schema,
                &Constraint::ForeignKey(key.clone()),
                op.name(),
            )?,
        ),
        Op::CreateCheckConstraint {
            name,
            table,
            schema,
            sqltext,
            postgresql_not_valid,
        } => not_valid(
            d,
            *postgresql_not_valid,
            add_constraint(
                d,
                table,
                schema,
                &Constraint::Check {
                    name: name.clone(),
                    sqltext: sqltext.clone(),
                },
                op.name(),
            )?,
        ),
        Op::CreatePrimaryKey {
            name,
            table,
            schema,
            columns,
        } => add_constraint(
            d,
            table,
            schema,
            &Constraint::PrimaryKey {
                name: name.clone(),
                columns: columns.clone(),
            },
            op.name(),
        )?,
        Op::DropConstraint {
            name,
            table,
            schema,
            if_exists,
            ..
        } => vec![format!(
            "{} DROP CONSTRAINT {}{}",
            alter_table(d, schema, table),
            if_exists_prefix(*if_exists),
            d.quote(name)
        )],
        Op::CreateTableComment {
            table,
            schema,
            comment,
            ..
        } => vec![format!(
            "COMMENT ON TABLE {} IS {}",
            table_name(d, schema, table),
            literal::string(d.kind(), comment)
        )],
        Op::DropTableComment { table, schema, .. } => vec![format!(
            "COMMENT ON TABLE {} IS NULL",
            table_name(d, schema, table)
        )],
        Op::Execute { sql } => vec![text_clause(sql)],
        Op::BulkInsert {
            table,
            schema,
            columns,
            rows,
        } => bulk_insert(d, table, schema, columns, rows),
        // Enum types exist as such only on PostgreSQL, which overrides this.
        Op::CreateEnum { .. } | Op::DropEnum { .. } => Vec::new(),
        Op::Batch(batch) => {
            if batch.recreate == Recreate::Always {
                return Err(RenderError::NeedsTableShape {
                    table: batch.table.clone(),
                });
            }
            let mut stmts = Vec::new();
            for inner in &batch.ops {
                stmts.extend(d.render(inner)?);
            }
            return Ok(stmts);
        }
        Op::Autocommit(inner) => {
            // In a script, the block ends the transaction on databases
            // whose DDL is transactional, and opens the next one after it.
            let transactional = d.kind() == DialectKind::Postgresql;
            let mut stmts = Vec::new();
            if transactional {
                stmts.push("COMMIT".to_string());
            }
            for op in inner {
                stmts.extend(d.render(op)?);
            }
            if transactional {
                stmts.push("BEGIN".to_string());
            }
            return Ok(stmts);
        }
    };
    Ok(stmts.into_iter().map(|s| finish(d.kind(), &s)).collect())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// SQL text as `sa.text()` compiles it offline with literal binds: each bind
/// token `:name` (not after `:`, a word character or `\`, not followed by
/// `:`) has no value and prints as `NULL`; `\:name` prints as `:name`.
pub(crate) fn text_clause(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if c == '\\' && chars.get(i + 1) == Some(&':') {
            // An escaped colon: `\:name` when the name is not followed by `:`, `$` or a word.
            let mut end = i + 2;
            while end < chars.len() && (is_word(chars[end]) || chars[end] == '$') {
                end += 1;
            }
            if chars.get(end) != Some(&':') {
                out.extend(&chars[i + 1..end]);
                i = end;
                continue;
            }
        }
        if c == ':' && !prev.is_some_and(|p| p == ':' || p == '\\' || is_word(p)) {
            let mut end = i + 1;
            while end < chars.len() && is_word(chars[end]) {
                end += 1;
            }
            // A name running into a `:` is no bind (`:abc:` prints unchanged).
            if end > i + 1 && chars.get(end) != Some(&':') {
                out.push_str("NULL");
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Alembic prints compiled SQL with tabs as four spaces, stripped. (The
/// stock env.py configures offline runs with the `named` paramstyle, so no
/// `%` is doubled, unlike SQLAlchemy's `pyformat` default for psycopg and
/// PyMySQL.)
pub(crate) fn finish(_kind: DialectKind, sql: &str) -> String {
    sql.replace('\t', "    ").trim().to_string()
}

/// `CREATE TABLE` plus the statements Alembic emits with it (indexes from
/// `index=True`, comments where not inline).
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_table<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    schema: &Option<String>,
    columns: &[Column],
    constraints: &[Constraint],
    comment: &Option<String>,
    if_not_exists: bool,
) -> Result<Vec<String>, RenderError> {
    let op = "create_table";
    let kind = d.kind();
    let auto = autoincrement_column(columns, constraints);
    let mut lines = Vec::new();
    for c in columns {
        lines.push(d.column_spec(c, auto == Some(c.name.as_str()))?);
    }
    let (pk_name, pk_cols) = primary_key(columns, constraints);
    if !pk_cols.is_empty() {
        lines.push(constraint_clause(
            d,
            &Constraint::PrimaryKey {
                name: pk_name.map(str::to_string),
                columns: pk_cols.iter().map(|c| c.to_string()).collect(),
            },
            op,
        )?);
    }
    for c in constraints {
        if !matches!(c, Constraint::PrimaryKey { .. }) {
            lines.push(constraint_clause(d, c, op)?);
        }
    }
    for c in columns {
        if let Some(check) = enum_check(d, c) {
            lines.push(check);
        }
        if c.unique && !c.index {
            lines.push(format!("UNIQUE ({})", d.quote(&c.name)));
        }
        for fk in &c.foreign_keys {
            let key = column_fk(&c.name, fk);
            // SQLite silently leaves out keys to a table in another schema.
            if kind == DialectKind::Sqlite && key.referent_schema != *schema {
                continue;
            }
            lines.push(foreign_key_clause(d, &key, op)?);
        }
    }
    let mut create = format!(
        "CREATE TABLE {}{} (\n    {}\n)",
        if if_not_exists { "IF NOT EXISTS " } else { "" },
        table_name(d, schema, table),
        lines.join(", \n    ")
    );
    if kind == DialectKind::Mysql {
        if let Some(text) = comment {
            create.push_str(&format!("COMMENT={}", literal::string(kind, text)));
        }
    }
    let mut stmts = vec![create];
    for c in columns.iter().filter(|c| c.index) {
        stmts.push(create_index(
            d,
            &names::generated_index_name(kind, &format!("ix_{table}_{}", c.name)),
            table,
            schema,
            &[IndexPart::Column(c.name.clone())],
            c.unique,
            false,
            &IndexOptions::default(),
        ));
    }
    if kind == DialectKind::Postgresql {
        if let Some(text) = comment {
            stmts.push(format!(
                "COMMENT ON TABLE {} IS {}",
                table_name(d, schema, table),
                literal::string(kind, text)
            ));
        }
        for c in columns {
            if let Some(text) = &c.comment {
                stmts.push(column_comment(d, table, schema, &c.name, Some(text)));
            }
        }
    }
    Ok(stmts)
}

/// The CHECK an `Enum(create_constraint=True)` adds where the enum is not
/// native to the database (SQLite, or `native_enum=False`), named after the type.
pub(crate) fn enum_check<D: Dialect + ?Sized>(d: &D, column: &Column) -> Option<String> {
    let SqlType::Enum(e) = &column.type_ else {
        return None;
    };
    let native = e.native_enum && d.kind() != DialectKind::Sqlite;
    if !e.create_constraint || native {
        return None;
    }
    let values: Vec<String> = e
        .values
        .iter()
        .map(|v| literal::string(d.kind(), v))
        .collect();
    Some(format!(
        "{}CHECK ({} IN ({}))",
        constraint_prefix(d, &e.name),
        d.quote(&column.name),
        values.join(", ")
    ))
}

/// `COMMENT ON COLUMN t.c IS '...'` (or `IS NULL`).
pub(crate) fn column_comment<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    schema: &Option<String>,
    column: &str,
    comment: Option<&String>,
) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        table_name(d, schema, table),
        d.quote(column),
        comment.map_or_else(|| "NULL".to_string(), |c| literal::string(d.kind(), c))
    )
}

/// The flags of `op.add_column`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AddColumnFlags {
    /// `if_not_exists=True`.
    pub(crate) if_not_exists: bool,
    /// `inline_references=True`.
    pub(crate) inline_references: bool,
    /// `inline_primary_key=True`.
    pub(crate) inline_primary_key: bool,
}

/// `ALTER TABLE t ADD COLUMN ...`, then the constraints the column carries
/// (enum CHECK, UNIQUE, foreign keys: `ALTER TABLE ... ADD`, which SQLite
/// cannot), its index and, on PostgreSQL, its comment — Alembic's order.
pub(crate) fn add_column<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    schema: &Option<String>,
    column: &Column,
    flags: AddColumnFlags,
) -> Result<Vec<String>, RenderError> {
    let op = "add_column";
    let auto = column.primary_key
        && autoincrement_column(std::slice::from_ref(column), &[]) == Some(column.name.as_str());
    let mut spec = format!(
        "{} ADD COLUMN {}{}",
        alter_table(d, schema, table),
        if flags.if_not_exists {
            "IF NOT EXISTS "
        } else {
            ""
        },
        d.column_spec(column, auto)?
    );
    if flags.inline_primary_key && column.primary_key {
        spec.push_str(" PRIMARY KEY");
    }
    let inline_fk = flags.inline_references && column.foreign_keys.len() == 1;
    if inline_fk {
        let key = column_fk(&column.name, &column.foreign_keys[0]);
        let clause = foreign_key_clause(d, &key, op)?;
        if let Some(at) = clause.find(" REFERENCES ") {
            spec.push_str(&clause[at..]);
        }
    }
    let mut stmts = vec![spec];
    let mut constraints = Vec::new();
    // SQLite skips a type's implicit CHECK here (Alembic warns
    // "Skipping unsupported ALTER for creation of implicit constraint").
    if let Some(check) = enum_check(d, column).filter(|_| d.kind() != DialectKind::Sqlite) {
        constraints.push(check);
    }
    if column.unique && !column.index {
        constraints.push(format!("UNIQUE ({})", d.quote(&column.name)));
    }
    if !inline_fk {
        for fk in &column.foreign_keys {
            constraints.push(foreign_key_clause(d, &column_fk(&column.name, fk), op)?);
        }
    }
    for c in constraints {
        if d.kind() == DialectKind::Sqlite {
            return Err(RenderError::NeedsBatch { op });
        }
        stmts.push(format!("{} ADD {c}", alter_table(d, schema, table)));
    }
    if column.index {
        stmts.push(create_index(
            d,
            &names::generated_index_name(d.kind(), &format!("ix_{table}_{}", column.name)),
            table,
            schema,
            &[IndexPart::Column(column.name.clone())],
            column.unique,
            false,
            &IndexOptions::default(),
        ));
    }
    if d.kind() == DialectKind::Postgresql {
        if let Some(text) = &column.comment {
            stmts.push(column_comment(d, table, schema, &column.name, Some(text)));
        }
    }
    Ok(stmts)
}

/// `ALTER TABLE t ADD <constraint>` (SQLite cannot).
pub(crate) fn add_constraint<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    schema: &Option<String>,
    constraint: &Constraint,
    op: &'static str,
) -> Result<Vec<String>, RenderError> {
    if d.kind() == DialectKind::Sqlite {
        return Err(RenderError::NeedsBatch { op });
    }
    Ok(vec![format!(
        "{} ADD {}",
        alter_table(d, schema, table),
        constraint_clause(d, constraint, op)?
    )])
}

/// `postgresql_not_valid=True`: `NOT VALID` after the constraint where the
/// database has it (a dialect option the others ignore, as SQLAlchemy's do).
fn not_valid<D: Dialect + ?Sized>(d: &D, asked: bool, mut statements: Vec<String>) -> Vec<String> {
    if asked && d.has_not_valid_constraints() {
        for statement in &mut statements {
            statement.push_str(" NOT VALID");
        }
    }
    statements
}

/// `CREATE [UNIQUE] INDEX ...` in the generic / per-database shape.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_index<D: Dialect + ?Sized>(
    d: &D,
    name: &str,
    table: &str,
    schema: &Option<String>,
    parts: &[IndexPart],
    unique: bool,
    if_not_exists: bool,
    options: &IndexOptions,
) -> String {
    let kind = d.kind();
    let mut s = String::from("CREATE ");
    if unique {
        s.push_str("UNIQUE ");
    }
    s.push_str("INDEX ");
    if kind == DialectKind::Postgresql && options.postgresql_concurrently {
        s.push_str("CONCURRENTLY ");
    }
    if if_not_exists {
        s.push_str("IF NOT EXISTS ");
    }
    let cols = parts
        .iter()
        .map(|p| {
            let part = match p {
                IndexPart::Column(c) => d.quote(c),
                IndexPart::Expression(e) => e.clone(),
            };
            // MySQL applies a single `mysql_length` to every element,
            // expressions included. A MariaDB dialect reads only
            // `mariadb_`-prefixed options, so it ignores `mysql_length`.
            let own = match p {
                IndexPart::Column(c) => options
                    .mysql_lengths
                    .iter()
                    .find(|(name, _)| name == c)
                    .map(|(_, n)| *n),
                IndexPart::Expression(_) => None,
            };
            match (kind, own.or(options.mysql_length)) {
                (DialectKind::Mysql, Some(n)) if !d.is_mariadb() => format!("{part}({n})"),
                _ => part,
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    match kind {
        DialectKind::Sqlite => {
            s.push_str(&format!(
                "{} ON {} ({cols})",
                table_name(d, schema, name),
                d.quote(table)
            ));
            if let Some(w) = &options.sqlite_where {
                s.push_str(&format!(" WHERE {w}"));
            }
        }
        DialectKind::Postgresql => {
            s.push_str(&format!(
                "{} ON {} ",
                d.quote(name),
                table_name(d, schema, table)
            ));
            if let Some(u) = &options.postgresql_using {
                s.push_str(&format!("USING {} ", d.quote(u)));
            }
            s.push_str(&format!("({cols})"));
            match options.postgresql_nulls_not_distinct {
                Some(true) => s.push_str(" NULLS NOT DISTINCT"),
                Some(false) => s.push_str(" NULLS DISTINCT"),
                None => {}
            }
            if let Some(w) = &options.postgresql_where {
                s.push_str(&format!(" WHERE {w}"));
            }
        }
        DialectKind::Mysql => s.push_str(&format!(
            "{} ON {} ({cols})",
            d.quote(name),
            table_name(d, schema, table)
        )),
    }
    s
}

/// One `INSERT` per row, values as literals, columns in table order.
fn bulk_insert<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    schema: &Option<String>,
    columns: &[String],
    rows: &[Vec<(String, crate::schema::Literal)>],
) -> Vec<String> {
    rows.iter()
        .map(|row| {
            let mut names = Vec::new();
            let mut values = Vec::new();
            for col in columns {
                if let Some((_, v)) = row.iter().find(|(k, _)| k == col) {
                    names.push(d.quote(col));
                    values.push(d.literal(v));
                }
            }
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                table_name(d, schema, table),
                names.join(", "),
                values.join(", ")
            )
        })
        .collect()
}

/// Alembic's default `alter_column`: one statement per change, in the order
/// nullable, default, type, comment, rename.
pub(crate) fn alter_column<D: Dialect + ?Sized>(
    d: &D,
    a: &AlterColumn,
) -> Result<Vec<String>, RenderError> {
    let mut stmts = Vec::new();
    if let Some(n) = a.nullable {
        stmts.push(alter_nullable(d, a, n));
    }
    if let Some(default) = &a.server_default {
        stmts.push(alter_default(d, a, default.as_ref()));
    }
    if let Some(t) = &a.type_ {
        stmts.push(format!(
            "{} ALTER COLUMN {} TYPE {}",
            alter_table(d, &a.schema, &a.table),
            d.quote(&a.column),
            d.compile_type(t)?
        ));
    }
    if let Some(comment) = &a.comment {
        if d.kind() == DialectKind::Sqlite {
            return Err(RenderError::Unsupported {
                op: "alter_column",
                reason: "SQLite has no column comments (UnsupportedCompilationError in SQLAlchemy)"
                    .to_string(),
            });
        }
        stmts.push(column_comment(
            d,
            &a.table,
            &a.schema,
            &a.column,
            comment.as_ref(),
        ));
    }
    if let Some(new) = &a.new_column_name {
        stmts.push(rename_column(d, a, new));
    }
    Ok(stmts)
}

/// `ALTER TABLE t ALTER COLUMN c SET NOT NULL` / `DROP NOT NULL`.
pub(crate) fn alter_nullable<D: Dialect + ?Sized>(
    d: &D,
    a: &AlterColumn,
    nullable: bool,
) -> String {
    format!(
        "{} ALTER COLUMN {} {}",
        alter_table(d, &a.schema, &a.table),
        d.quote(&a.column),
        if nullable {
            "DROP NOT NULL"
        } else {
            "SET NOT NULL"
        }
    )
}

/// `ALTER TABLE t ALTER COLUMN c SET DEFAULT x` / `DROP DEFAULT`.
pub(crate) fn alter_default<D: Dialect + ?Sized>(
    d: &D,
    a: &AlterColumn,
    default: Option<&ServerDefault>,
) -> String {
    format!(
        "{} ALTER COLUMN {} {}",
        alter_table(d, &a.schema, &a.table),
        d.quote(&a.column),
        match default {
            Some(v) => format!("SET DEFAULT {}", d.default_value(v)),
            None => "DROP DEFAULT".to_string(),
        }
    )
}

/// Column rename: SQLite `RENAME COLUMN c TO d`, PostgreSQL `RENAME c TO d`.
pub(crate) fn rename_column<D: Dialect + ?Sized>(d: &D, a: &AlterColumn, new: &str) -> String {
    let keyword = if d.kind() == DialectKind::Sqlite {
        "RENAME COLUMN"
    } else {
        "RENAME"
    };
    format!(
        "{} {keyword} {} TO {}",
        alter_table(d, &a.schema, &a.table),
        d.quote(&a.column),
        d.quote(new)
    )
}

/// What `drop_constraint` names on MySQL, by kind.
pub(crate) fn mysql_drop_constraint<D: Dialect + ?Sized>(
    d: &D,
    name: &str,
    table: &str,
    schema: &Option<String>,
    kind: Option<ConstraintKind>,
) -> Result<String, RenderError> {
    let alter = alter_table(d, schema, table);
    Ok(match kind {
        Some(ConstraintKind::Unique) => format!("{alter} DROP INDEX {}", d.quote(name)),
        Some(ConstraintKind::ForeignKey) => format!("{alter} DROP FOREIGN KEY {}", d.quote(name)),
        // Alembic spells it per vendor: MariaDB has no `DROP CHECK`.
        Some(ConstraintKind::Check) if d.is_mariadb() => {
            format!("{alter} DROP CONSTRAINT {}", d.quote(name))
        }
        Some(ConstraintKind::Check) => format!("{alter} DROP CHECK {}", d.quote(name)),
        Some(ConstraintKind::Primary) => format!("{alter} DROP PRIMARY KEY"),
        None => {
            return Err(RenderError::Unsupported {
                op: "drop_constraint",
                reason: "No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type"
                    .to_string(),
            })
        }
    })
}

/// `IF EXISTS ` when asked for, else nothing.
pub(crate) fn if_exists_prefix(if_exists: bool) -> &'static str {
    if if_exists {
        "IF EXISTS "
    } else {
        ""
    }
}
