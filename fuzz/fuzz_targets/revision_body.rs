//! Feeds arbitrary text to the revision body evaluator: parse, then evaluate
//! `upgrade` and `downgrade` for every database (MariaDB too), online and
//! offline, render what evaluates, and review it with the lint rules (the
//! SQL of `op.execute()` goes through the lint's SQL parser). Any panic is a
//! bug; errors are expected.
//!
//! Run with `cargo +nightly fuzz run revision_body` from this directory;
//! seed the corpus with `crates/python/tests/body_fixtures/*.py`. On stable
//! Rust `cargo build` builds it without coverage instrumentation, and the
//! binary replays files given as arguments (what CI does with the seeds).

#![no_main]

use std::path::Path;

use aludel_core::schema::SchemaState;
use aludel_lint::{review, PlacedOp, ReviewOptions, RevisionInput, Target};
use aludel_python::body::{BodyContext, RevisionBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(body) = RevisionBody::parse(Path::new("fuzz.py"), text) else {
        return;
    };
    for function in ["upgrade", "downgrade"] {
        for target in Target::ALL {
            for offline in [true, false] {
                let context = BodyContext {
                    dialect: target.kind(),
                    mariadb: target == Target::Mariadb,
                    offline,
                    sqlalchemy_20: false,
                };
                match body.evaluate(function, &context) {
                    Ok(ops) => {
                        let plain: Vec<_> = ops.iter().map(|l| l.op.clone()).collect();
                        let _ = aludel_core::dialect::render_script(target.kind().dialect(), &plain);
                        let input = RevisionInput {
                            id: "fuzz",
                            path: "fuzz.py",
                            source: text,
                            ops: ops
                                .iter()
                                .map(|l| PlacedOp {
                                    op: &l.op,
                                    line: l.line,
                                    column: l.column,
                                })
                                .collect(),
                        };
                        let mut state = SchemaState::new();
                        let _ = review(&input, &mut state, target, &ReviewOptions::default());
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
        }
    }
});
