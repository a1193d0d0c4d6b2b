//! Real-shaped revision files (`tests/body_corpus/`, modelled on the shapes
//! public SQLModel projects' revision files have and on Alembic's
//! autogenerate output) evaluate on every database, and the
//! ones that need Python fail where and how they should.

use std::path::Path;

use aludel_core::dialect::{render_script, DialectKind};
use aludel_core::ops::Op;
use aludel_python::body::{BodyContext, RevisionBody};

const DIALECTS: [DialectKind; 3] = [
    DialectKind::Sqlite,
    DialectKind::Postgresql,
    DialectKind::Mysql,
];

fn load(name: &str) -> RevisionBody {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/body_corpus")
        .join(name);
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RevisionBody::parse(&path, &source).unwrap_or_else(|e| panic!("{e}"))
}

fn ops(body: &RevisionBody, function: &str, dialect: DialectKind) -> Vec<Op> {
    body.evaluate(
        function,
        &BodyContext {
            mariadb: false,
            dialect,
            offline: true,
            sqlalchemy_20: false,
        },
    )
    .unwrap_or_else(|e| panic!("{function}() on {}: {e}", dialect.name()))
    .into_iter()
    .map(|l| l.op)
    .collect()
}

/// (file, upgrade op count, downgrade op count) of the files that evaluate everywhere.
const EVALUATING: [(&str, usize, usize); 5] = [
    ("autogen_sqlmodel.py", 4, 4),
    ("render_as_batch.py", 2, 2),
    ("data_migration.py", 8, 4),
    ("merge_point.py", 0, 0),
    ("old_sqlmodel_types.py", 6, 0),
];

#[test]
fn real_shaped_files_evaluate() {
    for (name, up, down) in EVALUATING {
        let body = load(name);
        for dialect in DIALECTS {
            assert_eq!(
                ops(&body, "upgrade", dialect).len(),
                up,
                "{name} upgrade on {}",
                dialect.name()
            );
            if name != "old_sqlmodel_types.py" {
                assert_eq!(
                    ops(&body, "downgrade", dialect).len(),
                    down,
                    "{name} downgrade on {}",
                    dialect.name()
                );
            }
        }
    }
}

#[test]
fn autogenerate_output_renders() {
    let body = load("autogen_sqlmodel.py");
    let ops = ops(&body, "upgrade", DialectKind::Postgresql);
    let sql =
        render_script(DialectKind::Postgresql.dialect(), &ops).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        sql.contains("CREATE TYPE status AS ENUM ('active', 'banned');"),
        "{sql}"
    );
    assert!(
        sql.contains("CREATE UNIQUE INDEX ix_team_name ON team (name);"),
        "{sql}"
    );
    assert!(
        sql.contains("COMMENT ON COLUMN hero.bio IS 'biography';"),
        "{sql}"
    );
}

#[test]
fn dialect_branches_pick_one_side() {
    let body = load("dialect_branch.py");
    let pg = ops(&body, "upgrade", DialectKind::Postgresql);
    assert_eq!(pg.len(), 3);
    assert_eq!(
        pg[0],
        Op::Execute {
            sql: "CREATE EXTENSION IF NOT EXISTS pg_trgm".into()
        }
    );
    for dialect in [DialectKind::Sqlite, DialectKind::Mysql] {
        let other = ops(&body, "upgrade", dialect);
        assert!(
            matches!(&other[..], [Op::CreateIndex { name, .. }] if name == "ix_team_slug"),
            "{other:?}"
        );
    }
}

#[test]
fn module_level_enum_and_not_implemented_downgrade() {
    let body = load("pg_enum_module.py");
    let pg = ops(&body, "upgrade", DialectKind::Postgresql);
    assert!(
        matches!(&pg[0], Op::CreateEnum { name, checkfirst: true, .. } if name == "order_status"),
        "{pg:?}"
    );
    assert_eq!(pg.len(), 3);
    assert_eq!(ops(&body, "upgrade", DialectKind::Sqlite).len(), 2);
    let e = body
        .evaluate(
            "downgrade",
            &BodyContext {
                mariadb: false,
                dialect: DialectKind::Postgresql,
                offline: true,
                sqlalchemy_20: false,
            },
        )
        .err();
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.contains("downgrade() of this revision raises NotImplementedError"),
        "{e}"
    );
    assert!(e.contains("pg_enum_module.py:37:5"), "{e}");
}

#[test]
fn files_needing_python_fail_at_the_construct() {
    let body = load("needs_python.py");
    let e = body
        .evaluate(
            "upgrade",
            &BodyContext {
                mariadb: false,
                dialect: DialectKind::Sqlite,
                offline: true,
                sqlalchemy_20: false,
            },
        )
        .err();
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.contains(
            "needs_python.py:19:17: `sa.inspect` (sqlalchemy.inspect) is not supported by aludel"
        ),
        "{e}"
    );
    assert!(e.contains("introspection"), "{e}");
    // Its downgrade is declarative.
    assert_eq!(ops(&body, "downgrade", DialectKind::Sqlite).len(), 1);

    let body = load("old_sqlmodel_types.py");
    let e = body
        .evaluate(
            "downgrade",
            &BodyContext {
                mariadb: false,
                dialect: DialectKind::Mysql,
                offline: true,
                sqlalchemy_20: false,
            },
        )
        .err();
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("old_sqlmodel_types.py:43:24"), "{e}");
}
