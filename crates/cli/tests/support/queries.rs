//! Picks a broad, deterministic set of revision targets and current-heads
//! sets for a project, from its graph as Alembic sees it (the oracle's
//! `graph` answer): symbols, full and partial ids (unique, ambiguous, short),
//! relative steps, branch labels with `@`, ids used as branch names, unknown
//! ids.  The oracle then says what Alembic does with each; tests compare.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::Graph;

/// A small deterministic generator (SplitMix64), so query sets depend only on
/// the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `k` distinct items, in the input's order.
    pub fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        if items.len() <= k {
            return items.to_vec();
        }
        let mut chosen = BTreeSet::new();
        while chosen.len() < k {
            chosen.insert(self.below(items.len()));
        }
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }
}

/// Keeps insertion order, drops repeats.
#[derive(Default)]
struct Ordered {
    seen: BTreeSet<String>,
    items: Vec<String>,
}

impl Ordered {
    fn push(&mut self, s: impl Into<String>) {
        let s = s.into();
        if self.seen.insert(s.clone()) {
            self.items.push(s);
        }
    }
}

/// Revisions worth targeting: structurally interesting ones first (bases,
/// heads, branch points, merge points, effective heads, revisions with
/// dependencies), then a random sample of the rest; at most `limit`.
pub fn interesting_ids(g: &Graph, rng: &mut Rng, limit: usize) -> Vec<String> {
    let mut out = Ordered::default();
    let mut special = Vec::new();
    for r in &g.revisions {
        if r.is_base
            || r.is_head
            || r.is_branch_point
            || r.is_merge_point
            || !r.dependencies.is_empty()
        {
            special.push(r.id.clone());
        }
    }
    for id in rng.sample(&special, limit * 2 / 3) {
        out.push(id);
    }
    let all: Vec<String> = g.map_order.clone();
    for id in rng.sample(&all, limit.saturating_sub(out.items.len())) {
        out.push(id);
    }
    out.items.truncate(limit);
    out.items
}

/// Prefixes shared by at least two ids: the longest common prefix of each
/// pair of neighbours in sorted order (so every one is ambiguous).
pub fn shared_prefixes(g: &Graph) -> Vec<String> {
    let mut ids: Vec<&str> = g.map_order.iter().map(String::as_str).collect();
    ids.sort_unstable();
    let mut out = BTreeSet::new();
    for w in ids.windows(2) {
        let common = w[0]
            .chars()
            .zip(w[1].chars())
            .take_while(|(a, b)| a == b)
            .count();
        if common >= 1 {
            let p: String = w[0].chars().take(common).collect();
            // a prefix equal to a whole id is an exact match, not ambiguous
            if !g.map_order.contains(&p) {
                out.insert(p);
            }
        }
    }
    out.into_iter().collect()
}

/// Targets for `show` / resolution: symbols, ids, partial ids, relative
/// forms, labels, errors.  Deterministic for (graph, seed).
pub fn targets(g: &Graph, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut t = Ordered::default();
    for s in [
        "head", "heads", "base", "+1", "+3", "-1", "-2", "head-1", "base+1",
    ] {
        t.push(s);
    }
    let ids = interesting_ids(g, &mut rng, 24);
    for id in &ids {
        t.push(id.clone());
    }
    // partial ids: unique-looking 4+ char prefixes and very short ones
    for id in rng.sample(&ids, 8) {
        let chars: Vec<char> = id.chars().collect();
        for n in [4usize, 6, 2, 3] {
            if chars.len() > n {
                t.push(chars[..n].iter().collect::<String>());
            }
        }
    }
    // ambiguous prefixes, long and short
    let shared = shared_prefixes(g);
    let mut long: Vec<String> = shared.iter().filter(|p| p.len() >= 4).cloned().collect();
    long.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in long.iter().take(3) {
        t.push(p.clone());
    }
    let short: Vec<String> = shared.iter().filter(|p| p.len() < 4).cloned().collect();
    for p in rng.sample(&short, 3) {
        t.push(p);
    }
    // relative to a revision
    for id in rng.sample(&ids, 5) {
        t.push(format!("{id}+1"));
        t.push(format!("{id}-1"));
    }
    if let Some(id) = ids.first() {
        t.push(format!("{id}+2"));
        t.push(format!("{id}-3"));
        let p: String = id.chars().take(6).collect();
        t.push(format!("{p}+1"));
    }
    // branch labels
    let labels: Vec<String> = g.labels.keys().cloned().collect();
    for label in rng.sample(&labels, 5) {
        for form in [
            "{L}",
            "{L}@head",
            "{L}@heads",
            "{L}@base",
            "{L}@+1",
            "{L}@-1",
            "{L}@+2",
        ] {
            t.push(form.replace("{L}", &label));
        }
        // a member of the branch and (likely) a non-member
        let members: Vec<String> = g
            .revisions
            .iter()
            .filter(|r| r.branch_labels.contains(&label))
            .map(|r| r.id.clone())
            .collect();
        let others: Vec<String> = g
            .revisions
            .iter()
            .filter(|r| !r.branch_labels.contains(&label))
            .map(|r| r.id.clone())
            .collect();
        if !members.is_empty() {
            let m = rng.pick(&members).clone();
            t.push(format!("{label}@{m}"));
            let p: String = m.chars().take(5).collect();
            t.push(format!("{label}@{p}"));
        }
        if !others.is_empty() {
            t.push(format!("{label}@{}", rng.pick(&others)));
        }
    }
    // revision ids standing in for branch names
    for id in rng.sample(&ids, 3) {
        t.push(format!("{id}@head"));
        t.push(format!("{id}@base"));
    }
    // unknowns
    for s in [
        "zzzzzzzz",
        "deadbeefcafe",
        "nosuchlabel@head",
        "nosuchlabel@base",
        "zz@+1",
    ] {
        t.push(s);
    }
    t.items
}

