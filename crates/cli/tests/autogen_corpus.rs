//! The autogenerate model corpus (`tests/corpus/models`) evolved by aludel
//! the way a user evolves an app, and the way `tests/oracle/autogen_oracle.py`
//! evolves it with real Alembic: per model version `revision --autogenerate
//! -m vN --rev-id 000N` and `upgrade head`; then `downgrade -1` version by
//! version, each of which must restore the schema the previous version had;
//! then `upgrade head` and `check`, which must be clean. The database must
//! end as `create_all` of the last version makes it (columns compared by
//! name: `add_column` appends). The written revisions are also run by the
//! real Alembic of the environment (SQLModel 0.0.50 or 0.0.24) on a second
//! database, which must reach the same schema and go back down to base.
//!
//! Where Alembic's own evolution of the case is right (`ok` and the same
//! schema as create_all in `case.toml`), every step's differences are also
//! compared with Alembic's: `aludel check --json` before the step's
//! autogenerate must find the `(kind, table, column)`s Alembic's
//! `compare_metadata` finds (server defaults and enum types aside, which
//! Alembic does not compare), so aludel's operations are Alembic's there.
//! SQLite's downgrades may restore an unnamed constraint under the name a
//! batch rebuild gave it (`names_given_by_aludel`).
//!
//! Alembic's own results (`case.toml`) are shown beside a failure; aludel
//! must do at least as well. What aludel cannot do yet is listed in
//! [`KNOWN`] with the reason; such an evolution must still fail (so the
//! list shrinks when one is fixed).
//!
//! `ALUDEL_CORPUS_CASE=<part of a case name>` runs the matching cases only.

mod support;

use aludel_testkit::oracle::columns_by_name;
use aludel_testkit::{
    corpus::target_name, json_differences, model_cases, AutogenOracle, Dialect, Env, ModelCase,
    ModelProject, ScratchDb,
};
use serde_json::Value;
use support::migrate::{alembic_with_url, aludel_with_url};

/// Evolutions aludel does not get right yet: (case, environment tag,
/// database, why).
const KNOWN: &[(&str, &str, &str, &str)] = &[];

fn known(case: &str, env: Env, dialect: Dialect) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(c, e, d, _)| *c == case && *e == env.tag() && *d == dialect.name())
        .map(|k| k.3)
}

#[test]
fn corpus_evolves_on_sqlite() {
    corpus_evolves_to_what_create_all_makes(Dialect::Sqlite);
}

#[test]
fn corpus_evolves_on_postgresql() {
    corpus_evolves_to_what_create_all_makes(Dialect::Postgresql);
}

#[test]
fn corpus_evolves_on_mariadb() {
    corpus_evolves_to_what_create_all_makes(Dialect::Mariadb);
}

