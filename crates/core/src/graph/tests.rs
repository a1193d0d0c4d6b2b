use super::*;
use crate::plan::Failure;
use fixedbitset::FixedBitSet;

fn rev(id: &str, down: &[&str]) -> Revision {
    Revision {
        id: id.into(),
        down_revisions: down.iter().map(|s| s.to_string()).collect(),
        branch_labels: vec![],
        depends_on: vec![],
        longdoc: format!("msg {id}"),
        path: format!("/p/{id}.py"),
    }
}

fn labelled(mut r: Revision, labels: &[&str]) -> Revision {
    r.branch_labels = labels.iter().map(|s| s.to_string()).collect();
    r
}

fn depends(mut r: Revision, deps: &[&str]) -> Revision {
    r.depends_on = deps.iter().map(|s| s.to_string()).collect();
    r
}

fn ids(g: &RevisionGraph, idxs: &[RevIdx]) -> Vec<String> {
    g.ids(idxs)
}

/// a1 <- b2 <- c3 (head), b2 <- d4 (head), c3 + d4 <- e5 merge
/// Orders verified against Alembic 1.20.1's RevisionMap.
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

#[test]
fn heads_bases_points() {
    let g = diamond();
    assert_eq!(ids(&g, g.heads()), ["eee5"]);
    assert_eq!(ids(&g, g.bases()), ["aaa1"]);
    let b = g.by_id("bbb2").unwrap();
    assert!(g.node(b).is_branch_point());
    let e = g.by_id("eee5").unwrap();
    assert!(g.node(e).is_merge_point());
}

#[test]
fn history_order_newest_first() {
    let g = diamond();
    let order = g.walk_revisions("base", "heads").unwrap();
    assert_eq!(ids(&g, &order), ["eee5", "ccc3", "ddd4", "bbb2", "aaa1"]);
}

#[test]
fn upgrade_plan_runs_parents_first_and_downgrade_children_first() {
    let g = diamond();
    let plan = g.upgrade_plan("heads", &[]).unwrap();
    let steps: Vec<String> = plan.steps.iter().map(|s| s.describe(&g)).collect();
    assert_eq!(
        steps,
        [
            "upgrade  -> aaa1, msg aaa1",
            "upgrade aaa1 -> bbb2, msg bbb2",
            "upgrade bbb2 -> ddd4, msg ddd4",
            "upgrade bbb2 -> ccc3, msg ccc3",
            "upgrade ccc3, ddd4 -> eee5, msg eee5",
        ]
    );
    let down = g.downgrade_plan("bbb2", &["eee5".into()]).unwrap();
    let steps: Vec<String> = down.steps.iter().map(|s| s.describe(&g)).collect();
    assert_eq!(
        steps,
        [
            "downgrade eee5 -> ccc3, ddd4, msg eee5",
            "downgrade ccc3 -> bbb2, msg ccc3",
            "downgrade ddd4 -> bbb2, msg ddd4",
        ]
    );
}

#[test]
fn relative_targets() {
    let g = diamond();
    let plan = g.upgrade_plan("+2", &[]).unwrap();
    assert_eq!(plan.steps.len(), 2);
    let err = g.upgrade_plan("+3", &[]).unwrap_err();
    assert_eq!(err.message, "Ambiguous walk");
    let err = g.upgrade_plan("-1", &["aaa1".into()]).unwrap_err();
    assert_eq!(
        err.message,
        "Relative revision -1 didn't produce 1 migrations"
    );
    let down = g.downgrade_plan("-1", &["bbb2".into()]).unwrap();
    assert_eq!(down.steps.len(), 1);
}

#[test]
fn partial_ids_and_errors() {
    let g = diamond();
    assert_eq!(g.get_revision(Some("cc")).unwrap(), g.by_id("ccc3"));
    let err: Failure = g.resolve_for_command("zzz9").unwrap_err();
    assert_eq!(err.message, "Can't locate revision identified by 'zzz9'");
    let two = RevisionGraph::new(vec![rev("abc1", &[]), rev("abc2", &["abc1"])]).unwrap();
    let err = two.resolve_for_command("abc").unwrap_err();
    assert_eq!(err.message, "Can't locate revision identified by 'abc'");
    assert!(
        err.details[0].starts_with("Multiple revisions start with 'abc'"),
        "{err:?}"
    );
}

#[test]
fn unknown_id_suggests_close_ids() {
    let g = diamond();
    let err = g.resolve_for_command("ccc4").unwrap_err();
    assert!(err.details.iter().any(|d| d.contains("ccc3")), "{err:?}");
}

#[test]
fn multiple_heads_for_head() {
    let g = RevisionGraph::new(vec![
        rev("aaa1", &[]),
        rev("bbb2", &["aaa1"]),
        rev("ccc3", &["aaa1"]),
    ])
    .unwrap();
    let err = g.upgrade_plan("head", &[]).unwrap_err();
    assert_eq!(
        err.message,
        "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads"
    );
}

