//! The ini's logging levels decide which of Alembic's `INFO  [alembic...]`
//! lines a run prints, as env.py's `fileConfig` makes them for Alembic:
//! compared with the real Alembic on the same project, with the stock
//! levels and with `[logger_alembic] level = WARN`.

mod support;

use support::migrate::{alembic_with_url, aludel_with_url, copy_tree, corpus_dir};
use support::{reference, Run};

fn info_lines(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("INFO  ["))
        .map(str::to_string)
        .collect()
}

#[test]
fn info_lines_follow_the_ini_logging_levels() {
    let Some(r) = reference() else {
        return;
    };
    for (level, shown) in [("INFO", true), ("WARN", false)] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        copy_tree(&corpus_dir().join("shop"), dir);
        let ini = dir.join("alembic.ini");
        let text = std::fs::read_to_string(&ini).unwrap();
        let at = text
            .find("[logger_alembic]")
            .expect("the stock logger section");
        let (head, tail) = text.split_at(at);
        let tail = tail.replacen("level = INFO", &format!("level = {level}"), 1);
        std::fs::write(&ini, format!("{head}{tail}")).unwrap();
        let theirs = alembic_with_url(
            &r,
            dir,
            &["upgrade", "head"],
            &format!("sqlite:///{}", dir.join("a.db").display()),
        );
        let ours = aludel_with_url(
            dir,
            &["upgrade", "head"],
            &format!("sqlite:///{}", dir.join("b.db").display()),
        );
        assert_eq!(theirs.code, 0, "{}", theirs.stderr);
        assert_eq!(ours.code, 0, "{}", ours.stderr);
        let (theirs, ours) = (info_lines(&theirs), info_lines(&ours));
        assert_eq!(!theirs.is_empty(), shown, "Alembic at {level}: {theirs:?}");
        let running = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .filter(|l| l.contains("Running upgrade"))
                .cloned()
                .collect()
        };
        assert_eq!(running(&ours), running(&theirs), "at {level}");
        assert_eq!(
            ours.is_empty(),
            theirs.is_empty(),
            "at {level}: aludel {ours:?}"
        );
    }
}