/// Every case on `dialect`, in both environments; one oracle process per
/// environment and database kind, so the three kinds run side by side.
fn corpus_evolves_to_what_create_all_makes(dialect: Dialect) {
    let filter = std::env::var("ALUDEL_CORPUS_CASE").ok();
    let mut failures = Vec::new();
    let mut ran = 0;
    for env in Env::ALL {
        let Some(reference) = env.reference() else {
            continue;
        };
        let mut oracle = AutogenOracle::start(&reference.python());
        for case in model_cases() {
            if filter
                .as_ref()
                .is_some_and(|f| !case.name.contains(f.as_str()))
            {
                continue;
            }
            {
                if !case.runs_on(env, dialect) {
                    continue;
                }
                let (Some(db), Some(fresh)) = (
                    ScratchDb::create_tagged(dialect, "agc"),
                    ScratchDb::create_tagged(dialect, "agc_fresh"),
                ) else {
                    continue;
                };
                ran += 1;
                // Alembic's own evolution was right here: every step's
                // differences must be the ones Alembic finds.
                let alembic_right = case
                    .result(env, target_name(dialect, true))
                    .is_some_and(|r| r.ok && r.same_as_create_all_unordered == Some(true));
                let result = evolve(
                    &case,
                    env,
                    db.url(),
                    fresh.url(),
                    alembic_right,
                    &mut oracle,
                );
                if let Some(reason) = known(&case.name, env, dialect) {
                    if result.is_ok() {
                        failures.push(format!(
                            "{} [{} {dialect}]: listed in KNOWN ({reason}) but now evolves correctly: take it off the list",
                            case.name,
                            env.tag()
                        ));
                    }
                    continue;
                }
                if let Err(why) = result {
                    let theirs = case
                        .result(env, target_name(dialect, true))
                        .or_else(|| case.result(env, target_name(dialect, false)))
                        .map(|r| {
                            if r.ok {
                                "Alembic: ok".to_string()
                            } else {
                                format!("Alembic failed {:?}", r.failed)
                            }
                        })
                        .unwrap_or_default();
                    failures.push(format!(
                        "{} [{} {dialect}] ({theirs}): {why}",
                        case.name,
                        env.tag()
                    ));
                }
            }
        }
    }
    eprintln!(
        "{ran} evolutions, {} failed; {} steps' differences compared with Alembic's",
        failures.len(),
        COMPARED.load(std::sync::atomic::Ordering::Relaxed)
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} evolutions failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One evolution of `case` on the database at `url`; `fresh` is an empty
/// database of the same kind for create_all.
fn evolve(
    case: &ModelCase,
    env: Env,
    url: &str,
    fresh: &str,
    alembic_right: bool,
    oracle: &mut AutogenOracle,
) -> Result<(), String> {
    let project = ModelProject::empty();
    if env == Env::V24 {
        // detect_version reads the pin: the models follow SQLModel 0.0.24's rules.
        std::fs::write(project.dir.join("requirements.txt"), "sqlmodel==0.0.24\n")
            .map_err(|e| e.to_string())?;
    }
    let step = |args: &[&str]| -> Result<String, String> {
        let run = aludel_with_url(&project.dir, args, url);
        if run.code == 0 {
            Ok(run.stdout)
        } else {
            Err(format!(
                "`{}` exited {}: {}{}",
                run.command_line(),
                run.code,
                run.stdout.trim_end(),
                run.stderr
                    .lines()
                    .filter(|l| !l.starts_with("INFO  "))
                    .map(|l| format!("\n    {l}"))
                    .collect::<String>()
            ))
        }
    };
    // create_all itself fails on this database for some version (a type
    // it cannot compile): aludel must refuse too, with its reason.
    if let Some(version) = case
        .versions
        .iter()
        .find(|v| oracle.create_all(v, fresh).is_err())
    {
        let mut failed = false;
        for (n, version) in case.versions.iter().enumerate() {
            project.copy_models(version);
            let rev = format!("{:04}", n + 1);
            let name = format!("v{}", n + 1);
            if step(&["revision", "--autogenerate", "-m", &name, "--rev-id", &rev]).is_err()
                || step(&["upgrade", "head"]).is_err()
            {
                failed = true;
                break;
            }
        }
        return if failed {
            Ok(())
        } else {
            Err(format!(
                "create_all of {} fails on this database, but aludel migrated to it",
                version.display()
            ))
        };
    }
    let mut schemas = Vec::new();
    for (n, version) in case.versions.iter().enumerate() {
        let name = format!("v{}", n + 1);
        let rev = format!("{:04}", n + 1);
        project.copy_models(version);
        if alembic_right {
            same_differences_as_alembic(&project, version, url, oracle)
                .map_err(|why| format!("before v{}: {why}", n + 1))?;
        }
        step(&["revision", "--autogenerate", "-m", &name, "--rev-id", &rev])?;
        step(&["upgrade", "head"])?;
        schemas.push(schema_of(oracle, url)?);
    }
    // Each downgrade restores the schema the version before had.
    for n in (0..case.versions.len()).rev() {
        step(&["downgrade", "-1"])?;
        let now = schema_of(oracle, url)?;
        let before = match n {
            0 => {
                let mut empty = now.clone();
                empty["tables"] = serde_json::json!({});
                empty["enums"] = serde_json::json!([]);
                empty
            }
            _ => schemas[n - 1].clone(),
        };
        // SQLite's batch rebuilds name the unnamed constraints they carry
        // (a naming convention drops one by name; a rebuild refuses to add
        // an unnamed one): restored under such a name is restored.
        let now = sorted_constraints(&names_given_by_aludel(&now, &before));
        let before = sorted_constraints(&before);
        let differences = json_differences(&now, &before, 10);
        if !differences.is_empty() {
            return Err(format!(
                "downgrade of v{} does not restore the schema before it (now | before):\n    {}",
                n + 1,
                differences.join("\n    ")
            ));
        }
    }
    step(&["upgrade", "head"])?;
    step(&["check"])?;
    alembic_runs_the_revisions(&project, env, fresh, schemas.last(), oracle)?;
    let ours = oracle
        .dump(url)
        .map_err(|e| format!("cannot dump the evolved database: {e}"))?;
    let want = match oracle.create_all(case.last_version(), fresh) {
        Ok(dump) => dump,
        Err(e) => {
            eprintln!(
                "{}: create_all of the last version fails ({e}); end state not compared",
                case.name
            );
            return Ok(());
        }
    };
    let want = sorted_constraints(&columns_by_name(&want));
    let ours = sorted_constraints(&names_given_by_aludel(&columns_by_name(&ours), &want));
    let differences = json_differences(&ours, &want, 10);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the evolved database differs from create_all (evolved | create_all):\n    {}",
            differences.join("\n    ")
        ))
    }
}

