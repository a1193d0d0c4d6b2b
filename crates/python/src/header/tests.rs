use super::*;

fn read(source: &str) -> Result<Revision, RevisionFileError> {
    read_revision(Path::new("/p/versions/x_rev.py"), source)
}

fn read_full(source: &str) -> Result<Revision, RevisionFileError> {
    read_revision_with(
        Path::new("/p/versions/x_rev.py"),
        source,
        ParseExtent::WholeFile,
    )
}

fn err(source: &str) -> String {
    read(source).unwrap_err().to_string()
}

const GENERIC: &str = r#""""add user table

Revision ID: ae1027a6acf
Revises: 27c6a30d7c24
Create Date: 2026-11-22 02:28:08.398348

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ae1027a6acf'
down_revision: Union[str, Sequence[str], None] = '27c6a30d7c24'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table("user", sa.Column("id", sa.Integer(), nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("user")
"#;

#[test]
fn reads_the_default_template_output() {
    let rev = read(GENERIC).unwrap();
    assert_eq!(rev.id, "ae1027a6acf");
    assert_eq!(rev.down_revisions, ["27c6a30d7c24"]);
    assert!(rev.branch_labels.is_empty());
    assert!(rev.depends_on.is_empty());
    assert_eq!(
        rev.longdoc,
        "add user table\n\nRevision ID: ae1027a6acf\nRevises: 27c6a30d7c24\nCreate Date: 2026-11-22 02:28:08.398348"
    );
    assert_eq!(rev.doc(), "add user table");
    assert_eq!(rev.path, "/p/versions/x_rev.py");
    assert_eq!(read_full(GENERIC).unwrap(), rev);
}

#[test]
fn bare_assignments_and_sequences() {
    let rev = read(
        "revision = \"m1\"\ndown_revision = ('a', \"b\")\nbranch_labels = ['x']\ndepends_on = 'd'\n",
    )
    .unwrap();
    assert_eq!(rev.id, "m1");
    assert_eq!(rev.down_revisions, ["a", "b"]);
    assert_eq!(rev.branch_labels, ["x"]);
    assert_eq!(rev.depends_on, ["d"]);
    assert_eq!(rev.longdoc, "");
}

#[test]
fn none_and_empty_sequences_mean_no_ids() {
    let rev = read("revision='r'\ndown_revision=None\nbranch_labels=()\ndepends_on=[]\n").unwrap();
    assert!(rev.down_revisions.is_empty());
    assert!(rev.branch_labels.is_empty());
    assert!(rev.depends_on.is_empty());
}

#[test]
fn string_literal_forms() {
    let rev = read(
        "revision = 'ab' \"cd\" '''ef'''\ndown_revision = r'\\x' \nbranch_labels = ('l\\x41',)\n",
    )
    .unwrap();
    assert_eq!(rev.id, "abcdef");
    assert_eq!(rev.down_revisions, ["\\x"]);
    assert_eq!(rev.branch_labels, ["lA"]);
    let rev = read("revision = (\n    'a'\n    'b'\n)\ndown_revision = None\n").unwrap();
    assert_eq!(rev.id, "ab");
}

#[test]
fn later_assignments_win() {
    let rev =
        read("revision = 'a'\ndown_revision = 'x'\nrevision: str = 'b'\ndown_revision = None\n")
            .unwrap();
    assert_eq!(rev.id, "b");
    assert!(rev.down_revisions.is_empty());
}

#[test]
fn chained_assignment_sets_every_target() {
    let rev = read("revision = 'a'\ndown_revision = depends_on = 'p'\n").unwrap();
    assert_eq!(rev.down_revisions, ["p"]);
    assert_eq!(rev.depends_on, ["p"]);
}

#[test]
fn docstring_escapes_and_python_strip() {
    let rev = read(
        "'''\\t  first\\x20line\n\n  more \\u00e9\n\u{a0}'''\nrevision='r'\ndown_revision=None\n",
    )
    .unwrap();
    assert_eq!(rev.longdoc, "first line\n\n  more é");
    let rev = read("\"a\" 'b'\nrevision='r'\ndown_revision=None\n").unwrap();
    assert_eq!(rev.longdoc, "ab");
}

#[test]
fn docstring_must_be_first_statement_and_plain_string() {
    let rev = read("import os\n'''not doc'''\nrevision='r'\ndown_revision=None\n").unwrap();
    assert_eq!(rev.longdoc, "");
    let rev = read("f'''x'''\nrevision='r'\ndown_revision=None\n").unwrap();
    assert_eq!(rev.longdoc, "");
    let rev = read("b'''x'''\nrevision='r'\ndown_revision=None\n").unwrap();
    assert_eq!(rev.longdoc, "");
}

#[test]
fn byte_order_mark_is_ignored() {
    let rev = read("\u{feff}\"\"\"doc\"\"\"\nrevision='r'\ndown_revision=None\n").unwrap();
    assert_eq!(rev.longdoc, "doc");
}

#[test]
fn names_after_the_first_def_are_still_seen() {
    let src = "revision = 'a'\ndown_revision = None\ndef upgrade():\n    pass\nrevision = 'b'\n";
    assert_eq!(read(src).unwrap().id, "b");
    let src = "revision = 'a'\ndef upgrade():\n    pass\n\ndown_revision = 'p'\n";
    assert_eq!(read(src).unwrap().down_revisions, ["p"]);
}

#[test]
fn a_def_line_inside_the_docstring_does_not_cut_the_header() {
    let src = "\"\"\"doc\ndef not_code\n\"\"\"\nrevision = 'a'\ndown_revision = None\n";
    let rev = read(src).unwrap();
    assert_eq!(rev.id, "a");
    assert_eq!(rev.longdoc, "doc\ndef not_code");
}

#[test]
fn decorators_and_classes_end_the_prefix() {
    let src = "revision = 'a'\ndown_revision = None\n@decorator\ndef upgrade():\n    x = (\n";
    // The prefix is enough; the broken body is left to the body reader.
    assert_eq!(read(src).unwrap().id, "a");
    assert!(matches!(
        read_full(src),
        Err(RevisionFileError::Syntax { .. })
    ));
    let src = "revision = 'a'\ndown_revision = None\nclass T:\n    pass\n";
    assert_eq!(read(src).unwrap().id, "a");
}

#[test]
fn missing_revision_uses_a_hex_file_name() {
    let rev = read_revision(Path::new("/v/ae10f.py"), "down_revision = None\n").unwrap();
    assert_eq!(rev.id, "ae10f");
    let e = read_revision(Path::new("/v/ae10f_x.py"), "down_revision = None\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Could not determine revision id from filename ae10f_x.py. Be sure the 'revision' variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation)."
    );
    assert!(read_revision(Path::new("/v/AE10.py"), "down_revision = None\n").is_err());
}

#[test]
fn missing_down_revision_names_the_file() {
    let e = err("revision = 'a'\n");
    assert!(
        e.starts_with("/p/versions/x_rev.py: no `down_revision` variable"),
        "{e}"
    );
    assert!(e.contains("down_revision = None"), "{e}");
    // An annotation without a value binds nothing.
    assert!(read("revision = 'a'\ndown_revision: str\n").is_err());
}

#[test]
fn non_literal_value_points_at_it() {
    let e = err("revision = 'a'\ndown_revision = compute_parent()\n");
    assert_eq!(
        e,
        "/p/versions/x_rev.py:2:17: `down_revision` is set to a function call; aludel reads revision headers without running Python, so the value must be a literal\n  |\n2 | down_revision = compute_parent()\n  |                 ^^^^^^^^^^^^^^^^\n  = help: write None, a string literal such as 'ae1027a6acf', or a tuple of string literals such as ('ae1027a6acf', '27c6a30d7c24')"
    );
    let e = err("revision = PARENT\n");
    assert!(
        e.starts_with("/p/versions/x_rev.py:1:12: `revision` is set to the variable `PARENT`"),
        "{e}"
    );
    assert!(
        e.contains("help: write a string literal such as 'ae1027a6acf'"),
        "{e}"
    );
    let e = err("revision = 'a'\ndown_revision = ('a', B)\n");
    assert!(
        e.contains(":2:23: `down_revision` is set to a sequence holding the variable `B`"),
        "{e}"
    );
    let e = err("revision = f'x{1}'\n");
    assert!(e.contains("an f-string"), "{e}");
    let e = err("revision = None\ndown_revision = None\n");
    assert!(e.contains(":1:12: `revision` is set to None"), "{e}");
    let e = err("revision = 'a'\ndown_revision = {'a', 'b'}\n");
    assert!(e.contains("a set (its order is not defined)"), "{e}");
}

#[test]
fn unsupported_bindings_are_errors() {
    let cases = [
        (
            "revision = 'a'\nif X:\n    down_revision = 'p'\n",
            "an assignment inside an `if` block",
            3,
            5,
        ),
        (
            "revision = 'a'\ndown_revision = None\ndown_revision += ('b',)\n",
            "an augmented assignment",
            3,
            1,
        ),
        (
            "revision = 'a'\ndown_revision = None\ndel down_revision\n",
            "a `del` statement",
            3,
            5,
        ),
        ("from x import revision\n", "an import", 1, 15),
        ("import depends_on\n", "an import", 1, 8),
        (
            "revision, down_revision = 'a', None\n",
            "an unpacking assignment",
            1,
            1,
        ),
        (
            "for revision in []:\n    pass\n",
            "a `for` loop target",
            1,
            5,
        ),
        (
            "try:\n    import q\nexcept E:\n    branch_labels = None\n",
            "an assignment inside a `try` block",
            4,
            5,
        ),
        (
            "with open(f) as depends_on:\n    pass\n",
            "a `with ... as` target",
            1,
            17,
        ),
        (
            "revision = 'a'\nclass depends_on:\n    pass\n",
            "a class definition",
            2,
            7,
        ),
    ];
    for (src, construct, line, col) in cases {
        let e = read(src).unwrap_err();
        let RevisionFileError::UnsupportedBinding {
            location,
            construct: c,
            ..
        } = &e
        else {
            panic!("{src:?}: {e}");
        };
        assert_eq!(c, construct, "{src:?}");
        assert_eq!((location.line, location.column), (line, col), "{src:?}");
        assert!(e.to_string().contains("help: assign `"), "{e}");
    }
}

#[test]
fn unrelated_code_is_tolerated() {
    let src = "import os\nX = os.environ.get('X')\nif X:\n    Y = 1\nrevision = 'a'\ndown_revision = None\nop_list = [f(x) for x in X]\n";
    assert_eq!(read(src).unwrap().id, "a");
}

#[test]
fn syntax_error_has_location_and_parser_message() {
    let e = err("revision = 'a'\ndown_revision = (\n");
    assert!(
        e.starts_with("/p/versions/x_rev.py:3:1: invalid Python syntax: "),
        "{e}"
    );
    let e = err("revision = 'a\ndown_revision = None\n");
    assert!(
        e.starts_with("/p/versions/x_rev.py:1:12: invalid Python syntax: "),
        "{e}"
    );
    assert!(e.contains("\n1 | revision = 'a\n  |            ^"), "{e}");
}

#[test]
fn arbitrary_input_never_panics() {
    let samples = [
        "",
        "\u{feff}",
        "\n\n",
        "é",
        "revision = 'é",
        "def",
        "def ",
        "@",
        "\"\"\"",
        "revision = ('a',",
        "revision: = 1",
        "down_revision = 'a'\ndef x(:\n",
        "\t\u{3000}revision='a'",
        "'\\N{BOGUS}'",
        "revision = '\\ud800'\ndown_revision=None",
    ];
    for s in samples {
        let _ = read(s);
        let _ = read_full(s);
    }
}

#[test]
fn line_breaks_are_read_as_python_does() {
    // Alembic 1.20.1 loads this file with longdoc 'a\n\nb\nc' and doc 'a'.
    let rev = read("\"\"\"a\r\n\r\nb\rc\r\n\"\"\"\r\nrevision = \"x\"\r\ndown_revision = None\r\n")
        .unwrap();
    assert_eq!(rev.longdoc, "a\n\nb\nc");
    assert_eq!(rev.doc(), "a");
    let e = err("revision = 'x'\r\ndown_revision = f()\r\n");
    assert!(e.starts_with("/p/versions/x_rev.py:2:17: "), "{e}");
}

/// Deterministic pseudo-random fragments glued together: no input may
/// panic; when the whole file parses, reading only the header gives the
/// same result; a syntax error before the header's end is always reported.
#[test]
fn random_fragment_soup_never_panics() {
    const ITERATIONS: usize = 3000;
    const FRAGMENTS: &[&str] = &[
        "revision",
        "down_revision",
        "branch_labels",
        "depends_on",
        " = ",
        ": str",
        "'a'",
        "\"b\"",
        "None",
        "(",
        ")",
        "[",
        "]",
        ",",
        "\n",
        "\r\n",
        "def f():\n    pass\n",
        "class C:\n",
        "@d\n",
        "    ",
        "\"\"\"",
        "é",
        "if x:\n",
        "import ",
        "from m import ",
        " as ",
        "del ",
        "+=",
        "f'x'",
        "#",
        "\\\n",
        "\u{feff}",
        "import os\n",
        "from m import a as b\n",
        "import a.b, c\n",
        ": Union[str, Sequence[str], None]",
        ": str | None",
        "\"\"\"doc\n\"\"\"\n",
        "x = 1\n",
        "revision: str = 'r'\n",
        "down_revision = None\n",
        "from . import (\n",
        "import revision\n",
        "\nimport",
        ": Union[",
        "=",
        "==",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..ITERATIONS {
        let len = (next() % 16) as usize;
        let source: String = (0..len)
            .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
            .collect();
        let fast = read(&source);
        let full = read_full(&source);
        match &full {
            Ok(full) => assert_eq!(fast.as_ref().ok(), Some(full), "{source:?}"),
            Err(RevisionFileError::Syntax { location, .. }) => {
                let normalized = source
                    .strip_prefix('\u{feff}')
                    .unwrap_or(&source)
                    .replace("\r\n", "\n")
                    .replace('\r', "\n");
                let cut = header_prefix_end(&normalized);
                let cut_line = normalized[..cut].matches('\n').count() + 1;
                if location.line < cut_line {
                    assert!(fast.is_err(), "{source:?}: {}", full.as_ref().unwrap_err());
                }
            }
            Err(_) => {}
        }
    }
}
