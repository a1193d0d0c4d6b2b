//! Column order of a rebuilt table with `insert_before=` / `insert_after=`
//! (Alembic's `_setup_dependencies_for_add_column` and the topological sort
//! SQLAlchemy does over the resulting pairs).

/// The ordering pairs `(earlier, later)` one added column contributes.
/// `existing` is the order of the table's surviving original columns,
/// `added` the pairs collected so far.
pub(crate) fn pairs_for_added(
    column: &str,
    before: Option<&str>,
    after: Option<&str>,
    existing: &[String],
    added: &[(String, String)],
) -> Vec<(String, String)> {
    let position = |name: &str| existing.iter().position(|c| c == name);
    let mut before = before.map(str::to_string);
    let mut after = after.map(str::to_string);
    if let (Some(a), None) = (after.clone(), before.as_ref()) {
        match position(&a) {
            // After an existing column means before the column that follows it.
            Some(i) => before = existing.get(i + 1).cloned(),
            // After a column that is itself new: before whatever it precedes.
            None => {
                before = added
                    .iter()
                    .rev()
                    .find(|(x, _)| *x == a)
                    .map(|(_, y)| y.clone())
            }
        }
    }
    if let (Some(b), None) = (before.clone(), after.as_ref()) {
        match position(&b) {
            Some(i) => after = i.checked_sub(1).and_then(|p| existing.get(p)).cloned(),
            None => {
                after = added
                    .iter()
                    .rev()
                    .find(|(_, y)| *y == b)
                    .map(|(x, _)| x.clone())
            }
        }
    }
    let mut pairs = Vec::new();
    if let Some(b) = &before {
        pairs.push((column.to_string(), b.clone()));
    }
    if let Some(a) = &after {
        pairs.push((a.clone(), column.to_string()));
    }
    if before.is_none() && after.is_none() {
        if let Some(last) = existing.last() {
            pairs.push((last.clone(), column.to_string()));
        }
    }
    pairs
}

/// Sorts `items` so every pair's first element comes before its second,
/// taking, round after round, every item (in `items` order) none of whose
/// predecessors is left. `None` on a cycle.
pub(crate) fn topological(items: &[String], pairs: &[(String, String)]) -> Option<Vec<String>> {
    let mut todo: Vec<String> = items.to_vec();
    let mut out = Vec::with_capacity(items.len());
    while !todo.is_empty() {
        let ready: Vec<String> = todo
            .iter()
            .filter(|node| {
                !pairs
                    .iter()
                    .any(|(p, c)| c == *node && p != c && todo.contains(p))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            return None;
        }
        todo.retain(|t| !ready.contains(t));
        out.extend(ready);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn insert_before_and_after_existing_columns() {
        let existing = names(&["a", "b", "c"]);
        let p1 = pairs_for_added("x", Some("b"), None, &existing, &[]);
        assert_eq!(p1, vec![("x".into(), "b".into()), ("a".into(), "x".into())]);
        let mut pairs: Vec<(String, String)> =
            vec![("a".into(), "b".into()), ("b".into(), "c".into())];
        pairs.extend(p1.clone());
        let p2 = pairs_for_added("y", None, Some("c"), &existing, &p1);
        assert_eq!(p2, vec![("c".into(), "y".into())]);
        pairs.extend(p2);
        let order = topological(&names(&["a", "b", "c", "x", "y"]), &pairs).unwrap();
        assert_eq!(order, names(&["a", "x", "b", "c", "y"]));
    }

    #[test]
    fn a_cycle_is_reported() {
        let pairs = vec![
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "a".to_string()),
        ];
        assert!(topological(&names(&["a", "b"]), &pairs).is_none());
    }
}
