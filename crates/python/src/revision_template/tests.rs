use super::*;
use crate::header::read_revision;
use chrono::{NaiveDate, TimeZone, Utc};

/// A `script.py.mako` in the shape of Alembic's stock templates, with an
/// added `import sqlmodel` line (a common customisation).
const TEMPLATE: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
"#;

fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, us: u32) -> PyDateTime {
    PyDateTime::naive(
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_micro_opt(h, mi, s, us))
            .unwrap(),
    )
}

fn values(
    rev: &str,
    down: &[&str],
    labels: &[&str],
    deps: &[&str],
    message: Option<&str>,
) -> RevisionValues<'static> {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    RevisionValues {
        rev_id: rev.to_string(),
        down_revisions: owned(down),
        branch_labels: owned(labels),
        depends_on: owned(deps),
        message: message.map(str::to_string),
        create_date: naive(2026, 11, 22, 2, 28, 8, 398_348),
        config: None,
        extra: Vec::new(),
    }
}

fn render(values: &RevisionValues<'_>) -> String {
    render_revision_file(TEMPLATE, Path::new("/p/script.py.mako"), values).unwrap()
}

#[test]
fn merge_with_labels_and_dependencies_matches_mako() {
    // Expected text rendered by Mako 1.4.3 with Alembic's variables.
    let v = values(
        "bb22",
        &["aa11", "cc33"],
        &["feature"],
        &["x1", "y2"],
        Some("it's \"quoted\" — ünïcode"),
    );
    assert_eq!(
        render(&v),
        "\"\"\"it's \"quoted\" — ünïcode\n\nRevision ID: bb22\nRevises: aa11, cc33\nCreate Date: 2026-11-22 02:28:08.398348\n\n\"\"\"\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\nimport sqlmodel\n\n\n# revision identifiers, used by Alembic.\nrevision: str = 'bb22'\ndown_revision: Union[str, Sequence[str], None] = ('aa11', 'cc33')\nbranch_labels: Union[str, Sequence[str], None] = ('feature',)\ndepends_on: Union[str, Sequence[str], None] = ['x1', 'y2']\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    );
}

#[test]
fn first_revision_without_message_and_aware_date_matches_mako() {
    let mut v = values("aa11", &[], &[], &[], None);
    v.create_date = PyDateTime::aware(
        &Utc.from_utc_datetime(
            &NaiveDate::from_ymd_opt(2026, 1, 2)
                .and_then(|d| d.and_hms_opt(3, 4, 5))
                .unwrap(),
        ),
    );
    assert_eq!(
        render(&v),
        "\"\"\"empty message\n\nRevision ID: aa11\nRevises: \nCreate Date: 2026-01-02 03:04:05+00:00\n\n\"\"\"\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\nimport sqlmodel\n\n\n# revision identifiers, used by Alembic.\nrevision: str = 'aa11'\ndown_revision: Union[str, Sequence[str], None] = None\nbranch_labels: Union[str, Sequence[str], None] = None\ndepends_on: Union[str, Sequence[str], None] = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    );
}

#[test]
fn extra_variables_fill_the_bodies() {
    let mut v = values("cc33", &["bb22"], &[], &["x1"], Some("add col"));
    v.extra = vec![
        ("imports".into(), Value::str("from foo import bar")),
        (
            "upgrades".into(),
            Value::str("op.add_column('t', sa.Column('c', sa.Integer()))"),
        ),
        ("downgrades".into(), Value::str("op.drop_column('t', 'c')")),
    ];
    let text = render(&v);
    assert!(
        text.contains("import sqlmodel\nfrom foo import bar\n\n# revision"),
        "{text}"
    );
    assert!(
        text.contains("    op.add_column('t', sa.Column('c', sa.Integer()))\n\n\ndef downgrade"),
        "{text}"
    );
    assert!(
        text.contains("depends_on: Union[str, Sequence[str], None] = 'x1'\n"),
        "{text}"
    );
}

#[test]
fn written_files_read_back_to_the_same_revision() {
    let cases = [
        values("aa11", &[], &[], &[], None),
        values(
            "bb22",
            &["aa11"],
            &["lbl"],
            &["x1"],
            Some("Add user table\n\nwith details"),
        ),
        values(
            "cc33",
            &["aa11", "bb22"],
            &["a", "b"],
            &["x1", "y2"],
            Some("merge: 'one' \\ two — ü"),
        ),
    ];
    for v in cases {
        let text = render(&v);
        let path = Path::new("/p/versions/file.py");
        let rev = read_revision(path, &text).unwrap();
        assert_eq!(rev.id, v.rev_id);
        assert_eq!(rev.down_revisions, v.down_revisions);
        assert_eq!(rev.branch_labels, v.branch_labels);
        assert_eq!(rev.depends_on, v.depends_on);
        let message = v.message.clone().unwrap_or_else(|| "empty message".into());
        let revises = v.down_revisions.join(", ");
        let expected_doc = format!(
            "{message}\n\nRevision ID: {}\nRevises: {revises}\nCreate Date: 2026-11-22 02:28:08.398348",
            v.rev_id
        );
        // `\ ` is not a Python escape: it stays as written.
        assert_eq!(rev.longdoc, expected_doc);
        assert_eq!(rev.path, "/p/versions/file.py");
    }
}

#[test]
fn config_lookups_are_served_by_the_callback() {
    let lookup = |query: crate::template::ConfigQuery<'_>| -> Result<Option<String>, String> {
        match query {
            crate::template::ConfigQuery::Main { name: "databases" } => {
                Ok(Some("engine1, engine2".into()))
            }
            _ => Ok(None),
        }
    };
    let mut v = values("aa11", &[], &[], &[], None);
    v.config = Some(&lookup);
    let template = "${config.get_main_option('databases')}|${config.get_main_option('nope', 'dflt')}|${config.get_section_option('s', 'k') is None}\n";
    let text = render_revision_file(template, Path::new("t.mako"), &v).unwrap();
    assert_eq!(text, "engine1, engine2|dflt|True\n");
}
