//! Feeds arbitrary text to the revision body evaluator: parse, then evaluate
//! `upgrade` and `downgrade` for every database, online and offline, and
//! render what evaluates. Any panic is a bug; errors are expected.
//!
//! Run with `cargo +nightly fuzz run revision_body` from this directory;
//! seed the corpus with `crates/python/tests/body_fixtures/*.py`.

#![no_main]

use std::path::Path;

use aludel_core::dialect::{render_script, DialectKind};
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
        for dialect in [
            DialectKind::Sqlite,
            DialectKind::Postgresql,
            DialectKind::Mysql,
        ] {
            for offline in [true, false] {
                match body.evaluate(function, &BodyContext { dialect, offline }) {
                    Ok(ops) => {
                        let ops: Vec<_> = ops.into_iter().map(|l| l.op).collect();
                        let _ = render_script(dialect.dialect(), &ops);
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
        }
    }
});
