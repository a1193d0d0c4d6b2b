//! The reverse of each operation, as Alembic's `reverse()` builds it for
//! autogenerate's downgrade. Operations that drop something without knowing
//! its full shape (drop_table, drop_column, drop_index, drop_constraint) and
//! data operations have no reverse.

use super::{AlterColumn, ConstraintKind, Op};

impl Op {
    /// The operation undoing this one, or `None` where Alembic has none
    /// (or would need information this value does not carry).
    pub fn reverse(&self) -> Option<Op> {
        match self {
            Op::CreateTable { table, schema, .. } => Some(Op::DropTable {
                table: table.clone(),
                schema: schema.clone(),
                if_exists: false,
            }),
            Op::RenameTable {
                table,
                new_name,
                schema,
            } => Some(Op::RenameTable {
                table: new_name.clone(),
                new_name: table.clone(),
                schema: schema.clone(),
            }),
            Op::AddColumn {
                table,
                schema,
                column,
                ..
            } => Some(Op::DropColumn {
                table: table.clone(),
                schema: schema.clone(),
                column: column.name.clone(),
                if_exists: false,
            }),
            Op::AlterColumn(alter) => Some(Op::AlterColumn(Box::new(reverse_alter(alter)))),
            Op::CreateIndex {
                name,
                table,
                schema,
                ..
            } => Some(Op::DropIndex {
                name: name.clone(),
                table: Some(table.clone()),
                schema: schema.clone(),
                if_exists: false,
                postgresql_concurrently: false,
            }),
            Op::CreateUniqueConstraint {
                name: Some(name),
                table,
                schema,
                ..
            } => Some(drop_constraint(name, table, schema, ConstraintKind::Unique)),
            Op::CreateCheckConstraint {
                name: Some(name),
                table,
                schema,
                ..
            } => Some(drop_constraint(name, table, schema, ConstraintKind::Check)),
            Op::CreatePrimaryKey {
                name: Some(name),
                table,
                schema,
                ..
            } => Some(drop_constraint(
                name,
                table,
                schema,
                ConstraintKind::Primary,
            )),
            Op::CreateForeignKey {
                table, schema, key, ..
            } => key
                .name
                .as_ref()
                .map(|name| drop_constraint(name, table, schema, ConstraintKind::ForeignKey)),
            Op::CreateTableComment {
                table,
                schema,
                comment,
                existing_comment,
            } => Some(match existing_comment {
                Some(previous) => Op::CreateTableComment {
                    table: table.clone(),
                    schema: schema.clone(),
                    comment: previous.clone(),
                    existing_comment: Some(comment.clone()),
                },
                None => Op::DropTableComment {
                    table: table.clone(),
                    schema: schema.clone(),
                    existing_comment: Some(comment.clone()),
                },
            }),
            Op::DropTableComment {
                table,
                schema,
                existing_comment,
            } => existing_comment
                .as_ref()
                .map(|previous| Op::CreateTableComment {
                    table: table.clone(),
                    schema: schema.clone(),
                    comment: previous.clone(),
                    existing_comment: None,
                }),
            _ => None,
        }
    }
}

fn drop_constraint(name: &str, table: &str, schema: &Option<String>, kind: ConstraintKind) -> Op {
    Op::DropConstraint {
        name: name.to_string(),
        table: table.to_string(),
        schema: schema.clone(),
        type_: Some(kind),
        if_exists: false,
    }
}

/// Swaps each changed value with its `existing_*` counterpart.
fn reverse_alter(a: &AlterColumn) -> AlterColumn {
    let mut r = AlterColumn {
        table: a.table.clone(),
        column: a
            .new_column_name
            .clone()
            .unwrap_or_else(|| a.column.clone()),
        schema: a.schema.clone(),
        new_column_name: a.new_column_name.as_ref().map(|_| a.column.clone()),
        postgresql_using: None,
        ..AlterColumn::default()
    };
    match a.nullable {
        Some(n) => {
            r.nullable = a.existing_nullable;
            r.existing_nullable = Some(n);
        }
        None => r.existing_nullable = a.existing_nullable,
    }
    match &a.type_ {
        Some(t) => {
            r.type_ = a.existing_type.clone();
            r.existing_type = Some(t.clone());
        }
        None => r.existing_type = a.existing_type.clone(),
    }
    match &a.server_default {
        Some(new) => {
            r.server_default = Some(a.existing_server_default.clone());
            r.existing_server_default = new.clone();
        }
        None => r.existing_server_default = a.existing_server_default.clone(),
    }
    match &a.comment {
        Some(new) => {
            r.comment = Some(a.existing_comment.clone());
            r.existing_comment = new.clone();
        }
        None => r.existing_comment = a.existing_comment.clone(),
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, ServerDefault, SqlType};

    #[test]
    fn add_column_reverses_to_drop_column() {
        let op = Op::AddColumn {
            table: "t".into(),
            schema: Some("s".into()),
            column: Column::new("c", SqlType::Integer),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        };
        assert_eq!(
            op.reverse(),
            Some(Op::DropColumn {
                table: "t".into(),
                schema: Some("s".into()),
                column: "c".into(),
                if_exists: false,
            })
        );
    }

    #[test]
    fn alter_column_swaps_existing_values() {
        let op = Op::AlterColumn(Box::new(AlterColumn {
            table: "t".into(),
            column: "c".into(),
            nullable: Some(false),
            existing_nullable: Some(true),
            type_: Some(SqlType::BigInteger),
            existing_type: Some(SqlType::Integer),
            server_default: Some(None),
            existing_server_default: Some(ServerDefault::Text("0".into())),
            new_column_name: Some("d".into()),
            ..AlterColumn::default()
        }));
        let Some(Op::AlterColumn(r)) = op.reverse() else {
            panic!("alter_column has a reverse");
        };
        assert_eq!(r.column, "d");
        assert_eq!(r.new_column_name.as_deref(), Some("c"));
        assert_eq!(r.nullable, Some(true));
        assert_eq!(r.existing_nullable, Some(false));
        assert_eq!(r.type_, Some(SqlType::Integer));
        assert_eq!(r.existing_type, Some(SqlType::BigInteger));
        assert_eq!(
            r.server_default,
            Some(Some(ServerDefault::Text("0".into())))
        );
        assert_eq!(r.existing_server_default, None);
        assert_eq!(Op::AlterColumn(r).reverse(), Some(op));
    }

    #[test]
    fn drops_and_data_ops_have_no_reverse() {
        let drop = Op::DropTable {
            table: "t".into(),
            schema: None,
            if_exists: false,
        };
        assert_eq!(drop.reverse(), None);
        assert_eq!(Op::Execute { sql: "x".into() }.reverse(), None);
        let unnamed = Op::CreateUniqueConstraint {
            name: None,
            table: "t".into(),
            schema: None,
            columns: vec![],
        };
        assert_eq!(unnamed.reverse(), None);
    }

    #[test]
    fn rename_and_comment_round_trip() {
        let rename = Op::RenameTable {
            table: "a".into(),
            new_name: "b".into(),
            schema: None,
        };
        assert_eq!(rename.reverse().and_then(|r| r.reverse()), Some(rename));
        let comment = Op::CreateTableComment {
            table: "t".into(),
            schema: None,
            comment: "new".into(),
            existing_comment: None,
        };
        assert_eq!(
            comment.reverse(),
            Some(Op::DropTableComment {
                table: "t".into(),
                schema: None,
                existing_comment: Some("new".into()),
            })
        );
        assert_eq!(comment.reverse().and_then(|r| r.reverse()), Some(comment));
    }
}
