//! The SQL of `op.execute()` → [`Change`]s, parsed with `sqlparser` in the
//! target's dialect. A statement it cannot parse, or does not know, yields
//! no change: a review says what it can prove, and raw SQL it cannot read
//! stays the author's responsibility (the finding for that would be noise).

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, FromTable, ObjectName,
    ObjectType, Statement, TableConstraint, TableFactor,
};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::change::{Change, ChangeKind, NewColumn, Origin, TableRef};
use crate::target::Target;
use crate::types::TypeFacts;

/// The changes the statements of `sql` make, in order. `existing`,
/// `in_transaction` and `op_index` are the caller's to settle.
pub fn lower(sql: &str, target: Target) -> Vec<Change> {
    let mut out = Vec::new();
    let dialect: Box<dyn Dialect> = match target {
        Target::Postgresql => Box::new(PostgreSqlDialect {}),
        Target::Mysql | Target::Mariadb => Box::new(MySqlDialect {}),
        Target::Sqlite => Box::new(SQLiteDialect {}),
    };
    for statement in split_statements(sql) {
        if let Some(change) = session_setting(statement) {
            out.push(change);
            continue;
        }
        if let Some(change) = drop_index_concurrently(statement) {
            out.push(change);
            continue;
        }
        if let Some(change) = mysql_special_index(statement) {
            out.push(change);
            continue;
        }
        if let Ok(parsed) = Parser::parse_sql(dialect.as_ref(), statement) {
            for statement in &parsed {
                lower_statement(statement, target, &mut out);
            }
        }
    }
    out
}

