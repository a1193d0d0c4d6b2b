//! Files aludel writes are files Alembic loads: `aludel revision` (plain,
//! new base with a branch label, `--depends-on`, `--splice`) and
//! `aludel merge` on a generated project, then real Alembic reads the
//! project without warnings and both tools list the same graph. Also the
//! errors of `revision` and `merge`, compared with Alembic's.

mod support;

use support::{alembic, aludel, Run};

fn ok(run: Run) -> Run {
    assert_eq!(
        run.code,
        0,
        "{} failed:\nstdout: {}\nstderr: {}",
        run.command_line(),
        run.stdout,
        run.stderr
    );
    run
}

/// The id of the file a `Generating <path> ...  done` line names.
fn generated_id(run: &Run) -> String {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Generating "))
        .unwrap_or_else(|| panic!("no Generating line in {:?}", run.stdout));
    let path = line
        .trim_start_matches("Generating ")
        .trim_end_matches(" ...  done");
    let text = std::fs::read_to_string(path).expect("generated file exists");
    text.lines()
        .find_map(|l| {
            l.strip_prefix("revision: str = '")
                .map(|r| r.trim_end_matches('\'').to_string())
        })
        .expect("revision line")
}

/// Lines in sorted order, with the set-ordered list of `Branches into:`
/// sorted too.
fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("Branches into: ") {
            Some(list) => {
                let mut items: Vec<&str> = list.split(", ").collect();
                items.sort();
                format!("Branches into: {}", items.join(", "))
            }
            None => line.to_string(),
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn written_revisions_load_in_alembic() {
    let Some(reference) = support::reference() else {
        return;
    };
    let project = support::generate("branched", 12, 21);
    let dir = &project.dir;
    let heads = ok(alembic(&reference, dir, &["heads"])).stdout.clone();
    let first_head = heads
        .lines()
        .next()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();

    // A plain revision on one head, then a merge of all heads.
    let plain = ok(aludel(
        dir,
        &[
            "revision",
            "-m",
            "add 'quoted' thing – unicode",
            "--head",
            &first_head,
        ],
    ));
    let plain_id = generated_id(&plain);
    // A new base carrying a branch label, and a revision depending on it.
    let base = ok(aludel(
        dir,
        &[
            "revision",
            "-m",
            "library base",
            "--head",
            "base",
            "--branch-label",
            "lib",
        ],
    ));
    let base_id = generated_id(&base);
    let dependent = ok(aludel(
        dir,
        &[
            "revision",
            "-m",
            "uses lib",
            "--head",
            &plain_id,
            "--depends-on",
            &base_id[..6],
        ],
    ));
    let dependent_id = generated_id(&dependent);
    // A spliced branch from the middle.
    let spliced = ok(aludel(
        dir,
        &[
            "revision",
            "-m",
            "side branch",
            "--head",
            &first_head,
            "--splice",
        ],
    ));
    let spliced_id = generated_id(&spliced);
    let merge = ok(aludel(dir, &["merge", "-m", "merge everything", "heads"]));
    let merge_id = generated_id(&merge);

    for args in [
        vec!["heads", "--verbose"],
        vec!["history", "--verbose"],
        vec!["branches"],
        vec!["show", merge_id.as_str()],
        vec!["show", dependent_id.as_str()],
        vec!["show", "lib@head"],
    ] {
        let theirs = alembic(&reference, dir, &args);
        let mine = aludel(dir, &args);
        assert_eq!(theirs.code, 0, "alembic {args:?}: {}", theirs.stderr);
        assert!(
            !theirs.stderr.contains("Warning"),
            "alembic warns on aludel's files ({args:?}): {}",
            theirs.stderr
        );
        assert_eq!(mine.code, 0, "aludel {args:?}: {}", mine.stderr);
        // Sibling order and "Branches into" follow Python set order.
        assert_eq!(
            sorted_lines(&mine.stdout),
            sorted_lines(&theirs.stdout),
            "{args:?}"
        );
    }
    let merged = std::fs::read_to_string(
        std::fs::read_dir(project.versions_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(&merge_id))
            .unwrap(),
    )
    .unwrap();
    assert!(merged.contains("Revises: "), "{merged}");
    assert!(
        merged.contains(&spliced_id) && merged.contains(&dependent_id),
        "merge names the heads: {merged}"
    );
}

#[test]
fn revision_errors_match_alembic() {
    let Some(reference) = support::reference() else {
        return;
    };
    let project = support::generate("branched", 12, 22);
    let dir = &project.dir;
    let cases: Vec<Vec<&str>> = vec![
        vec!["revision", "-m", "x"],
        vec!["revision", "-m", "x", "--rev-id", "a-b:c"],
        vec!["revision", "-m", "x", "--head", "nope1234"],
        vec!["revision", "-m", "x", "--sql"],
        vec![
            "revision",
            "-m",
            "x",
            "--head",
            "heads",
            "--version-path",
            "/nowhere",
        ],
        vec!["merge", "-m", "x", "nope1234"],
    ];
    for args in cases {
        let theirs = alembic(&reference, dir, &args);
        let mine = aludel(dir, &args);
        assert_eq!(
            (mine.code, mine.stdout.lines().next()),
            (theirs.code, theirs.stdout.lines().next()),
            "{args:?}: aludel stderr {}",
            mine.stderr
        );
    }
}