/// Kinds of difference aludel reports and Alembic does not look for
/// (server defaults: `compare_server_default` is off by default; enum
/// types: Alembic has no such operations).
/// How many steps [`same_differences_as_alembic`] compared.
static COMPARED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

const BEYOND_ALEMBIC: &[&str] = &["modify_default", "add_enum", "remove_enum", "modify_enum"];

/// `aludel check --json` on the database at `url` finds the differences
/// Alembic's autogenerate finds with the models `version`: the same
/// `(kind, table, column)` multiset, leaving out [`BEYOND_ALEMBIC`].
fn same_differences_as_alembic(
    project: &ModelProject,
    version: &std::path::Path,
    url: &str,
    oracle: &mut AutogenOracle,
) -> Result<(), String> {
    let run = aludel_with_url(&project.dir, &["check", "--json"], url);
    let report: Value = serde_json::from_str(&run.stdout).map_err(|e| {
        format!(
            "`aludel check --json` printed no JSON ({e}): {}",
            run.stderr
        )
    })?;
    let column_level = |kind: &str| kind.ends_with("_column") || kind.starts_with("modify_");
    let mut ours: Vec<String> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let kind = c["kind"].as_str()?;
            if BEYOND_ALEMBIC.contains(&kind) {
                return None;
            }
            let column = if column_level(kind) {
                c["name"].as_str().unwrap_or("")
            } else {
                ""
            };
            Some(format!(
                "{kind} {} {column}",
                c["table"].as_str().unwrap_or("")
            ))
        })
        .collect();
    let answer = oracle
        .compare(version, url)
        .map_err(|e| format!("Alembic's compare_metadata failed: {e}"))?;
    let mut theirs: Vec<String> = answer["differences"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{} {} {}",
                d[0].as_str().unwrap_or(""),
                d[1].as_str().unwrap_or(""),
                d[2].as_str().unwrap_or("")
            )
        })
        .collect();
    // Alembic lists a new table's indexes beside it (`add_index`); aludel's
    // `add_table` change covers them.
    let added: Vec<String> = theirs
        .iter()
        .filter_map(|d| d.strip_prefix("add_table "))
        .map(|rest| rest.trim_end().to_string())
        .collect();
    theirs.retain(|d| {
        d.strip_prefix("add_index ")
            .is_none_or(|rest| !added.contains(&rest.trim_end().to_string()))
    });
    ours.sort();
    theirs.sort();
    COMPARED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if ours == theirs {
        Ok(())
    } else {
        Err(format!(
            "aludel's differences are not Alembic's (Alembic's evolution is right here):\n    aludel:  {ours:?}\n    alembic: {theirs:?}"
        ))
    }
}

