//! Printing a review: text for people, one JSON document, or GitHub
//! Actions annotations.

use aludel_lint::{Finding, Severity};
use serde_json::json;

use super::reviewing::Reviewed;
use super::Format;
use crate::output::Output;

/// Prints the findings, notes and what `--fix` wrote.
pub fn print(reviewed: &Reviewed, fixed: &[String], format: Format, out: &mut Output) {
    match format {
        Format::Json => {
            out.json(&json!({
                "command": "lint",
                "targets": reviewed.targets,
                "revisions": reviewed.revisions,
                "findings": reviewed.findings,
                "notes": reviewed.notes,
                "fixed": fixed,
            }));
        }
        Format::Github => {
            for finding in &reviewed.findings {
                out.line(&annotation(finding));
            }
            for note in &reviewed.notes {
                out.line(&format!(
                    "::notice title=aludel lint::{}",
                    escape_data(note)
                ));
            }
        }
        Format::Text => text(reviewed, fixed, out),
    }
}

fn text(reviewed: &Reviewed, fixed: &[String], out: &mut Output) {
    for finding in &reviewed.findings {
        out.line(&format!(
            "{}:{}:{}: {} {} [{}] {}",
            finding.path,
            finding.line,
            finding.column,
            finding.severity.name(),
            finding.code,
            finding.rule,
            finding.message
        ));
        out.line(&format!(
            "  revision {} on {}",
            finding.revision,
            names(&finding.targets)
        ));
        out.line(&format!("  why: {}", finding.why));
        out.line(&format!("  fix: {}", finding.fix));
        out.line("");
    }
    for note in &reviewed.notes {
        out.note(&format!("note: {note}"));
    }
    for line in fixed {
        out.line(line);
    }
    let count = reviewed.findings.len();
    let revisions = plural(reviewed.revisions, "revision");
    if count == 0 {
        out.line(&format!(
            "No problems in {revisions} reviewed for {}.",
            names(&reviewed.targets)
        ));
        return;
    }
    let errors = reviewed
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let fixable = reviewed.findings.iter().filter(|f| f.fixable).count();
    let mut summary = format!(
        "Found {} in {revisions} reviewed for {} ({}, {})",
        plural(count, "problem"),
        names(&reviewed.targets),
        plural(errors, "error"),
        plural(count - errors, "warning"),
    );
    if fixable > 0 && fixed.is_empty() {
        summary.push_str(&format!(
            "; {fixable} can be fixed with `aludel lint --fix`"
        ));
    }
    summary.push('.');
    out.line(&summary);
    out.line(
        "Silence a finding where it is intended with a `# aludel: allow CODE` comment on its line.",
    );
}

fn names(targets: &[aludel_lint::Target]) -> String {
    targets
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `::error file=...,line=...,col=...,title=...::message` (GitHub's
/// workflow command syntax, with its escapes).
fn annotation(finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(&finding.path),
        finding.line,
        finding.column,
        escape_property(&format!("{} {}", finding.code, finding.rule)),
        escape_data(&format!(
            "{} (revision {}, {}). Fix: {}",
            finding.message,
            finding.revision,
            names(&finding.targets),
            finding.fix
        ))
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_escape_what_github_reads_as_syntax() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("50%: x\ny"), "50%25: x%0Ay");
    }
}
