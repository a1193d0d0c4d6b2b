//! `# aludel: allow CODE` comments: on an operation's line, or on a
//! comment line right above it, they silence that rule there.

/// Whether the comment on line `line` (1-based) of `source`, or a comment
/// line just above it, allows rule `code` / `name`.
pub fn allowed(source: &str, line: usize, code: &str, name: &str) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    let Some(index) = line.checked_sub(1) else {
        return false;
    };
    let mut candidates = vec![index];
    let mut above = index;
    while above > 0
        && lines
            .get(above - 1)
            .is_some_and(|l| l.trim_start().starts_with('#'))
    {
        above -= 1;
        candidates.push(above);
    }
    candidates
        .into_iter()
        .filter_map(|i| lines.get(i))
        .any(|text| allows(text, code, name))
}

/// Whether one line's comment allows the rule.
fn allows(text: &str, code: &str, name: &str) -> bool {
    let Some(hash) = text.find('#') else {
        return false;
    };
    let comment = text[hash + 1..].trim_start();
    let Some(rest) = comment.strip_prefix("aludel:") else {
        return false;
    };
    let Some(list) = rest.trim_start().strip_prefix("allow") else {
        return false;
    };
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .any(|w| w.eq_ignore_ascii_case(code) || w == name || w == "all")
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn the_line_or_the_comments_above_it_allow() {
        let source = "x\n    op.drop_column('t', 'c')  # aludel: allow AL109\n    # why: unused since 2024\n    # aludel: allow adding-required-column, AL105\n    op.add_column('t', c)\n";
        assert!(allowed(source, 2, "AL109", "dropping-column"));
        assert!(!allowed(source, 2, "AL110", "dropping-table"));
        assert!(allowed(source, 5, "AL101", "adding-required-column"));
        assert!(allowed(source, 5, "AL105", "index-without-concurrently"));
        assert!(!allowed(source, 1, "AL101", "adding-required-column"));
        assert!(!allowed(source, 0, "AL101", "adding-required-column"));
    }
}
