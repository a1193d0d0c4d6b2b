//! Which SQLModel release the project uses: its rules for turning
//! annotations into column types changed over time (`GUID` until 0.0.19,
//! `UTCDateTime` for `datetime` from 0.0.45), so the reader follows the
//! version the project pins in a lock file, a requirements file or
//! `pyproject.toml`, and the newest it knows otherwise.

use std::fmt;
use std::path::Path;

/// A SQLModel version, `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SqlModelVersion(pub u32, pub u32, pub u32);

impl SqlModelVersion {
    /// The newest release whose rules the reader knows (0.0.50).
    pub const NEWEST: SqlModelVersion = SqlModelVersion(0, 0, 50);

    /// `0.0.N`.
    pub const fn patch(n: u32) -> Self {
        SqlModelVersion(0, 0, n)
    }

    /// Parses `0.0.24` (a trailing pre-release or local part is ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let num = |p: Option<&str>| -> Option<u32> {
            let p = p?;
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        };
        let major = num(parts.next())?;
        let minor = num(parts.next()).unwrap_or(0);
        let patch = num(parts.next()).unwrap_or(0);
        Some(SqlModelVersion(major, minor, patch))
    }

    /// `uuid.UUID` is `sqlmodel.sql.sqltypes.GUID` (before 0.0.20).
    pub fn uuid_is_guid(self) -> bool {
        self < SqlModelVersion::patch(20)
    }

    /// `datetime` is `UTCDateTime` and pydantic's `AwareDatetime` /
    /// `NaiveDatetime` are known (from 0.0.45).
    pub fn utc_datetime(self) -> bool {
        self >= SqlModelVersion::patch(45)
    }
}

impl fmt::Display for SqlModelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Where the version was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedVersion {
    /// The version.
    pub version: SqlModelVersion,
    /// The file that pins it (`None`: nothing pins it, the newest is assumed).
    pub source: Option<String>,
    /// The project runs SQLAlchemy 2.0 rather than 2.1: pinned so, or
    /// implied by a sqlmodel before 0.0.48 (which requires `<2.1`). It
    /// decides how `sa.Uuid` compiles on MariaDB.
    pub sqlalchemy_20: bool,
}

/// The first sqlmodel release that allows SQLAlchemy 2.1.
const SQLMODEL_WITH_SQLALCHEMY_21: SqlModelVersion = SqlModelVersion::patch(48);

/// The SQLModel (and SQLAlchemy) versions pinned in `dir`: a lock file
/// (`uv.lock`, `poetry.lock`, `pdm.lock`, `Pipfile.lock`) gives the
/// installed version; else an exact `==` / `~=` pin in `requirements*.txt`
/// or `pyproject.toml`; else the newest (what `pip install` takes for a
/// range).
pub fn detect_version(dir: &Path) -> DetectedVersion {
    let sqlmodel = detect_package(dir, "sqlmodel");
    let sqlalchemy = detect_package(dir, "sqlalchemy");
    let sqlalchemy_20 = match (&sqlalchemy, &sqlmodel) {
        (Some((v, _)), _) => *v < SqlModelVersion(2, 1, 0),
        (None, Some((v, _))) => *v < SQLMODEL_WITH_SQLALCHEMY_21,
        (None, None) => false,
    };
    match sqlmodel {
        Some((version, file)) => DetectedVersion {
            version,
            source: Some(file),
            sqlalchemy_20,
        },
        None => DetectedVersion {
            version: SqlModelVersion::NEWEST,
            source: None,
            sqlalchemy_20,
        },
    }
}

/// The pinned version of `package` (lower case) and the file pinning it.
fn detect_package(dir: &Path, package: &str) -> Option<(SqlModelVersion, String)> {
    for lock in ["uv.lock", "poetry.lock", "pdm.lock"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(lock)) {
            if let Some(v) = toml_lock_version(&text, package) {
                return Some((v, lock.to_string()));
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("Pipfile.lock")) {
        if let Some(v) = pipfile_lock_version(&text, package) {
            return Some((v, "Pipfile.lock".to_string()));
        }
    }
    let mut candidates = vec!["requirements.txt".to_string()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.starts_with("requirements") && n.ends_with(".txt") && n != "requirements.txt"
            })
            .collect();
        names.sort();
        candidates.extend(names);
    }
    candidates.push("pyproject.toml".to_string());
    for name in candidates {
        if let Ok(text) = std::fs::read_to_string(dir.join(&name)) {
            if let Some(v) = pinned(&text, package) {
                return Some((v, name));
            }
        }
    }
    None
}

/// `name = "<package>"` followed by `version = "0.0.24"` in a TOML lock file.
fn toml_lock_version(text: &str, package: &str) -> Option<SqlModelVersion> {
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("[[package]]") {
            in_package = false;
        } else if let Some(name) = line.strip_prefix("name = ") {
            in_package = name.trim_matches('"').eq_ignore_ascii_case(package);
        } else if in_package {
            if let Some(v) = line.strip_prefix("version = ") {
                return SqlModelVersion::parse(v.trim_matches('"'));
            }
        }
    }
    None
}

