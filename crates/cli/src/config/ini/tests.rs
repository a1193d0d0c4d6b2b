//! Expected values come from Python 3.11's `ConfigParser({"here": "/proj"})`
//! reading the same text.

use super::*;

fn read(text: &str) -> Result<IniDocument, ConfigError> {
    let mut doc = IniDocument::new(Path::new("/proj/alembic.ini"), &[("here", "/proj")]);
    doc.read_str(text)?;
    Ok(doc)
}

fn get(doc: &IniDocument, section: &str, key: &str) -> Option<String> {
    doc.get(section, key).unwrap()
}

const SAMPLE: &str = "\
# leading comment
; another
[DEFAULT]
base = /srv

[alembic]
Script_Location = %(here)s/migrations
url: sqlite:///%(base)s/app.db
multi = first
   second

   third
   # a comment inside
    fourth


pct = 100%%
hash = value # not a comment
a:b = c
empty =
nested = %(url)s?x=1
  indented_opt = 5
[other]
key = %(BASE)s/x
[a]b]
k=v
[sec] trailing
k2 = v2
";

#[test]
fn reads_like_configparser() {
    let doc = read(SAMPLE).unwrap();
    let items = doc.items("alembic").unwrap().unwrap();
    let expected: Vec<(String, String)> = [
        ("here", "/proj"),
        ("base", "/srv"),
        ("script_location", "/proj/migrations"),
        ("url", "sqlite:////srv/app.db"),
        ("multi", "first\nsecond\n\nthird\nfourth"),
        ("pct", "100%"),
        ("hash", "value # not a comment"),
        ("a", "b = c"),
        ("empty", ""),
        ("nested", "sqlite:////srv/app.db?x=1\nindented_opt = 5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(items, expected);
    assert_eq!(get(&doc, "other", "key").as_deref(), Some("/srv/x"));
    assert_eq!(get(&doc, "a]b", "k").as_deref(), Some("v"));
    assert_eq!(get(&doc, "sec", "k2").as_deref(), Some("v2"));
    assert_eq!(
        get(&doc, "alembic", "SCRIPT_LOCATION").as_deref(),
        Some("/proj/migrations")
    );
    assert_eq!(doc.raw("alembic", "script_location").unwrap().line, 7);
    assert!(doc.has_section("alembic"));
    assert!(!doc.has_section("DEFAULT"));
    assert!(doc.has_option("alembic", "here"));
    assert!(!doc.has_option("missing", "here"));
    assert_eq!(get(&doc, "missing", "here"), None);
    assert_eq!(get(&doc, "DEFAULT", "base").as_deref(), Some("/srv"));
}

#[test]
fn windows_line_endings_and_bom() {
    let doc = read("\u{feff}[alembic]\r\nx = 1\r\n  2\r\n").unwrap();
    assert_eq!(get(&doc, "alembic", "x").as_deref(), Some("1\n2"));
}

#[test]
fn repeated_default_sections_merge() {
    let doc = read("[DEFAULT]\nx=1\n[DEFAULT]\ny=2\n[a]\nz=%(x)s%(y)s\n").unwrap();
    assert_eq!(get(&doc, "a", "z").as_deref(), Some("12"));
}

#[test]
fn file_values_override_builtin_defaults() {
    let doc = read("[DEFAULT]\nhere = /elsewhere\n[a]\nz=%(here)s\n").unwrap();
    assert_eq!(get(&doc, "a", "z").as_deref(), Some("/elsewhere"));
}

fn syntax_error(text: &str) -> (usize, String) {
    match read(text) {
        Err(ConfigError::IniSyntax { line, problem, .. }) => (line, problem),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn syntax_errors_have_lines() {
    let (line, problem) = syntax_error("x = 1\n");
    assert_eq!(line, 1);
    assert!(problem.contains("before any [section] header"), "{problem}");

    let (line, problem) = syntax_error("[a]\n= v\n");
    assert_eq!(line, 2);
    assert!(problem.contains("no option name"), "{problem}");

    let (line, problem) = syntax_error("[a]\nnovalue\n");
    assert_eq!(line, 2);
    assert!(problem.contains("neither"), "{problem}");

    let (line, problem) = syntax_error("[a]\nx=1\n[a]\ny=2\n");
    assert_eq!(line, 3);
    assert!(
        problem.contains("section [a] appears a second time"),
        "{problem}"
    );

    let (line, problem) = syntax_error("[a]\nx=1\nX=2\n");
    assert_eq!(line, 3);
    assert!(
        problem.contains("option 'x' appears a second time"),
        "{problem}"
    );
    assert!(problem.contains("first on line 2"), "{problem}");

    let err = read("[a]\nx=1\nX=2\n").unwrap_err().to_string();
    assert!(err.starts_with("/proj/alembic.ini:3: "), "{err}");
}

fn interpolation_error(value: &str) -> String {
    let doc = read(&format!("[a]\n\nx = {value}\n")).unwrap();
    let err = doc.get("a", "x").unwrap_err();
    assert!(matches!(err, ConfigError::Interpolation { .. }));
    err.to_string()
}

#[test]
fn interpolation_errors_name_file_line_and_key() {
    let e = interpolation_error("50%");
    assert!(
        e.starts_with("/proj/alembic.ini:3: cannot expand option 'x' in section [a]"),
        "{e}"
    );
    assert!(e.contains("'%' must be followed by '%' or '('"), "{e}");
    assert!(e.contains("write a literal '%' as '%%'"), "{e}");

    assert!(interpolation_error("%(y)s").contains("%(y)s refers to an option"));
    assert!(interpolation_error("%(x)s").contains("more than 10 levels"));
    assert!(interpolation_error("%(y").contains("bad reference '%(y'"));
    assert!(interpolation_error("%(y)d").contains("bad reference"));
    assert!(interpolation_error("%()s").contains("bad reference"));
}

#[test]
fn errors_only_for_values_that_are_read() {
    let doc = read("[a]\nbad = 5%\ngood = ok\n").unwrap();
    assert_eq!(get(&doc, "a", "good").as_deref(), Some("ok"));
    assert!(doc.items("a").is_err());
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "[",
        "]",
        "[]",
        "[a",
        "[a]\n  \n\t",
        "[a]\n%",
        "[a]\nx = %(",
        "\u{0}",
        "[ä]\nÄ = ö",
    ] {
        if let Ok(doc) = read(text) {
            for section in ["a", "ä", "[", "DEFAULT"] {
                let _ = doc.items(section);
                let _ = doc.get(section, "x");
            }
        }
    }
    let doc = read("[ä]\nÄ = ö").unwrap();
    assert_eq!(get(&doc, "ä", "ä").as_deref(), Some("ö"));
}

#[test]
fn sensitive_values_are_not_quoted_in_errors() {
    // A percent-encoded password, the classic (sqlalchemy/alembic#1279).
    let doc = read("[a]\nsqlalchemy.url = postgresql://u:p%40ssw0rd@h/db\n").unwrap();
    let e = doc.get("a", "sqlalchemy.url").unwrap_err().to_string();
    assert!(!e.contains("ssw0rd"), "{e}");
    assert!(e.contains("write a literal '%' as '%%'"), "{e}");
    let doc = read("[a]\nother = 5%x\n").unwrap();
    assert!(doc
        .get("a", "other")
        .unwrap_err()
        .to_string()
        .contains("'%x'"));
}

#[test]
fn no_panic_on_generated_input() {
    // A small deterministic generator over characters that matter to the grammar.
    let alphabet: Vec<char> = "[]=:;#% ()s\n\t\rab.Ä\u{feff}".chars().collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 40) as usize;
        for i in 0..len {
            let x = seed.rotate_left(i as u32 * 5);
            text.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        if let Ok(doc) = read(&text) {
            for section in ["a", "ab", "DEFAULT", "s"] {
                let _ = doc.items(section);
            }
        }
    }
}

#[test]
fn set_replaces_adds_and_interpolates_like_configparser_set() {
    // Python: cp.read_string(text); cp.set("alembic", "URL", "%(base)s/x.db");
    // cp.set("new", "k", "v"); cp.set("alembic", "pct", "100%%")
    let mut doc =
        read("[DEFAULT]\nbase = /srv\n[alembic]\nurl = sqlite:///a.db\nkeep = 1\n").unwrap();
    doc.set("alembic", "URL", "sqlite:///%(base)s/x.db");
    doc.set("new", "k", "v");
    doc.set("alembic", "pct", "100%%");
    assert_eq!(
        get(&doc, "alembic", "url").as_deref(),
        Some("sqlite:////srv/x.db")
    );
    assert_eq!(doc.raw("alembic", "url").unwrap().line, 0);
    assert_eq!(get(&doc, "alembic", "keep").as_deref(), Some("1"));
    assert_eq!(get(&doc, "alembic", "pct").as_deref(), Some("100%"));
    assert!(doc.has_section("new"));
    assert_eq!(get(&doc, "new", "k").as_deref(), Some("v"));
    assert_eq!(get(&doc, "new", "base").as_deref(), Some("/srv"));
    doc.set("DEFAULT", "base", "/opt");
    assert_eq!(get(&doc, "new", "base").as_deref(), Some("/opt"));
    assert!(!doc.has_section("DEFAULT"));
}
