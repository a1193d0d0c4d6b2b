//! The rules against documented cases: each file in `tests/cases/` is a
//! revision body with a `setup()` that builds the tables it finds (so they
//! exist before it) and an `upgrade()` to review, and says in its header
//! which databases it is for (`# target:`) and which codes it must report
//! (`# expect:`, or `# expect sqlite:` where one database differs), and
//! nothing else. The cases marked `# squawk:` are the
//! scenarios squawk documents for PostgreSQL, each rule's unsafe form and
//! its safe rewrite, written as Alembic revisions; the others are what
//! Alembic's autogenerate writes for model changes, and the MySQL and
//! SQLite forms. The findings' text is snapshotted.

use std::collections::BTreeSet;
use std::path::Path;

use aludel_core::schema::SchemaState;
use aludel_lint::{review, PlacedOp, ReviewOptions, RevisionInput, Target};
use aludel_python::body::{BodyContext, RevisionBody};

fn header<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    source
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&format!("# {key}:")))
        .map(str::trim)
}

fn context(target: Target) -> BodyContext {
    BodyContext {
        dialect: target.kind(),
        mariadb: target == Target::Mariadb,
        offline: false,
        sqlalchemy_20: false,
    }
}

/// The findings of one case on one target, as text.
fn run_case(path: &Path, source: &str, target: Target) -> (BTreeSet<String>, String) {
    let body = RevisionBody::parse(path, source).expect("case parses");
    let mut state = SchemaState::new();
    for located in body
        .evaluate("setup", &context(target))
        .expect("setup evaluates")
    {
        aludel_core::replay::apply(&mut state, &located.op).expect("setup replays");
    }
    let ops = body
        .evaluate("upgrade", &context(target))
        .unwrap_or_else(|e| {
            panic!(
                "{}: upgrade() does not evaluate: {}",
                path.display(),
                e.message()
            )
        });
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let input = RevisionInput {
        id: "case",
        path: &name,
        source,
        ops: ops
            .iter()
            .map(|l| PlacedOp {
                op: &l.op,
                line: l.line,
                column: l.column,
            })
            .collect(),
    };
    let findings = review(&input, &mut state, target, &ReviewOptions::default());
    let codes = findings.iter().map(|f| f.code.to_string()).collect();
    let text = findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {} {} [{}] {}\n  fix: {}{}",
                f.path,
                f.line,
                f.column,
                f.severity.name(),
                f.code,
                f.rule,
                f.message,
                f.fix,
                if f.fixable { " (--fix)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    (codes, text)
}

#[test]
fn every_case_reports_exactly_the_codes_it_expects() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 50, "the cases are missing");
    let mut failures = Vec::new();
    for path in &paths {
        let source = std::fs::read_to_string(path).unwrap();
        let targets = header(&source, "target").expect("a case names its databases");
        for name in targets.split_whitespace() {
            let target = Target::from_name(name).expect("a known database");
            let expected: BTreeSet<String> = header(&source, &format!("expect {target}"))
                .or_else(|| header(&source, "expect"))
                .expect("a case says what it expects")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let (codes, text) = run_case(path, &source, target);
            if codes != expected {
                failures.push(format!(
                    "{} on {target}: expected {expected:?}, found {codes:?}\n{text}",
                    path.display()
                ));
            }
            let stem = path.file_stem().unwrap().to_string_lossy();
            let input = source
                .find("def upgrade():")
                .map_or(source.as_str(), |at| &source[at..])
                .trim_end();
            insta::assert_snapshot!(
                format!("{stem}-{target}"),
                format!("{input}\n---- {target}\n{text}")
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