#[test]
fn labels_are_inherited_up_and_down() {
    let g = RevisionGraph::new(vec![
        rev("aaa1", &[]),
        labelled(rev("bbb2", &["aaa1"]), &["lib"]),
        rev("ccc3", &["bbb2"]),
    ])
    .unwrap();
    for id in ["aaa1", "bbb2", "ccc3"] {
        assert_eq!(
            g.node(g.by_id(id).unwrap()).branch_labels(),
            ["lib"],
            "{id}"
        );
    }
    assert_eq!(g.get_revision(Some("lib@head")).unwrap(), g.by_id("ccc3"));
    assert_eq!(g.get_revision(Some("lib")).unwrap(), g.by_id("bbb2"));
}

#[test]
fn effective_heads_and_dependencies() {
    let g = RevisionGraph::new(vec![
        labelled(rev("a1a1", &[]), &["la"]),
        labelled(depends(rev("b1b1", &[]), &["la"]), &["lb"]),
    ])
    .unwrap();
    let a = g.by_id("a1a1").unwrap();
    assert!(g.node(a).is_effective_head());
    assert_eq!(ids(&g, g.heads()), ["a1a1", "b1b1"]);
    assert_eq!(ids(&g, g.real_heads()), ["b1b1"]);
    let plan = g.upgrade_plan("lb@head", &[]).unwrap();
    let ran: Vec<&str> = plan.steps.iter().map(|s| g.node(s.revision).id()).collect();
    assert_eq!(ran, ["a1a1", "b1b1"]);
}

#[test]
fn errors_name_revisions_and_files() {
    let dup = RevisionGraph::new(vec![rev("aaa1", &[]), rev("aaa1", &[])]).unwrap_err();
    assert!(matches!(dup, GraphError::DuplicateRevision { .. }));
    let missing = RevisionGraph::new(vec![rev("aaa1", &["zzz9"])]).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "Revision zzz9 referenced from aaa1 is not present (down_revision in /p/aaa1.py); restore the missing revision file or correct down_revision"
    );
    let cycle = RevisionGraph::new(vec![
        rev("aaa1", &[]),
        rev("bbb2", &["ccc3"]),
        rev("ccc3", &["bbb2"]),
    ])
    .unwrap_err();
    assert!(
        cycle
            .to_string()
            .starts_with("Cycle is detected in revisions (bbb2, ccc3)"),
        "{cycle}"
    );
    let selfloop = RevisionGraph::new(vec![rev("aaa1", &["aaa1"])]).unwrap_err();
    assert!(selfloop
        .to_string()
        .starts_with("Self-loop is detected in revisions (aaa1)"));
    let bad = RevisionGraph::new(vec![rev("a-b", &[])]).unwrap_err();
    assert!(bad
        .to_string()
        .starts_with("Character(s) '-' not allowed in revision identifier 'a-b'"));
    let label = RevisionGraph::new(vec![
        labelled(rev("aaa1", &[]), &["x"]),
        labelled(rev("bbb2", &[]), &["x"]),
    ])
    .unwrap_err();
    assert!(label
        .to_string()
        .starts_with("Branch name 'x' in revision bbb2 already used by revision aaa1"));
    let dep = RevisionGraph::new(vec![depends(rev("aaa1", &[]), &["nope"])]).unwrap_err();
    assert!(matches!(dep, GraphError::MissingDependency { .. }));
}

#[test]
fn history_range_errors() {
    let g = diamond();
    let err = g.walk_revisions("ccc3", "ddd4").unwrap_err();
    assert_eq!(
        err.message,
        "Requested range ccc3:ddd4 does not refer to ancestor/descendant revisions along the same branch"
    );
    let ok = g.walk_revisions("bbb2", "ccc3").unwrap();
    assert_eq!(ids(&g, &ok), ["ccc3", "bbb2"]);
}

#[test]
fn large_linear_graph_is_fast_enough_to_build() {
    let mut revs = vec![rev("r0000", &[])];
    for i in 1..10_000 {
        revs.push(rev(&format!("r{i:04}"), &[&format!("r{:04}", i - 1)]));
    }
    let g = RevisionGraph::new(revs).unwrap();
    assert_eq!(g.walk_revisions("base", "heads").unwrap().len(), 10_000);
    assert_eq!(g.upgrade_plan("heads", &[]).unwrap().steps.len(), 10_000);
}

