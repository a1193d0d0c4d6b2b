//! Paths the way Python's `pathlib` spells them, so that messages and
//! generated files match Alembic's: `Path("./a//b/")` is `a/b`, and
//! `Path.absolute()` joins onto the current directory without resolving `..`.

use std::path::{Component, Path, PathBuf};

/// `str(pathlib.Path(path))`: no `.` components, no repeated or trailing
/// separators, `..` kept; the empty path is `.`.
pub(crate) fn tidy(path: &Path) -> PathBuf {
    let tidied: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if tidied.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidied
    }
}

/// `pathlib.Path(path).absolute()` with `cwd` as the current directory.
pub(crate) fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    tidy(&cwd.join(path))
}

/// Resolves `.` and `..` by text alone (no symlinks followed).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `..` of the root is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to the directory `base`, walking up with `..` where
/// needed (both taken as absolute paths and normalized first). `None` when
/// they share no root (different Windows drives).
pub(crate) fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let path = normalize(path);
    let base = normalize(base);
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    if path_parts.first() != base_parts.first() {
        return None;
    }
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part.as_os_str());
    }
    Some(out)
}

/// `PurePath.as_posix()`: the path with forward slashes.
pub(crate) fn posix(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_like_pathlib() {
        assert_eq!(tidy(Path::new("./a//b/")), PathBuf::from("a/b"));
        assert_eq!(tidy(Path::new("a/./b")), PathBuf::from("a/b"));
        assert_eq!(tidy(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(tidy(Path::new("")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("./")), PathBuf::from("."));
    }

    #[test]
    fn absolute_keeps_dot_dot() {
        let cwd = Path::new("/tmp/w/sub");
        assert_eq!(
            absolute(cwd, Path::new("../m")),
            PathBuf::from("/tmp/w/sub/../m")
        );
        assert_eq!(
            absolute(cwd, Path::new("./m/")),
            PathBuf::from("/tmp/w/sub/m")
        );
        assert_eq!(absolute(cwd, Path::new(".")), PathBuf::from("/tmp/w/sub"));
        assert_eq!(absolute(cwd, Path::new("/abs//x")), PathBuf::from("/abs/x"));
    }

    #[test]
    fn relative_paths_walk_up() {
        let rel = |a: &str, b: &str| relative_to(Path::new(a), Path::new(b)).unwrap();
        assert_eq!(rel("/p/migrations", "/p"), PathBuf::from("migrations"));
        assert_eq!(
            rel("/p/sub/../m3", "/p/sub/../other"),
            PathBuf::from("../m3")
        );
        assert_eq!(rel("/p", "/p"), PathBuf::from(""));
        assert_eq!(rel("/a/b", "/c/d"), PathBuf::from("../../a/b"));
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }
}
