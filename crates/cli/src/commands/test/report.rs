//! What `aludel test` prints: a line per revision (and per check of the
//! whole history) with what failed, the `--json` document (docs/json.md)
//! and the `--junit` XML report (one test case per revision per check).

use serde_json::{json, Value};

use super::outcome::{CheckResult, Outcome, RevisionResult, Status};

/// What the run was, for the reports' headers.
pub struct RunInfo {
    /// The configured URL, password masked: the scratch databases' server.
    pub url: String,
    /// `sqlite`, `postgresql`, `mysql` or `mariadb`.
    pub dialect: String,
    /// The range tested.
    pub range: String,
    /// The number of workers.
    pub jobs: usize,
    /// `--data`.
    pub data: bool,
    /// Wall-clock time of the run.
    pub seconds: f64,
}

/// Counts of revisions by outcome.
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

fn tally(outcome: &Outcome) -> Tally {
    let mut t = Tally {
        passed: 0,
        failed: 0,
        skipped: 0,
    };
    for r in &outcome.revisions {
        match r.status_word() {
            "fail" => t.failed += 1,
            "skip" => t.skipped += 1,
            _ => t.passed += 1,
        }
    }
    t
}

/// The text report, one entry per line (details indented).
pub fn text(outcome: &Outcome, info: &RunInfo) -> Vec<String> {
    let mut lines = Vec::new();
    for check in &outcome.history {
        history_line(check, &mut lines);
    }
    for r in &outcome.revisions {
        revision_lines(r, &mut lines);
    }
    let t = tally(outcome);
    let history_failed = outcome
        .history
        .iter()
        .filter(|c| matches!(c.status, Status::Fail { .. }))
        .count();
    let mut summary = format!(
        "{} revision{} tested on {} ({}, {} worker{}{}): {} passed, {} failed, {} skipped",
        outcome.revisions.len(),
        plural(outcome.revisions.len()),
        info.dialect,
        info.range,
        info.jobs,
        plural(info.jobs),
        if info.data { ", --data" } else { "" },
        t.passed,
        t.failed,
        t.skipped,
    );
    if history_failed > 0 {
        summary.push_str(&format!(
            "; {history_failed} check{} of the history failed",
            plural(history_failed)
        ));
    }
    summary.push_str(&format!(" in {:.2} s", info.seconds));
    lines.push(summary);
    lines
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn history_line(check: &CheckResult, lines: &mut Vec<String>) {
    let what = match check.name {
        "single_head" => "one head",
        "models" => "heads match the models",
        other => other,
    };
    match &check.status {
        Status::Pass => lines.push(format!("PASS  {what}")),
        Status::Fail {
            message, details, ..
        } => {
            lines.push(format!("FAIL  {what}: {message}"));
            lines.extend(details.iter().map(|d| format!("        {d}")));
        }
        Status::Skip { reason } => lines.push(format!("SKIP  {what}: {reason}")),
    }
}

fn revision_lines(r: &RevisionResult, lines: &mut Vec<String>) {
    let head = format!("{}  {}", r.revision, r.file);
    match r.status_word() {
        "pass" => lines.push(format!("PASS  {head}")),
        "skip" => {
            let reason = r
                .checks
                .iter()
                .find_map(|c| match &c.status {
                    Status::Skip { reason } => Some(reason.as_str()),
                    _ => None,
                })
                .unwrap_or("not run");
            lines.push(format!("SKIP  {head}: {reason}"));
        }
        _ => {
            for c in &r.checks {
                if let Status::Fail {
                    message, details, ..
                } = &c.status
                {
                    lines.push(format!("FAIL  {head}: {}: {message}", c.name));
                    lines.extend(details.iter().map(|d| format!("        {d}")));
                }
            }
        }
    }
}

/// The `--json` document.
pub fn json_document(outcome: &Outcome, info: &RunInfo) -> Value {
    let t = tally(outcome);
    json!({
        "command": "test",
        "ok": !outcome.failed(),
        "url": info.url,
        "dialect": info.dialect,
        "range": info.range,
        "jobs": info.jobs,
        "data": info.data,
        "seconds": info.seconds,
        "history": outcome.history.iter().map(check_json).collect::<Vec<_>>(),
        "revisions": outcome.revisions.iter().map(|r| json!({
            "revision": r.revision,
            "file": r.file,
            "status": r.status_word(),
            "checks": r.checks.iter().map(check_json).collect::<Vec<_>>(),
            "notes": r.notes,
        })).collect::<Vec<_>>(),
        "summary": {
            "revisions": outcome.revisions.len(),
            "passed": t.passed,
            "failed": t.failed,
            "skipped": t.skipped,
        },
    })
}

fn check_json(c: &CheckResult) -> Value {
    let mut value = json!({
        "check": c.name,
        "status": c.status.word(),
        "seconds": c.seconds,
    });
    match &c.status {
        Status::Pass => {}
        Status::Fail {
            message,
            details,
            log,
        } => {
            value["message"] = json!(message);
            value["details"] = json!(details);
            value["log"] = json!(log);
        }
        Status::Skip { reason } => value["reason"] = json!(reason),
    }
    value
}

/// The JUnit XML report: a `testsuite` whose test cases are the history's
/// checks (class `migrations`) and each revision's checks (class: the
/// revision file), named `<check>` and `<revision> <check>`.
pub fn junit(outcome: &Outcome, info: &RunInfo) -> String {
    let mut cases: Vec<(String, String, &CheckResult)> = Vec::new();
    for c in &outcome.history {
        cases.push(("migrations".to_string(), c.name.to_string(), c));
    }
    for r in &outcome.revisions {
        for c in &r.checks {
            cases.push((r.file.clone(), format!("{} {}", r.revision, c.name), c));
        }
    }
    let failures = cases
        .iter()
        .filter(|(_, _, c)| matches!(c.status, Status::Fail { .. }))
        .count();
    let skipped = cases
        .iter()
        .filter(|(_, _, c)| matches!(c.status, Status::Skip { .. }))
        .count();
    let suite_attrs = format!(
        "name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{:.3}\"",
        xml(&format!("aludel test ({}, {})", info.dialect, info.range)),
        cases.len(),
        info.seconds
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites {suite_attrs}>\n"));
    out.push_str(&format!("  <testsuite {suite_attrs}>\n"));
    for (class, name, c) in &cases {
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml(class),
            xml(name),
            c.seconds
        );
        match &c.status {
            Status::Pass => out.push_str(&format!("{open}/>\n")),
            Status::Skip { reason } => {
                out.push_str(&format!(
                    "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    xml(reason)
                ));
            }
            Status::Fail {
                message,
                details,
                log,
            } => {
                let mut body: Vec<&str> = details.iter().map(String::as_str).collect();
                if !log.is_empty() {
                    body.push("log:");
                    body.extend(log.iter().map(String::as_str));
                }
                out.push_str(&format!(
                    "{open}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml(message),
                    xml_text(&body.join("\n"))
                ));
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text as an XML attribute value: the five escapes, line breaks as
/// character references, and the control characters XML 1.0 cannot hold
/// dropped.
fn xml(text: &str) -> String {
    escape(text, true)
}

/// Text as XML character data (line breaks kept).
fn xml_text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\n' => out.push('\n'),
            '\t' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml("a<b & \"c\"\u{1}\n"), "a&lt;b &amp; &quot;c&quot;&#10;");
        assert_eq!(xml_text("x > y\nz"), "x &gt; y\nz");
    }
}