/// Sets of current heads (what a version table could hold): empty, single
/// heads, all real heads, all heads, revisions in the middle, a base, and a
/// head plus a revision on another lineage.
pub fn current_sets(g: &Graph, seed: u64) -> Vec<Vec<String>> {
    let mut rng = Rng::new(seed.wrapping_add(17));
    let mut sets: Vec<Vec<String>> = vec![vec![]];
    for h in rng.sample(&g.real_heads, 3) {
        sets.push(vec![h]);
    }
    if g.real_heads.len() > 1 {
        sets.push(g.real_heads.clone());
    }
    if g.heads.len() != g.real_heads.len() {
        sets.push(g.heads.clone());
    }
    let middle: Vec<String> = g
        .revisions
        .iter()
        .filter(|r| !r.is_head && !r.is_base)
        .map(|r| r.id.clone())
        .collect();
    for m in rng.sample(&middle, 3) {
        sets.push(vec![m]);
    }
    if let Some(b) = g.bases.first() {
        sets.push(vec![b.clone()]);
    }
    // an antichain of two: a head and a revision not related to it
    if let Some(h) = g.real_heads.first() {
        let below = g.ancestors(h);
        let unrelated: Vec<String> = middle
            .iter()
            .filter(|m| !below.contains(*m) && !g.ancestors(m).contains(h))
            .cloned()
            .collect();
        if !unrelated.is_empty() {
            sets.push(vec![h.clone(), rng.pick(&unrelated).clone()]);
        }
    }
    let mut seen = BTreeSet::new();
    sets.retain(|s| seen.insert(s.clone()));
    sets
}

/// Upgrade and downgrade queries for the oracle: each current-heads set
/// against upgrade targets and downgrade targets.
pub fn plan_queries(g: &Graph, seed: u64) -> Vec<Value> {
    let mut rng = Rng::new(seed.wrapping_add(31));
    let ids = interesting_ids(g, &mut rng, 6);
    let labels: Vec<String> = g.labels.keys().cloned().collect();
    let label = labels.first().cloned();

    let mut up = Ordered::default();
    for s in ["heads", "head", "+1", "+2", "zzzzzzzz"] {
        up.push(s);
    }
    let mut down = Ordered::default();
    for s in ["base", "-1", "-2", "+1"] {
        down.push(s);
    }
    for id in &ids {
        up.push(id.clone());
        down.push(id.clone());
    }
    if let Some(id) = ids.first() {
        up.push(format!("{id}+1"));
        down.push(format!("{id}-1"));
        up.push(id.chars().take(5).collect::<String>());
    }
    if let Some(l) = &label {
        up.push(format!("{l}@head"));
        up.push(format!("{l}@+1"));
        down.push(format!("{l}@base"));
        down.push(format!("{l}@-1"));
    }

    let mut out = Vec::new();
    for current in current_sets(g, seed) {
        for t in &up.items {
            out.push(json!({"op": "upgrade", "target": t, "current": current}));
        }
        for t in &down.items {
            out.push(json!({"op": "downgrade", "target": t, "current": current}));
        }
    }
    out
}

/// Resolve queries for every target of [`targets`].
pub fn resolve_queries(targets: &[String]) -> Vec<Value> {
    targets
        .iter()
        .map(|t| json!({"op": "resolve", "target": t}))
        .collect()
}

/// History ranges worth comparing (`alembic history -r RANGE`), including
/// error cases: missing colon, reversed range, unknown revision, `head`
/// with several heads.
pub fn history_ranges(g: &Graph, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed.wrapping_add(53));
    let mut r = Ordered::default();
    r.push("base:heads");
    r.push(":heads");
    r.push(":head");
    // an ancestor/descendant pair along the first head's lineage
    if let Some(h) = g.real_heads.first() {
        let below = g.versioned_ancestors(h);
        let lineage: Vec<String> = g
            .map_order
            .iter()
            .filter(|id| below.contains(*id) && *id != h)
            .cloned()
            .collect();
        if !lineage.is_empty() {
            let a = rng.pick(&lineage).clone();
            r.push(format!("{a}:"));
            r.push(format!(":{a}"));
            r.push(format!("{a}:{h}"));
            r.push(format!("{h}:{a}")); // reversed
            let pa: String = a.chars().take(6).collect();
            r.push(format!("{pa}:"));
            r.push(format!("base:{a}"));
        }
    }
    // a pair related only through a dependency (Alembic itself sometimes
    // fails an assertion on these; the tests then only check aludel does
    // not panic)
    for h in &g.real_heads {
        let versioned = g.versioned_ancestors(h);
        let via_dep = g
            .map_order
            .iter()
            .find(|id| g.ancestors(h).contains(*id) && !versioned.contains(*id));
        if let Some(a) = via_dep {
            r.push(format!("{a}:{h}"));
            break;
        }
    }
    if let Some(label) = g.labels.keys().next() {
        r.push(format!("{label}@base:{label}@head"));
        r.push(format!("{label}@base:"));
    }
    r.push("zzzzzzzz:");
    r.push("base");
    r.push("-1:");
    r.items
}