/// The schema of the database at `url`, columns compared by name.
fn schema_of(oracle: &mut AutogenOracle, url: &str) -> Result<Value, String> {
    let dump = oracle
        .dump(url)
        .map_err(|e| format!("cannot dump the database: {e}"))?;
    let mut schema = columns_by_name(&dump);
    if let Some(map) = schema.as_object_mut() {
        map.remove("version_rows");
    }
    Ok(schema)
}

/// The real Alembic of `env` (its SQLModel and SQLAlchemy) runs the
/// revisions aludel wrote on the empty database `fresh`: `upgrade head`
/// must reach `head` (aludel's schema at the last version), `downgrade
/// base` must succeed.
fn alembic_runs_the_revisions(
    project: &ModelProject,
    env: Env,
    fresh: &str,
    head: Option<&Value>,
    oracle: &mut AutogenOracle,
) -> Result<(), String> {
    let Some(r) = env.reference() else {
        return Ok(());
    };
    oracle
        .wipe(fresh)
        .map_err(|e| format!("cannot empty the second database: {e}"))?;
    for args in [&["upgrade", "head"][..], &["downgrade", "base"][..]] {
        let run = alembic_with_url(&r, &project.dir, args, fresh);
        if run.code != 0 {
            return Err(format!(
                "the real Alembic fails on aludel's revisions: `alembic {}` exited {}:\n{}",
                args.join(" "),
                run.code,
                run.stderr
                    .lines()
                    .rev()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        if args[0] == "upgrade" {
            let theirs = schema_of(oracle, fresh)?;
            if let Some(head) = head {
                let differences = json_differences(&theirs, head, 10);
                if !differences.is_empty() {
                    return Err(format!(
                        "the real Alembic's upgrade head of aludel's revisions differs from aludel's (alembic | aludel):\n    {}",
                        differences.join("\n    ")
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `ours` with the names aludel gives constraints the models leave unnamed
/// taken out again: a unique, foreign key or CHECK constraint of the
/// evolved database whose name create_all's table does not have, and that
/// equals an unnamed constraint of create_all's but for the name, is that
/// constraint (SQLite's batch rebuilds need names, so aludel names them).
fn names_given_by_aludel(ours: &Value, want: &Value) -> Value {
    let mut out = ours.clone();
    let Some(tables) = out.get_mut("tables").and_then(Value::as_object_mut) else {
        return out;
    };
    for (name, table) in tables.iter_mut() {
        for list in ["unique_constraints", "foreign_keys", "check_constraints"] {
            let theirs: Vec<Value> = want["tables"][name][list]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let Some(items) = table.get_mut(list).and_then(Value::as_array_mut) else {
                continue;
            };
            let named_there = |n: &Value| theirs.iter().any(|w| w["name"] == *n);
            for item in items.iter_mut() {
                if item["name"].is_null() || named_there(&item["name"]) {
                    continue;
                }
                let mut unnamed = item.clone();
                unnamed["name"] = Value::Null;
                if theirs.contains(&unnamed) {
                    *item = unnamed;
                }
            }
        }
    }
    out
}

/// The dump with each table's constraint lists sorted by their text (the
/// dump sorts them by name, which [`names_given_by_aludel`] changes).
fn sorted_constraints(dump: &Value) -> Value {
    let mut out = dump.clone();
    if let Some(tables) = out.get_mut("tables").and_then(Value::as_object_mut) {
        for table in tables.values_mut() {
            for list in ["unique_constraints", "foreign_keys", "check_constraints"] {
                if let Some(items) = table.get_mut(list).and_then(Value::as_array_mut) {
                    items.sort_by_key(|v| v.to_string());
                }
            }
        }
    }
    out
}
