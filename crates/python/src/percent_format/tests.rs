use super::*;
use crate::pystr::repr_str;

/// A test value: a string or an int.
#[derive(Clone)]
enum V {
    S(&'static str),
    I(i64),
}

impl FormatArg for V {
    fn py_str(&self) -> String {
        match self {
            V::S(s) => s.to_string(),
            V::I(i) => i.to_string(),
        }
    }
    fn py_repr(&self) -> String {
        match self {
            V::S(s) => repr_str(s),
            V::I(i) => i.to_string(),
        }
    }
    fn py_int(&self) -> Result<i64, &'static str> {
        match self {
            V::S(_) => Err("str"),
            V::I(i) => Ok(*i),
        }
    }
}

fn positional(format: &str, values: &[V]) -> Result<String, PercentFormatError> {
    percent_format(format, FormatArgs::Positional(values))
}

#[test]
fn conversions_flags_width_precision_match_python() {
    // Expected output printed by CPython 3.11.
    use V::*;
    let values = [
        I(-3),
        S("ab"),
        S("ab"),
        S("ab"),
        I(5),
        I(5),
        I(255),
        I(8),
        I(255),
        I(65),
        S("z"),
        S("é"),
        S("é"),
        S("xyz"),
        I(7),
        S("q"),
    ];
    assert_eq!(
        positional(
            "%05d|%-5s|%5s|%.1s|%+.3d|% d|%#06x|%#o|%X|%c|%c|%r|%a|%%|%5.2s|%-05d|%05s",
            &values
        )
        .unwrap(),
        "-0003|ab   |   ab|a|+005| 5|0x00ff|0o10|FF|A|z|'é'|'\\xe9'|%|   xy|7    |    q"
    );
    assert_eq!(
        positional(
            "%*d|%-*d|%.*s|%*d",
            &[I(5), I(42), I(4), I(7), I(2), S("abc"), I(-4), I(1)]
        )
        .unwrap(),
        "   42|7   |ab|1   "
    );
    assert_eq!(
        positional("%ld %hi %Ls", &[I(1), I(2), S("x")]).unwrap(),
        "1 2 x"
    );
}

#[test]
fn mapping_keys() {
    let lookup = |key: &str| -> Option<V> {
        match key {
            "year" => Some(V::I(2026)),
            "month" => Some(V::I(5)),
            "day" => Some(V::I(7)),
            "rev" => Some(V::S("abcdef")),
            "epoch" => Some(V::I(17)),
            "slug" => Some(V::S("hi")),
            _ => None,
        }
    };
    let format = |f: &str| percent_format(f, FormatArgs::Mapping(&lookup));
    assert_eq!(
        format("%(year)d-%(month).2d-%(day)02d_%(rev).4s_%(epoch)s_%(slug)-6s|").unwrap(),
        "2026-05-07_abcd_17_hi    |"
    );
    assert_eq!(
        format("%(nope)s"),
        Err(PercentFormatError::UnknownKey("nope".into()))
    );
    assert_eq!(format("%(rev"), Err(PercentFormatError::IncompleteKey));
    assert_eq!(
        format("%s"),
        Err(PercentFormatError::KeyRequired { index: 1 })
    );
    assert_eq!(
        format("%(rev)d").unwrap_err().to_string(),
        "%d format: a real number is required, not str"
    );
}

#[test]
fn errors_use_python_wording() {
    use V::*;
    let err = |f: &str, v: &[V]| positional(f, v).unwrap_err().to_string();
    assert_eq!(err("%", &[]), "incomplete format");
    assert_eq!(
        err("%q", &[I(1)]),
        "unsupported format character 'q' (0x71) at index 1"
    );
    assert_eq!(
        err("%d", &[S("a")]),
        "%d format: a real number is required, not str"
    );
    assert_eq!(
        err("%s %s", &[I(1)]),
        "not enough arguments for format string"
    );
    assert_eq!(
        err("%s", &[I(1), I(2)]),
        "not all arguments converted during string formatting"
    );
    assert_eq!(err("%(a)s", &[I(1)]), "format requires a mapping");
    assert_eq!(
        err("%f", &[I(1)]),
        "unsupported format character 'f' (0x66) at index 1"
    );
}