/// The statements of a script, split at semicolons outside quotes,
/// comments and PostgreSQL dollar quotes (so a `DO $$ ... $$` block, which
/// the parser does not read, stays one piece).
fn split_statements(sql: &str) -> Vec<&str> {
    let bytes = sql.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'$' => {
                if let Some(len) = sql[i + 1..].find('$') {
                    let tag = &sql[i..i + len + 2];
                    if tag[1..tag.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        match sql[i + tag.len()..].find(tag) {
                            Some(end) => i += tag.len() + end + tag.len() - 1,
                            None => i = bytes.len(),
                        }
                    }
                }
            }
            b';' => {
                pieces.push(&sql[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    pieces.push(&sql[start.min(sql.len())..]);
    pieces
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The upper-case words of a statement, for the few forms read by hand.
fn words(statement: &str) -> Vec<String> {
    statement
        .split(|c: char| c.is_whitespace() || c == '=')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// `SET [SESSION|LOCAL] lock_timeout ...` and MySQL's lock wait settings.
fn session_setting(statement: &str) -> Option<Change> {
    let words = words(statement);
    if words.first().map(String::as_str) != Some("SET") {
        return None;
    }
    let sets_lock_wait = words.iter().any(|w| {
        let w = w.trim_start_matches("@@").trim_start_matches("SESSION.");
        matches!(
            w,
            "LOCK_TIMEOUT" | "LOCK_WAIT_TIMEOUT" | "INNODB_LOCK_WAIT_TIMEOUT"
        )
    });
    sets_lock_wait.then(|| bare(ChangeKind::SetLockTimeout, None))
}

/// `DROP INDEX CONCURRENTLY [IF EXISTS] name` (the parser stops at
/// CONCURRENTLY).
fn drop_index_concurrently(statement: &str) -> Option<Change> {
    let words = words(statement);
    if words.len() < 4 || words[0] != "DROP" || words[1] != "INDEX" || words[2] != "CONCURRENTLY" {
        return None;
    }
    let mut rest = &words[3..];
    if rest.len() > 2 && rest[0] == "IF" && rest[1] == "EXISTS" {
        rest = &rest[2..];
    }
    let raw = statement
        .split_whitespace()
        .nth(3 + (words.len() - 3 - rest.len()))?;
    Some(bare(
        ChangeKind::DropIndex {
            name: unquote(raw),
            concurrently: true,
        },
        None,
    ))
}

/// `CREATE FULLTEXT|SPATIAL INDEX name ON table ...` (MySQL).
fn mysql_special_index(statement: &str) -> Option<Change> {
    let words = words(statement);
    if words.len() < 6
        || words[0] != "CREATE"
        || !matches!(words[1].as_str(), "FULLTEXT" | "SPATIAL")
        || words[2] != "INDEX"
        || words[4] != "ON"
    {
        return None;
    }
    let raw: Vec<&str> = statement.split_whitespace().collect();
    let table = raw.get(5)?.split('(').next().unwrap_or_default();
    Some(bare(
        ChangeKind::CreateIndex {
            name: unquote(raw.get(3)?),
            unique: false,
            concurrently: false,
            copies_table: true,
        },
        Some(TableRef {
            schema: None,
            name: unquote(table),
        }),
    ))
}

fn unquote(name: &str) -> String {
    name.trim_matches(|c| c == '"' || c == '`' || c == ';')
        .to_string()
}

fn bare(kind: ChangeKind, table: Option<TableRef>) -> Change {
    Change {
        kind,
        table,
        existing: true,
        in_transaction: true,
        origin: Origin::Sql,
        op_index: 0,
    }
}

fn table_of(name: &ObjectName) -> TableRef {
    let parts: Vec<String> = name
        .0
        .iter()
        .filter_map(|p| p.as_ident())
        .map(|i| i.value.clone())
        .collect();
    match parts.as_slice() {
        [.., schema, table] => TableRef {
            schema: Some(schema.clone()),
            name: table.clone(),
        },
        [table] => TableRef {
            schema: None,
            name: table.clone(),
        },
        [] => TableRef {
            schema: None,
            name: name.to_string(),
        },
    }
}

fn last_name(name: &ObjectName) -> String {
    table_of(name).name
}

fn lower_statement(statement: &Statement, target: Target, out: &mut Vec<Change>) {
    match statement {
        Statement::CreateTable(create) => {
            out.push(bare(ChangeKind::CreateTable, Some(table_of(&create.name))))
        }
        Statement::CreateIndex(index) => out.push(bare(
            ChangeKind::CreateIndex {
                name: index.name.as_ref().map(last_name).unwrap_or_default(),
                unique: index.unique,
                concurrently: index.concurrently,
                copies_table: false,
            },
            Some(table_of(&index.table_name)),
        )),
        Statement::Drop {
            object_type,
            names,
            table,
            ..
        } => {
            for name in names {
                match object_type {
                    ObjectType::Table => {
                        out.push(bare(ChangeKind::DropTable, Some(table_of(name))))
                    }
                    ObjectType::Index => out.push(bare(
                        ChangeKind::DropIndex {
                            name: last_name(name),
                            concurrently: false,
                        },
                        table.as_ref().map(table_of),
                    )),
                    _ => {}
                }
            }
        }
        Statement::AlterTable(alter) => {
            let table = table_of(&alter.name);
            for operation in &alter.operations {
                if let Some(kind) = alter_operation(operation, target) {
                    out.push(bare(kind, Some(table.clone())));
                }
            }
        }
        Statement::Update(update) => {
            if let TableFactor::Table { name, .. } = &update.table.relation {
                out.push(bare(
                    ChangeKind::Update {
                        has_where: update.selection.is_some(),
                    },
                    Some(table_of(name)),
                ));
            }
        }
        Statement::Delete(delete) => {
            let tables = match &delete.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            for from in tables {
                if let TableFactor::Table { name, .. } = &from.relation {
                    out.push(bare(
                        ChangeKind::Delete {
                            has_where: delete.selection.is_some(),
                        },
                        Some(table_of(name)),
                    ));
                }
            }
        }
        _ => {}
    }
}

fn alter_operation(operation: &AlterTableOperation, target: Target) -> Option<ChangeKind> {
    Some(match operation {
        AlterTableOperation::AddColumn { column_def, .. } => {
            ChangeKind::AddColumn(new_column(column_def))
        }
        AlterTableOperation::DropColumn { column_names, .. } => ChangeKind::DropColumn {
            column: column_names.first()?.value.clone(),
        },
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => ChangeKind::RenameColumn {
            column: old_column_name.value.clone(),
            to: new_column_name.value.clone(),
        },
        AlterTableOperation::RenameTable { table_name } => {
            let name = match table_name {
                sqlparser::ast::RenameTableNameKind::As(n)
                | sqlparser::ast::RenameTableNameKind::To(n) => n,
            };
            ChangeKind::RenameTable {
                to: last_name(name),
            }
        }
        AlterTableOperation::AlterColumn { column_name, op } => match op {
            AlterColumnOperation::SetNotNull => ChangeKind::SetNotNull {
                column: column_name.value.clone(),
                proven_by_check: false,
            },
            AlterColumnOperation::SetDataType { data_type, .. } => ChangeKind::AlterType {
                column: column_name.value.clone(),
                from: None,
                to: TypeFacts::parse(&data_type.to_string()),
            },
            _ => return None,
        },
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            ..
        } if target.is_mysql_family() => ChangeKind::AlterType {
            column: col_name.value.clone(),
            from: None,
            to: TypeFacts::parse(&data_type.to_string()),
        },
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            ..
        } if target.is_mysql_family() => {
            if old_name.value != new_name.value {
                ChangeKind::RenameColumn {
                    column: old_name.value.clone(),
                    to: new_name.value.clone(),
                }
            } else {
                ChangeKind::AlterType {
                    column: old_name.value.clone(),
                    from: None,
                    to: TypeFacts::parse(&data_type.to_string()),
                }
            }
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => match constraint {
            TableConstraint::ForeignKey(fk) => ChangeKind::AddForeignKey {
                name: fk.name.as_ref().map(|n| n.value.clone()),
                not_valid: *not_valid,
            },
            TableConstraint::Check(check) => ChangeKind::AddCheck {
                name: check.name.as_ref().map(|n| n.value.clone()),
                not_valid: *not_valid,
                condition: check.expr.to_string(),
            },
            TableConstraint::Unique(unique) => ChangeKind::AddUnique {
                name: unique.name.as_ref().map(|n| n.value.clone()),
                using_index: false,
            },
            TableConstraint::UniqueUsingIndex(_) => ChangeKind::AddUnique {
                name: None,
                using_index: true,
            },
            TableConstraint::PrimaryKey(_) => ChangeKind::AddPrimaryKey { using_index: false },
            TableConstraint::PrimaryKeyUsingIndex(_) => {
                ChangeKind::AddPrimaryKey { using_index: true }
            }
            _ => return None,
        },
        AlterTableOperation::ValidateConstraint { name } => ChangeKind::ValidateConstraint {
            name: name.value.clone(),
        },
        _ => return None,
    })
}

fn new_column(def: &ColumnDef) -> NewColumn {
    let mut column = NewColumn {
        name: def.name.value.clone(),
        type_: TypeFacts::parse(&def.data_type.to_string()),
        nullable: true,
        default: None,
        references: false,
        unique: false,
        primary_key: false,
        generated: false,
    };
    for option in &def.options {
        match &option.option {
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::Default(expr) => column.default = Some(expr.to_string()),
            ColumnOption::ForeignKey(_) => column.references = true,
            ColumnOption::Unique(_) => column.unique = true,
            ColumnOption::PrimaryKey(_) => {
                column.primary_key = true;
                column.nullable = false;
            }
            ColumnOption::Generated { .. } => column.generated = true,
            _ => {}
        }
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_outside_quotes_and_dollar_blocks() {
        assert_eq!(
            split_statements(
                "SET lock_timeout = '1s'; UPDATE t SET a = ';'; DO $$ BEGIN x; y; END $$;"
            ),
            vec![
                "SET lock_timeout = '1s'",
                "UPDATE t SET a = ';'",
                "DO $$ BEGIN x; y; END $$"
            ]
        );
    }

    #[test]
    fn sql_reads_as_the_operations_it_performs() {
        let kinds = |sql: &str| -> Vec<ChangeKind> {
            lower(sql, Target::Postgresql)
                .into_iter()
                .map(|c| c.kind)
                .collect()
        };
        assert_eq!(
            kinds("CREATE INDEX CONCURRENTLY ix ON \"user\" (email)"),
            vec![ChangeKind::CreateIndex {
                name: "ix".into(),
                unique: false,
                concurrently: true,
                copies_table: false,
            }]
        );
        assert_eq!(
            kinds("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID"),
            vec![ChangeKind::AddForeignKey {
                name: Some("fk".into()),
                not_valid: true
            }]
        );
        assert_eq!(
            kinds("SET lock_timeout = '2s'"),
            vec![ChangeKind::SetLockTimeout]
        );
        assert_eq!(
            kinds("DROP INDEX CONCURRENTLY IF EXISTS ix_a"),
            vec![ChangeKind::DropIndex {
                name: "ix_a".into(),
                concurrently: true
            }]
        );
        assert_eq!(
            kinds("UPDATE t SET a = 1"),
            vec![ChangeKind::Update { has_where: false }]
        );
        assert!(kinds("this is not sql").is_empty());
    }
}
