use super::*;
use chrono::{NaiveDate, TimeZone, Utc};

#[test]
fn rev_id_validation_uses_alembic_wording() {
    assert_eq!(validate_rev_id("ae1027a6acf"), Ok(()));
    assert_eq!(
        validate_rev_id("a-b:c@d+e").unwrap_err().to_string(),
        "Character(s) '+, -, :, @' not allowed in revision identifier 'a-b:c@d+e'"
    );
    assert_eq!(
        validate_rev_id("x:y").unwrap_err().to_string(),
        "Character(s) ':' not allowed in revision identifier 'x:y'"
    );
}

#[test]
fn slugs_match_alembic() {
    // Expected values computed with Alembic 1.20.1's rule under CPython 3.11.
    let cases: [(Option<&str>, i64, &str); 13] = [
        (Some("a very long message that goes on"), 10, "a_very_"),
        (Some("Add User Table"), 40, "add_user_table"),
        (Some("it's \"quoted\" — ünïcode"), 40, "it_s_quoted_ünïcode"),
        (None, 40, ""),
        (Some(""), 40, ""),
        (Some("abcdefghijklmnop"), 5, "abcde_"),
        (Some("ΣΑΣ ΟΔΟΣ İx"), 40, "σας_οδος_i\u{307}x"),
        (Some("a_b_c_d e f"), 6, "a_b_c_"),
        (Some("one two three"), 0, "one_two_three"),
        (Some("one two three"), -3, "one_two_"),
        (Some("one two three"), -30, "_"),
        (
            Some(&"x".repeat(45)),
            40,
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_",
        ),
        (Some("add  column--to__table"), 12, "add_column_"),
    ];
    for (message, limit, expected) in cases {
        assert_eq!(slugify(message, limit), expected, "{message:?} {limit}");
    }
}

fn date() -> PyDateTime {
    let utc = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(2026, 5, 7)
            .and_then(|d| d.and_hms_micro_opt(8, 9, 3, 123_456))
            .unwrap(),
    );
    PyDateTime::aware(&utc)
}

#[test]
fn file_names_follow_file_template() {
    let d = date();
    assert_eq!(
        revision_file_name(DEFAULT_FILE_TEMPLATE, "ae10", Some("Add user"), &d, 40).unwrap(),
        "ae10_add_user.py"
    );
    assert_eq!(
        revision_file_name(DEFAULT_FILE_TEMPLATE, "ae10", None, &d, 40).unwrap(),
        "ae10_.py"
    );
    assert_eq!(
        revision_file_name(
            "%(year)d/%(month).2d/%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(second).2d_%(rev)s_%(slug)s",
            "ae10",
            Some("x"),
            &d,
            40
        )
        .unwrap(),
        "2026/05/2026_05_07_0809-03_ae10_x.py"
    );
    assert_eq!(
        revision_file_name("%(epoch)s_%(rev).2s_%(slug)-4s|", "ae10", Some("x"), &d, 40).unwrap(),
        "1778141343_ae_x   |.py"
    );
}

#[test]
fn bad_file_templates_name_the_template() {
    let d = date();
    let e = revision_file_name("%(rev)s_%(slugg)s", "a", None, &d, 40).unwrap_err();
    assert_eq!(
        e.to_string().lines().next().unwrap(),
        "invalid file_template '%(rev)s_%(slugg)s': unknown key 'slugg' (available keys: rev, slug, epoch, year, month, day, hour, minute, second)"
    );
    let e = revision_file_name("%(rev)d", "a", None, &d, 40).unwrap_err();
    assert!(
        e.message
            .contains("%d format: a real number is required, not str"),
        "{e}"
    );
    let e = revision_file_name("%(rev)q", "a", None, &d, 40).unwrap_err();
    assert!(
        e.message.contains("unsupported format character 'q'"),
        "{e}"
    );
    assert!(revision_file_name("%(microsecond)s", "a", None, &d, 40).is_err());
    assert!(revision_file_name("%s", "a", None, &d, 40).is_err());
}