/// Any text as a target, a range end or a version row: an answer or an
/// error, never a panic.
#[test]
fn arbitrary_targets_never_panic() {
    let g = RevisionGraph::new(vec![
        labelled(rev("aaa1", &[]), &["lib"]),
        rev("bbb2", &["aaa1"]),
        rev("ccc3", &["bbb2"]),
        rev("ddd4", &["bbb2"]),
        rev("eee5", &["ccc3", "ddd4"]),
        labelled(depends(rev("fff6", &[]), &["lib"]), &["other"]),
        rev("ggg7", &["fff6"]),
    ])
    .unwrap();
    let pieces = [
        "aaa1", "bb", "ccc", "e", "lib", "other", "head", "heads", "base", "@", "+", "-", ":", "1",
        "2", "99", "current", "", "é", " ", "_", "fff6", "zz",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 5) as usize;
        let text: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let row = pieces[(next() % pieces.len() as u64) as usize].to_string();
        let _ = g.resolve_for_command(&text);
        let _ = g.upgrade_plan(&text, &[]);
        let _ = g.upgrade_plan(&text, std::slice::from_ref(&row));
        let _ = g.downgrade_plan(&text, &["eee5".to_string(), row.clone()]);
        let _ = g.walk_revisions(&text, "heads");
        let _ = g.walk_revisions("base", &text);
        let _ = g.all_current(&[row]);
    }
}

/// Alembic's `_topological_sort` as written, one ancestor set per line:
/// the reference the counted walk must match.
fn reference_topological_sort(
    g: &RevisionGraph,
    todo: &FixedBitSet,
    heads: &[RevIdx],
) -> Vec<RevIdx> {
    let mut todo = todo.clone();
    let mut current: Vec<RevIdx> = heads
        .iter()
        .copied()
        .filter(|h| todo.contains(*h))
        .collect();
    current.sort_unstable();
    current.dedup();
    let mut ancestors: Vec<FixedBitSet> = current
        .iter()
        .map(|&h| g.ancestor_set(&[h], true))
        .collect();
    let mut output = Vec::new();
    let mut at = 0usize;
    loop {
        if current.is_empty() {
            let left: Vec<RevIdx> = todo.ones().collect();
            if left.is_empty() {
                break;
            }
            let mut below = FixedBitSet::with_capacity(g.len());
            for &l in &left {
                let mut anc = g.ancestor_set(&[l], true);
                anc.set(l, false);
                below.union_with(&anc);
            }
            current = left.into_iter().filter(|l| !below.contains(*l)).collect();
            ancestors = current
                .iter()
                .map(|&h| g.ancestor_set(&[h], true))
                .collect();
            at = 0;
            continue;
        }
        let candidate = current[at];
        if let Some(other) = ancestors
            .iter()
            .enumerate()
            .position(|(i, anc)| i != at && anc.contains(candidate))
        {
            at = other;
            continue;
        }
        if todo.contains(candidate) {
            output.push(candidate);
            todo.set(candidate, false);
        }
        let node = g.node(candidate);
        let to_add: Vec<RevIdx> = node
            .normalized_down()
            .iter()
            .copied()
            .filter(|r| todo.contains(*r) && !current.contains(r))
            .collect();
        if to_add.is_empty() {
            current.remove(at);
            ancestors.remove(at);
            at = at.saturating_sub(1);
        } else if node.normalized_deps.is_empty() && node.down.len() == 1 {
            current[at] = to_add[0];
            ancestors[at].set(candidate, false);
        } else {
            current[at] = to_add[0];
            ancestors[at] = g.ancestor_set(&[to_add[0]], true);
            for &extra in &to_add[1..] {
                current.push(extra);
                ancestors.push(g.ancestor_set(&[extra], true));
            }
        }
    }
    output
}

/// A small deterministic generator (no dependency for one test).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn counted_topological_sort_matches_alembics_walk() {
    let mut rng = Lcg(7);
    for case in 0..400 {
        let n = 2 + rng.below(40);
        let mut revs = Vec::new();
        for i in 0..n {
            let id = format!("r{i:03}");
            let mut down: Vec<String> = Vec::new();
            if i > 0 && rng.below(8) != 0 {
                for _ in 0..1 + usize::from(rng.below(4) == 0) + usize::from(rng.below(9) == 0) {
                    let p = format!("r{:03}", rng.below(i));
                    if !down.contains(&p) {
                        down.push(p);
                    }
                }
            }
            let mut r = Revision {
                down_revisions: down,
                ..rev(&id, &[])
            };
            if i > 1 && rng.below(6) == 0 {
                r.depends_on = vec![format!("r{:03}", rng.below(i))];
            }
            revs.push(r);
        }
        let Ok(g) = RevisionGraph::new(revs) else {
            continue;
        };
        for _ in 0..6 {
            // whole ancestor sets (what plans pass) and arbitrary subsets
            let heads: Vec<RevIdx> = (0..1 + rng.below(3)).map(|_| rng.below(n)).collect();
            let todo = if rng.below(2) == 0 {
                g.ancestor_set(&heads, true)
            } else {
                let mut t = FixedBitSet::with_capacity(n);
                for i in 0..n {
                    if rng.below(3) != 0 {
                        t.insert(i);
                    }
                }
                t
            };
            assert_eq!(
                g.topological_sort(&todo, &heads),
                reference_topological_sort(&g, &todo, &heads),
                "case {case}: heads {heads:?}, todo {:?}",
                todo.ones().collect::<Vec<_>>()
            );
        }
    }
}
