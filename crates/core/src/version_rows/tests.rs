use super::*;
use crate::plan::Step;
use crate::revision::Revision;
use crate::RevisionGraph;

fn rev(id: &str, down: &[&str]) -> Revision {
    Revision {
        id: id.into(),
        down_revisions: down.iter().map(|s| s.to_string()).collect(),
        branch_labels: vec![],
        depends_on: vec![],
        longdoc: String::new(),
        path: format!("/p/{id}.py"),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// aaa1 <- bbb2 <- ccc3 (head); bbb2 <- ddd4 (head); a separate root
/// lib1 <- lib2 labelled `lib`.
fn fork() -> RevisionGraph {
    let mut lib1 = rev("lib1", &[]);
    lib1.branch_labels = strings(&["lib"]);
    RevisionGraph::new(vec![
        rev("aaa1", &[]),
        rev("bbb2", &["aaa1"]),
        rev("ccc3", &["bbb2"]),
        rev("ddd4", &["bbb2"]),
        lib1,
        rev("lib2", &["lib1"]),
    ])
    .unwrap()
}

/// fork plus eee5 merging ccc3 and ddd4.
fn diamond() -> RevisionGraph {
    RevisionGraph::new(vec![
        rev("aaa1", &[]),
        rev("bbb2", &["aaa1"]),
        rev("ccc3", &["bbb2"]),
        rev("ddd4", &["bbb2"]),
        rev("eee5", &["ccc3", "ddd4"]),
    ])
    .unwrap()
}

/// Step descriptions, row changes, rows after (sorted).
type StampOutcome = (Vec<String>, Vec<RowChange>, Vec<String>);

/// Runs `stamp DESTS` from `rows`; returns the steps' descriptions, all row
/// changes, and the rows after (sorted).
fn stamp(g: &RevisionGraph, rows: &[&str], dests: &[&str]) -> Result<StampOutcome, String> {
    let steps = g
        .stamp_plan(&strings(dests), &strings(rows))
        .map_err(|f| f.message)?;
    let mut table = VersionRows::new(rows.iter().copied());
    let mut changes = Vec::new();
    for step in &steps {
        changes.extend(table.apply_stamp(step).map_err(|e| e.to_string())?);
    }
    let mut after = table.rows().to_vec();
    after.sort();
    Ok((
        steps.iter().map(StampStep::describe).collect(),
        changes,
        after,
    ))
}

fn ins(id: &str) -> RowChange {
    RowChange::Insert(id.into())
}
fn del(id: &str) -> RowChange {
    RowChange::Delete(id.into())
}
fn upd(from: &str, to: &str) -> RowChange {
    RowChange::Update {
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn stamp_heads_from_nothing_inserts_each_head() {
    let (steps, changes, after) = stamp(&fork(), &[], &["heads"]).unwrap();
    assert_eq!(
        steps,
        [
            "stamp_revision  -> ccc3",
            "stamp_revision  -> ddd4",
            "stamp_revision  -> lib2"
        ]
    );
    assert_eq!(changes, [ins("ccc3"), ins("ddd4"), ins("lib2")]);
    assert_eq!(after, ["ccc3", "ddd4", "lib2"]);
}

#[test]
fn stamp_below_two_heads_merges_them() {
    let (steps, changes, after) = stamp(&fork(), &["ccc3", "ddd4"], &["bbb2"]).unwrap();
    assert_eq!(steps, ["stamp_revision ccc3, ddd4 -> bbb2"]);
    assert_eq!(changes, [del("ccc3"), upd("ddd4", "bbb2")]);
    assert_eq!(after, ["bbb2"]);
}

#[test]
fn stamp_heads_from_branch_point_updates_then_inserts() {
    // As Alembic: `05b6 -> head1` is an UPDATE, `05b6 -> head2` an INSERT
    // (its start row is gone by then).
    let (steps, changes, after) = stamp(&fork(), &["bbb2"], &["heads"]).unwrap();
    assert_eq!(
        steps,
        [
            "stamp_revision bbb2 -> ccc3",
            "stamp_revision bbb2 -> ddd4",
            "stamp_revision  -> lib2"
        ]
    );
    assert_eq!(changes, [upd("bbb2", "ccc3"), ins("ddd4"), ins("lib2")]);
    assert_eq!(after, ["ccc3", "ddd4", "lib2"]);
}

#[test]
fn stamp_base_deletes_the_rows_of_the_branches_named() {
    let (_, changes, after) = stamp(&fork(), &["ccc3", "lib2"], &["base"]).unwrap();
    assert_eq!(changes, [del("ccc3"), del("lib2")]);
    assert!(after.is_empty());
    let (_, changes, after) = stamp(&fork(), &["ccc3", "lib2"], &["lib@base"]).unwrap();
    assert_eq!(changes, [del("lib2")]);
    assert_eq!(after, ["ccc3"]);
    // nothing to delete from an empty table
    let (steps, _, _) = stamp(&fork(), &[], &["base"]).unwrap();
    assert!(steps.is_empty());
}

#[test]
fn stamp_unrelated_revision_is_a_new_branch() {
    let (_, changes, after) = stamp(&fork(), &["ddd4"], &["ccc3"]).unwrap();
    assert_eq!(changes, [ins("ccc3")]);
    assert_eq!(after, ["ccc3", "ddd4"]);
    let (_, changes, _) = stamp(&fork(), &["ddd4"], &["lib@head"]).unwrap();
    assert_eq!(changes, [ins("lib2")]);
}

#[test]
fn stamp_to_a_present_row_does_nothing() {
    let (steps, changes, after) = stamp(&fork(), &["ccc3"], &["ccc3"]).unwrap();
    assert!(steps.is_empty() && changes.is_empty());
    assert_eq!(after, ["ccc3"]);
}

#[test]
fn stamp_up_and_down_a_line_updates() {
    let (_, changes, _) = stamp(&fork(), &["aaa1"], &["ccc3"]).unwrap();
    assert_eq!(changes, [upd("aaa1", "ccc3")]);
    let (_, changes, _) = stamp(&fork(), &["ccc3"], &["aaa1"]).unwrap();
    assert_eq!(changes, [upd("ccc3", "aaa1")]);
}

#[test]
fn stamp_errors_are_worded_as_alembic() {
    assert_eq!(
        stamp(&fork(), &[], &["head"]).unwrap_err(),
        "Multiple heads are present; please specify a single target revision"
    );
    assert_eq!(
        stamp(&fork(), &["zzz9"], &["ccc3"]).unwrap_err(),
        "Can't locate revision identified by 'zzz9'"
    );
    assert_eq!(
        stamp(&fork(), &[], &["nope"]).unwrap_err(),
        "Can't locate revision identified by 'nope'"
    );
}

#[test]
fn stamp_both_parents_of_a_merge_row_fails_like_alembic() {
    // Alembic raises KeyError: the second step's start row is gone.
    let err = stamp(&diamond(), &["eee5"], &["ccc3", "ddd4"]).unwrap_err();
    assert!(err.contains("'eee5' would be updated to 'ddd4'"), "{err}");
}

fn migrate(
    g: &RevisionGraph,
    rows: &[&str],
    id: &str,
    upgrade: bool,
) -> (Vec<RowChange>, Vec<String>) {
    let mut table = VersionRows::new(rows.iter().copied());
    let step = Step {
        revision: g.by_id(id).unwrap(),
        upgrade,
    };
    let changes = table.apply_migration(g, step).unwrap();
    let mut after = table.rows().to_vec();
    after.sort();
    (changes, after)
}

#[test]
fn upgrade_rows_base_linear_merge() {
    let g = diamond();
    assert_eq!(migrate(&g, &[], "aaa1", true).0, [ins("aaa1")]);
    assert_eq!(
        migrate(&g, &["aaa1"], "bbb2", true).0,
        [upd("aaa1", "bbb2")]
    );
    // second branch from a branch point whose row already moved on
    assert_eq!(migrate(&g, &["ccc3"], "ddd4", true).0, [ins("ddd4")]);
    let (changes, after) = migrate(&g, &["ccc3", "ddd4"], "eee5", true);
    assert_eq!(changes, [del("ccc3"), upd("ddd4", "eee5")]);
    assert_eq!(after, ["eee5"]);
    // merge with only one parent present: a plain update
    assert_eq!(
        migrate(&g, &["ddd4"], "eee5", true).0,
        [upd("ddd4", "eee5")]
    );
}

#[test]
fn downgrade_rows_unmerge_delete_linear() {
    let g = diamond();
    // as Alembic's offline `downgrade eee5:base` (reference §7.7)
    let (changes, after) = migrate(&g, &["eee5"], "eee5", false);
    assert_eq!(changes, [ins("ccc3"), upd("eee5", "ddd4")]);
    assert_eq!(after, ["ccc3", "ddd4"]);
    assert_eq!(
        migrate(&g, &["ccc3", "ddd4"], "ccc3", false).0,
        [del("ccc3")]
    );
    assert_eq!(
        migrate(&g, &["ddd4"], "ddd4", false).0,
        [upd("ddd4", "bbb2")]
    );
    assert_eq!(migrate(&g, &["aaa1"], "aaa1", false).0, [del("aaa1")]);
}

#[test]
fn dependency_rows_merge_away() {
    let mut b2 = rev("b2", &["b1"]);
    b2.depends_on = strings(&["a1"]);
    let g = RevisionGraph::new(vec![rev("a1", &[]), rev("b1", &[]), b2]).unwrap();
    let (changes, after) = migrate(&g, &["a1", "b1"], "b2", true);
    assert_eq!(changes.len(), 2);
    assert_eq!(after, ["b2"]);
    // downgrading it brings both back
    let (_, after) = migrate(&g, &["b2"], "b2", false);
    assert_eq!(after, ["a1", "b1"]);
    // the dependency's row is kept when another row implies it... here a
    // row on b's line only: a plain update
    assert_eq!(migrate(&g, &["b1"], "b2", true).0, [upd("b1", "b2")]);
}

#[test]
fn inconsistent_rows_are_errors_not_panics() {
    let g = diamond();
    let mut table = VersionRows::new(["ccc3"]);
    let step = StampStep {
        from: vec![],
        to: vec!["ccc3".into()],
        upgrade: true,
        branch_move: false,
    };
    // to is present, from is empty → falls to the update rule → error
    assert!(table.apply_stamp(&step).is_err());
    let mut table = VersionRows::new(["aaa1"]);
    let step = Step {
        revision: g.by_id("ccc3").unwrap(),
        upgrade: false,
    };
    assert!(table.apply_migration(&g, step).is_err());
}
