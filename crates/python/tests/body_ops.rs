//! Unit tests of the body evaluator: each construct evaluated from source
//! text, asserting the exact `Op` values (or the error and where it points).

use std::path::Path;

use aludel_core::dialect::DialectKind;
use aludel_core::ops::{
    AlterColumn, BatchAlterTable, ColumnPlacement, ConstraintKind, Op, Recreate,
};
use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, Literal,
    MysqlType, PostgresqlType, ServerDefault, SqlType, UpperType,
};
use aludel_python::body::{BodyContext, BodyError, RevisionBody};

const HEADER: &str = "import sqlalchemy as sa\nimport sqlmodel\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql, mysql\n\n";

fn ctx(dialect: DialectKind) -> BodyContext {
    BodyContext {
        dialect,
        offline: true,
    }
}

/// Evaluates `upgrade()` whose body is `body` (4-space indented lines) on `dialect`.
fn run_on(dialect: DialectKind, body: &str) -> Result<Vec<Op>, BodyError> {
    let src = format!("{HEADER}def upgrade():\n{}", indent(body));
    let parsed = RevisionBody::parse(Path::new("v.py"), &src)?;
    Ok(parsed
        .evaluate("upgrade", &ctx(dialect))?
        .into_iter()
        .map(|l| l.op)
        .collect())
}

fn run(body: &str) -> Vec<Op> {
    match run_on(DialectKind::Postgresql, body) {
        Ok(ops) => ops,
        Err(e) => panic!("evaluation failed:\n{e}"),
    }
}

fn one(body: &str) -> Op {
    let mut ops = run(body);
    assert_eq!(ops.len(), 1, "{ops:?}");
    ops.remove(0)
}

fn fail(body: &str) -> BodyError {
    match run_on(DialectKind::Postgresql, body) {
        Ok(ops) => panic!("expected an error, got {ops:?}"),
        Err(e) => e,
    }
}

fn indent(body: &str) -> String {
    body.lines().map(|l| format!("    {l}\n")).collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn autogenerate_create_table() {
    let op = one("op.create_table('hero',\n\
         sa.Column('id', sa.Integer(), nullable=False),\n\
         sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),\n\
         sa.Column('status', sa.Enum('active', 'banned', name='status'), nullable=False),\n\
         sa.Column('bio', sa.Text(), nullable=True, comment='biography'),\n\
         sa.Column('team_id', sa.Integer(), nullable=True),\n\
         sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),\n\
         sa.PrimaryKeyConstraint('id')\n\
         )");
    let mut fk = ForeignKey::new(&["team_id"], "team", &["id"]);
    fk.ondelete = s("CASCADE");
    assert_eq!(
        op,
        Op::CreateTable {
            table: "hero".into(),
            schema: None,
            columns: vec![
                Column::new("id", SqlType::Integer).not_null(),
                Column::new("name", SqlType::AutoString { length: Some(100) }).not_null(),
                Column::new(
                    "status",
                    SqlType::Enum(EnumType::new(Some("status"), &["active", "banned"]))
                )
                .not_null(),
                Column::new("bio", SqlType::Text { collation: None }).comment("biography"),
                Column::new("team_id", SqlType::Integer),
            ],
            constraints: vec![
                Constraint::ForeignKey(fk),
                Constraint::PrimaryKey {
                    name: None,
                    columns: vec!["id".into()]
                },
            ],
            comment: None,
            if_not_exists: false,
        }
    );
}
