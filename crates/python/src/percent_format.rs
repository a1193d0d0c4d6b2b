//! Python's printf-style `%` string formatting (`"%(rev)s_%(slug)s" % values`,
//! `"%s_upgrades" % name`), for the `file_template` option and for template
//! expressions.
//!
//! Supported: mapping keys `%(name)`, the flags `-`, `0`, ` `, `+`, `#`,
//! width and precision (digits or `*`), the length modifiers `h`, `l`, `L`
//! (ignored, as in Python), and the conversions `s`, `r`, `a`, `d`, `i`, `u`,
//! `x`, `X`, `o`, `c` and `%%`. Floating-point conversions are reported as
//! unsupported.

use std::fmt;

/// A value that can be formatted by a `%` conversion.
pub trait FormatArg {
    /// Python's `str(value)`.
    fn py_str(&self) -> String;
    /// Python's `repr(value)`.
    fn py_repr(&self) -> String;
    /// The value as an integer, or the Python type name for the error
    /// message when it is not one (`bool` counts as an integer).
    fn py_int(&self) -> Result<i64, &'static str>;
}

/// The right-hand side of `%`.
pub enum FormatArgs<'a, V> {
    /// A tuple (or a single non-tuple value, as a one-element slice).
    Positional(&'a [V]),
    /// A mapping, looked up by key.
    Mapping(&'a dyn Fn(&str) -> Option<V>),
}

/// Why a `%` format failed, in Python's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentFormatError {
    /// `%(key)s` with a key the mapping does not have (`KeyError`).
    UnknownKey(String),
    /// `%(key` without its closing parenthesis.
    IncompleteKey,
    /// The format ends in the middle of a conversion spec.
    Incomplete,
    /// An unknown or unsupported conversion character.
    UnsupportedConversion {
        /// The conversion character.
        conversion: char,
        /// Its character index in the format.
        index: usize,
    },
    /// A numeric conversion was given a non-number.
    NotANumber {
        /// The conversion character.
        conversion: char,
        /// The Python type of the value.
        type_name: &'static str,
    },
    /// `%c` with a value that is not one character or a code point.
    BadCharacter,
    /// More conversions than positional values.
    NotEnoughArguments,
    /// Positional values left over.
    NotAllConverted,
    /// `%(key)` used with positional values.
    RequiresMapping,
    /// A conversion without `(key)` used with a mapping.
    KeyRequired {
        /// Character index of the conversion character.
        index: usize,
    },
    /// `*` width or precision used with a mapping.
    StarWithMapping,
}

impl fmt::Display for PercentFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PercentFormatError::UnknownKey(key) => write!(f, "unknown key '{key}'"),
            PercentFormatError::IncompleteKey => f.write_str("incomplete format key (missing ')')"),
            PercentFormatError::Incomplete => f.write_str("incomplete format"),
            PercentFormatError::UnsupportedConversion { conversion, index } => write!(
                f,
                "unsupported format character '{conversion}' (0x{:x}) at index {index}",
                u32::from(*conversion)
            ),
            PercentFormatError::NotANumber {
                conversion,
                type_name,
            } => write!(
                f,
                "%{conversion} format: a real number is required, not {type_name}"
            ),
            PercentFormatError::BadCharacter => {
                f.write_str("%c requires an int or a single character")
            }
            PercentFormatError::NotEnoughArguments => {
                f.write_str("not enough arguments for format string")
            }
            PercentFormatError::NotAllConverted => {
                f.write_str("not all arguments converted during string formatting")
            }
            PercentFormatError::RequiresMapping => f.write_str("format requires a mapping"),
            PercentFormatError::KeyRequired { index } => write!(
                f,
                "the conversion ending at index {index} has no `(key)`; write e.g. `%(rev)s`"
            ),
            PercentFormatError::StarWithMapping => {
                f.write_str("* wants int (not usable with a mapping)")
            }
        }
    }
}

impl std::error::Error for PercentFormatError {}

/// The parsed parts of one conversion spec.
#[derive(Default)]
struct Spec {
    left: bool,
    zero: bool,
    space: bool,
    plus: bool,
    alternate: bool,
    width: usize,
    precision: Option<usize>,
}