/// `"<package>": {"version": "==0.0.24"}` in a Pipfile.lock.
fn pipfile_lock_version(text: &str, package: &str) -> Option<SqlModelVersion> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&format!("\"{package}\""))?;
    let rest = &text[at..];
    let v = rest.find("\"version\"")?;
    let after = &rest[v + "\"version\"".len()..];
    let start = after.find("==")? + 2;
    let end = after[start..].find('"')? + start;
    SqlModelVersion::parse(&after[start..end])
}

/// An exact pin `<package>==X` / `~=X` / `<package> = "==X"` / poetry's
/// `<package> = "0.0.24"` in a requirements or pyproject file.
fn pinned(text: &str, package: &str) -> Option<SqlModelVersion> {
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let lower = line.to_ascii_lowercase();
        let Some(at) = lower.find(package) else {
            continue;
        };
        // `flask-sqlalchemy` is another package.
        if lower[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let tail = &line[at + package.len()..];
        // `sqlmodel-something` is another package; `sqlalchemy[asyncio]`
        // is the same one with extras.
        let tail = match tail.strip_prefix('[') {
            Some(rest) => rest.split_once(']').map_or("", |(_, t)| t),
            None => tail,
        };
        if tail.starts_with(['-', '_']) || tail.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        let after = tail.trim_start_matches(['"', '\'', ' ', '=', ':']);
        let after_op = after.trim_start_matches(['=', '~', ' ', '"', '\'']);
        let exact = after.is_empty()
            || tail.contains("==")
            || tail.contains("~=")
            || after.starts_with(|c: char| c.is_ascii_digit());
        if exact {
            if let Some(v) = SqlModelVersion::parse(after_op) {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_from_lock_and_requirement_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(detect_version(dir.path()).version, SqlModelVersion::NEWEST);
        std::fs::write(
            dir.path().join("requirements.txt"),
            "fastapi\nsqlmodel>=0.0.20\n",
        )
        .unwrap();
        assert_eq!(detect_version(dir.path()).source, None);
        std::fs::write(
            dir.path().join("requirements.txt"),
            "sqlmodel==0.0.16 # old\n",
        )
        .unwrap();
        assert_eq!(
            detect_version(dir.path()).version,
            SqlModelVersion::patch(16)
        );
        std::fs::write(
            dir.path().join("uv.lock"),
            "[[package]]\nname = \"sqlalchemy\"\nversion = \"2.0.1\"\n\n[[package]]\nname = \"sqlmodel\"\nversion = \"0.0.24\"\n",
        )
        .unwrap();
        let d = detect_version(dir.path());
        assert_eq!(
            (d.version, d.source.as_deref()),
            (SqlModelVersion::patch(24), Some("uv.lock"))
        );
    }

    fn pinned_sqlmodel(text: &str) -> Option<SqlModelVersion> {
        pinned(text, "sqlmodel")
    }

    #[test]
    fn sqlalchemy_generation_follows_its_pin_or_sqlmodel() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!detect_version(dir.path()).sqlalchemy_20);
        let req = dir.path().join("requirements.txt");
        std::fs::write(&req, "sqlmodel==0.0.24\n").unwrap();
        assert!(detect_version(dir.path()).sqlalchemy_20);
        std::fs::write(&req, "sqlmodel==0.0.48\n").unwrap();
        assert!(!detect_version(dir.path()).sqlalchemy_20);
        std::fs::write(&req, "sqlmodel==0.0.50\nSQLAlchemy[asyncio]==2.0.41\n").unwrap();
        assert!(detect_version(dir.path()).sqlalchemy_20);
        std::fs::write(&req, "flask-sqlalchemy==3.1\nsqlalchemy==2.1.2\n").unwrap();
        assert!(!detect_version(dir.path()).sqlalchemy_20);
    }

    #[test]
    fn pyproject_spellings() {
        assert_eq!(
            pinned_sqlmodel("dependencies = [\"sqlmodel==0.0.22\"]"),
            Some(SqlModelVersion::patch(22))
        );
        assert_eq!(
            pinned_sqlmodel("sqlmodel = \"0.0.8\""),
            Some(SqlModelVersion::patch(8))
        );
        assert_eq!(pinned_sqlmodel("sqlmodel = \"^0.0.8\""), None);
        assert_eq!(pinned_sqlmodel("sqlmodel-crud==1.0"), None);
        assert_eq!(
            pinned_sqlmodel("  \"sqlmodel~=0.0.21\","),
            Some(SqlModelVersion::patch(21))
        );
        assert!(SqlModelVersion::patch(19).uuid_is_guid());
        assert!(!SqlModelVersion::patch(44).utc_datetime());
    }
}
