//! The plumbing of the autogenerate oracle: a corpus case through
//! create_all and dump on SQLite under both reference environments, and
//! one evolution whose outcome must still be what case.toml recorded.

use aludel_testkit::corpus::target_name;
use aludel_testkit::{model_case, AutogenOracle, Dialect, Env, ScratchDb};

#[test]
fn create_all_and_dump_on_sqlite() {
    let case = model_case("types_scalar");
    for env in Env::ALL {
        let Some(mut oracle) = AutogenOracle::shared(env) else {
            continue;
        };
        assert_eq!(oracle.versions().sqlmodel, env.sqlmodel());
        let db = ScratchDb::sqlite();
        let created = oracle
            .create_all(&case.versions[0], db.url())
            .expect("v1 of types_scalar creates its table");
        let table = &created["tables"]["scalars"];
        let columns: Vec<&str> = table["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| c["name"].as_str().expect("name"))
            .collect();
        assert_eq!(columns[..3], ["id", "plain_str", "short_str"]);
        assert_eq!(table["primary_key"]["columns"], serde_json::json!(["id"]));
        // the model types as SQLite stores them
        let happened = table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "happened_at")
            .unwrap();
        assert_eq!(happened["type"], "DATETIME");
        assert_eq!(oracle.dump(db.url()).expect("dump"), created);

        // a models file that does not import is an error answer, not a crash
        let broken = db.dir().unwrap().join("broken.py");
        std::fs::write(&broken, "import no_such_module_here\n").unwrap();
        let err = oracle.create_all(&broken, db.url()).unwrap_err();
        assert!(err.error.contains("no_such_module_here"), "{err:?}");
    }
}

#[test]
fn evolution_matches_the_recorded_result() {
    let case = model_case("unique_unnamed");
    for env in Env::ALL {
        let Some(mut oracle) = AutogenOracle::shared(env) else {
            continue;
        };
        let db = ScratchDb::sqlite();
        for batch in [true, false] {
            let evolution = oracle.evolve(&case.dir, db.url(), batch);
            let target = target_name(Dialect::Sqlite, batch);
            let recorded = case
                .result(env, target)
                .unwrap_or_else(|| panic!("no [alembic.{}.{target}]", env.tag()));
            assert_eq!(evolution.ok(), recorded.ok, "{} {target}", env.tag());
            assert_eq!(
                evolution.failed(),
                recorded.failed,
                "{} {target}",
                env.tag()
            );
            assert_eq!(evolution.same_as_create_all, recorded.same_as_create_all);
            for step in &evolution.steps {
                assert!(
                    recorded.error_matches(&step.step, step.error.as_deref()),
                    "{} {target} {}: {:?} recorded {:?}",
                    env.tag(),
                    step.step,
                    step.error,
                    recorded.errors.get(&step.step)
                );
            }
            assert_eq!(evolution.revisions.len(), case.versions.len());
            let first = evolution.revisions[0].text.as_deref().unwrap();
            assert!(first.contains("op.create_table('login'"), "{first}");
        }
    }
}

#[test]
fn scratch_server_databases_come_and_go() {
    let case = model_case("link_tables");
    let Some(mut oracle) = AutogenOracle::shared(Env::V50) else {
        return;
    };
    for dialect in [Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create(dialect) else {
            continue;
        };
        let url = db.url().to_string();
        let dump = oracle
            .create_all(&case.versions[0], &url)
            .unwrap_or_else(|e| panic!("{dialect}: {e}"));
        let tables: Vec<&String> = dump["tables"].as_object().unwrap().keys().collect();
        assert_eq!(tables, ["hero", "heroteamlink", "team"], "{dialect}");
        drop(db);
        assert!(oracle.dump(&url).is_err(), "{dialect}: {url} still there");
    }
}