/// `format % args`, as Python computes it.
pub fn percent_format<V: FormatArg>(
    format: &str,
    args: FormatArgs<'_, V>,
) -> Result<String, PercentFormatError> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::with_capacity(format.len());
    let mut next_positional = 0usize;
    let mut i = 0usize;

    let take_positional = |next: &mut usize| -> Result<usize, PercentFormatError> {
        match args {
            FormatArgs::Positional(values) if *next < values.len() => {
                *next += 1;
                Ok(*next - 1)
            }
            FormatArgs::Positional(_) => Err(PercentFormatError::NotEnoughArguments),
            FormatArgs::Mapping(_) => Err(PercentFormatError::StarWithMapping),
        }
    };

    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        // Mapping key.
        let mut key = None;
        if chars.get(i) == Some(&'(') {
            let mut depth = 1;
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth > 0 {
                return Err(PercentFormatError::IncompleteKey);
            }
            key = Some(chars[start..j - 1].iter().collect::<String>());
            i = j;
        }
        // Flags.
        let mut spec = Spec::default();
        while let Some(&flag) = chars.get(i) {
            match flag {
                '-' => spec.left = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                '+' => spec.plus = true,
                '#' => spec.alternate = true,
                _ => break,
            }
            i += 1;
        }
        // Width.
        if chars.get(i) == Some(&'*') {
            i += 1;
            let index = take_positional(&mut next_positional)?;
            if let FormatArgs::Positional(values) = args {
                let width =
                    values[index]
                        .py_int()
                        .map_err(|type_name| PercentFormatError::NotANumber {
                            conversion: '*',
                            type_name,
                        })?;
                if width < 0 {
                    spec.left = true;
                }
                spec.width = usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX);
            }
        } else {
            spec.width = read_number(&chars, &mut i);
        }
        // Precision.
        if chars.get(i) == Some(&'.') {
            i += 1;
            if chars.get(i) == Some(&'*') {
                i += 1;
                let index = take_positional(&mut next_positional)?;
                if let FormatArgs::Positional(values) = args {
                    let precision = values[index].py_int().map_err(|type_name| {
                        PercentFormatError::NotANumber {
                            conversion: '*',
                            type_name,
                        }
                    })?;
                    spec.precision = Some(usize::try_from(precision.max(0)).unwrap_or(0));
                }
            } else {
                spec.precision = Some(read_number(&chars, &mut i));
            }
        }
        // Length modifier.
        while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&conversion) = chars.get(i) else {
            return Err(PercentFormatError::Incomplete);
        };
        let conversion_index = i;
        i += 1;
        if conversion == '%' {
            out.push('%');
            continue;
        }

        let owned;
        let value: &V = match (&key, &args) {
            (Some(key), FormatArgs::Mapping(lookup)) => {
                owned = lookup(key).ok_or_else(|| PercentFormatError::UnknownKey(key.clone()))?;
                &owned
            }
            (Some(_), FormatArgs::Positional(_)) => {
                return Err(PercentFormatError::RequiresMapping)
            }
            (None, FormatArgs::Positional(values)) => {
                let index = take_positional(&mut next_positional)?;
                &values[index]
            }
            (None, FormatArgs::Mapping(_)) => {
                return Err(PercentFormatError::KeyRequired {
                    index: conversion_index,
                })
            }
        };
        let text = convert(value, conversion, conversion_index, &spec)?;
        pad_into(&mut out, &text, &spec, is_numeric(conversion));
    }

    if let FormatArgs::Positional(values) = args {
        if next_positional < values.len() {
            return Err(PercentFormatError::NotAllConverted);
        }
    }
    Ok(out)
}

fn read_number(chars: &[char], i: &mut usize) -> usize {
    let mut n: usize = 0;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        n = n.saturating_mul(10).saturating_add(d as usize);
        *i += 1;
    }
    n
}

fn is_numeric(conversion: char) -> bool {
    matches!(conversion, 'd' | 'i' | 'u' | 'x' | 'X' | 'o')
}

/// The converted text before width padding (numbers carry their sign and
/// prefix, already padded to the precision).
fn convert<V: FormatArg>(
    value: &V,
    conversion: char,
    index: usize,
    spec: &Spec,
) -> Result<String, PercentFormatError> {
    let truncate = |s: String| match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    };
    match conversion {
        's' => Ok(truncate(value.py_str())),
        'r' => Ok(truncate(value.py_repr())),
        'a' => Ok(truncate(ascii_escape(&value.py_repr()))),
        'c' => {
            if let Ok(code) = value.py_int() {
                let c = u32::try_from(code)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(PercentFormatError::BadCharacter)?;
                return Ok(c.to_string());
            }
            let s = value.py_str();
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c.to_string()),
                _ => Err(PercentFormatError::BadCharacter),
            }
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = value
                .py_int()
                .map_err(|type_name| PercentFormatError::NotANumber {
                    conversion,
                    type_name,
                })?;
            let magnitude = n.unsigned_abs();
            let mut digits = match conversion {
                'x' => format!("{magnitude:x}"),
                'X' => format!("{magnitude:X}"),
                'o' => format!("{magnitude:o}"),
                _ => magnitude.to_string(),
            };
            if let Some(p) = spec.precision {
                if digits.len() < p {
                    digits = "0".repeat(p - digits.len()) + &digits;
                }
            }
            let sign = if n < 0 {
                "-"
            } else if spec.plus {
                "+"
            } else if spec.space {
                " "
            } else {
                ""
            };
            let prefix = match (spec.alternate, conversion) {
                (true, 'x') => "0x",
                (true, 'X') => "0X",
                (true, 'o') => "0o",
                _ => "",
            };
            Ok(format!("{sign}{prefix}{digits}"))
        }
        other => Err(PercentFormatError::UnsupportedConversion {
            conversion: other,
            index,
        }),
    }
}

/// Pad `text` to the spec's width: left-justified with `-`, zero-filled
/// after the sign and prefix for numbers with `0`, else right-justified.
fn pad_into(out: &mut String, text: &str, spec: &Spec, numeric: bool) {
    let len = text.chars().count();
    if len >= spec.width {
        out.push_str(text);
        return;
    }
    let fill = spec.width - len;
    if spec.left {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if spec.zero && numeric {
        // The sign and the radix prefix stay in front of the zeros.
        let head_end = sign_and_prefix_len(text);
        out.push_str(&text[..head_end]);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(&text[head_end..]);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(text);
    }
}

fn sign_and_prefix_len(text: &str) -> usize {
    let mut len = 0;
    let bytes = text.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'+' | b' ')) {
        len = 1;
    }
    if bytes.get(len) == Some(&b'0') && matches!(bytes.get(len + 1), Some(b'x' | b'X' | b'o')) {
        len += 2;
    }
    len
}

/// Python's `ascii()` applied to a `repr()`: non-ASCII characters escaped.
fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let code = u32::from(c);
        if c.is_ascii() {
            out.push(c);
        } else if code <= 0xff {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code <= 0xffff {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
