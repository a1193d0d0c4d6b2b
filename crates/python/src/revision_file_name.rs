//! Naming a new revision file as Alembic does: the revision id check, the
//! slug of the message, and the `file_template` option.

use crate::percent_format::{percent_format, FormatArg, FormatArgs};
use crate::pydatetime::PyDateTime;
use crate::pystr;

/// Alembic's default `file_template`.
pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

/// Alembic's default `truncate_slug_length`.
pub const DEFAULT_TRUNCATE_SLUG_LENGTH: i64 = 40;

/// The characters Alembic forbids in revision ids.
const ILLEGAL_REV_ID_CHARS: [char; 4] = ['+', '-', ':', '@'];

/// A revision id with characters Alembic forbids (its message, word for
/// word).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Character(s) '{chars}' not allowed in revision identifier '{rev_id}'")]
pub struct InvalidRevisionId {
    /// The forbidden characters found, sorted and `", "`-joined.
    pub chars: String,
    /// The id.
    pub rev_id: String,
}

/// Alembic's `Revision.verify_rev_id`: `@`, `-`, `+` and `:` are not
/// allowed in a revision id.
pub fn validate_rev_id(rev_id: &str) -> Result<(), InvalidRevisionId> {
    let found: Vec<String> = ILLEGAL_REV_ID_CHARS
        .iter()
        .filter(|c| rev_id.contains(**c))
        .map(|c| c.to_string())
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(InvalidRevisionId {
            chars: found.join(", "),
            rev_id: rev_id.to_string(),
        })
    }
}

/// The slug of a revision message: the runs of word characters (Python's
/// Unicode `\w+`) joined with `_` and lower-cased; when longer than
/// `truncate_slug_length` characters, cut to that length, the last
/// (possibly partial) `_`-separated word dropped, and `_` appended.
///
/// A `truncate_slug_length` of 0 means the default, 40, as in Alembic.
pub fn slugify(message: Option<&str>, truncate_slug_length: i64) -> String {
    let limit = if truncate_slug_length == 0 {
        DEFAULT_TRUNCATE_SLUG_LENGTH
    } else {
        truncate_slug_length
    };
    let slug = pystr::word_runs(message.unwrap_or_default())
        .join("_")
        .to_lowercase();
    let chars: Vec<char> = slug.chars().collect();
    let len = i64::try_from(chars.len()).unwrap_or(i64::MAX);
    if len <= limit {
        return slug;
    }
    // Python's `slug[:limit]`, negative limits counting from the end.
    let cut = if limit < 0 {
        (len + limit).max(0)
    } else {
        limit
    };
    let cut = usize::try_from(cut).unwrap_or(0);
    let head: String = chars[..cut].iter().collect();
    let kept = match head.rfind('_') {
        Some(i) => &head[..i],
        None => head.as_str(),
    };
    format!("{kept}_")
}

/// A `file_template` that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid file_template '{template}': {message}\n  = help: use the tokens %(rev)s, %(slug)s, %(epoch)s, %(year)d, %(month).2d, %(day).2d, %(hour).2d, %(minute).2d, %(second).2d (write %% for a literal %)")]
pub struct FileTemplateError {
    /// The `file_template` value.
    pub template: String,
    /// What is wrong.
    pub message: String,
}

/// A value of the `file_template` mapping.
#[derive(Debug, Clone)]
enum Token {
    Str(String),
    Int(i64),
}

impl FormatArg for Token {
    fn py_str(&self) -> String {
        match self {
            Token::Str(s) => s.clone(),
            Token::Int(i) => i.to_string(),
        }
    }

    fn py_repr(&self) -> String {
        match self {
            Token::Str(s) => pystr::repr_str(s),
            Token::Int(i) => i.to_string(),
        }
    }

    fn py_int(&self) -> Result<i64, &'static str> {
        match self {
            Token::Str(_) => Err("str"),
            Token::Int(i) => Ok(*i),
        }
    }
}

/// The keys Alembic offers to `file_template`.
const FILE_TEMPLATE_KEYS: &str = "rev, slug, epoch, year, month, day, hour, minute, second";

/// The new revision's file name relative to its version directory:
/// `file_template % {rev, slug, epoch, year, month, day, hour, minute,
/// second}` followed by `.py`. The result may contain `/` (directories,
/// which the caller creates).
pub fn revision_file_name(
    file_template: &str,
    rev_id: &str,
    message: Option<&str>,
    create_date: &PyDateTime,
    truncate_slug_length: i64,
) -> Result<String, FileTemplateError> {
    let slug = slugify(message, truncate_slug_length);
    let lookup = |key: &str| -> Option<Token> {
        Some(match key {
            "rev" => Token::Str(rev_id.to_string()),
            "slug" => Token::Str(slug.clone()),
            "epoch" => Token::Int(create_date.epoch()),
            other => Token::Int(
                create_date
                    .attribute(other)
                    .filter(|_| other != "microsecond")?,
            ),
        })
    };
    let name = percent_format(file_template, FormatArgs::Mapping(&lookup)).map_err(|error| {
        let mut message = error.to_string();
        if let crate::percent_format::PercentFormatError::UnknownKey(_) = error {
            message.push_str(&format!(" (available keys: {FILE_TEMPLATE_KEYS})"));
        }
        FileTemplateError {
            template: file_template.to_string(),
            message,
        }
    })?;
    Ok(format!("{name}.py"))
}

#[cfg(test)]
mod tests;
