//! Finding revision files in the version locations and reading them, in the
//! order Alembic loads them.
//!
//! Alembic's rules (`ScriptDirectory._load_revisions`,
//! `Script._list_py_dir`, `Script._from_path`):
//!
//! - version locations that do not exist are skipped silently;
//! - each location is walked top-down; in each directory the file names are
//!   sorted; subdirectories are visited (sorted by name, symbolic links to
//!   directories not followed) only with `recursive_version_locations`;
//!   directories whose name ends in `__pycache__` contribute no files;
//! - with `sourceless`, the entries of a directory's `__pycache__` whose name
//!   (up to the first dot) matches no file of that directory are added after
//!   the directory's files;
//! - every path is resolved (symbolic links followed); a real path seen twice
//!   gives the warning `File <real path> loaded twice! ignoring. Please ensure
//!   version_locations is unique.` and is skipped;
//! - a file is a revision when its (resolved) name ends in `.py` (also
//!   `.pyc`/`.pyo` with `sourceless`) and starts neither with `.#` nor with
//!   `__init__`; a `.pyc` with a `.py` beside it, and a `.pyo` with a `.pyc`
//!   beside it, are skipped.
//!
//! aludel reads source only: a compiled file without its source is an error.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use aludel_core::Revision;
use rustc_hash::FxHashSet;

use crate::header::read_revision;
use crate::revision_file_error::RevisionFileError;
use cache::{FileKey, HeaderCache};

pub mod cache;

/// The `[alembic]` options that change which files are revisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiscoveryOptions {
    /// `recursive_version_locations = true`: walk subdirectories too.
    pub recursive: bool,
    /// `sourceless = true`: also consider `.pyc`/`.pyo` files.
    pub sourceless: bool,
}

/// What kind of revision file a listed file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionFileKind {
    /// A `.py` source file.
    Source,
    /// A `.pyc`/`.pyo` file whose source is absent (only with `sourceless`).
    CompiledOnly,
}

/// One revision file, by its resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionFileEntry {
    /// The real (symlink-resolved) absolute path, as Alembic records it.
    pub path: PathBuf,
    /// Source or compiled.
    pub kind: RevisionFileKind,
}

/// The revision files of the version locations, in load order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionFileListing {
    /// The files to load, in order.
    pub files: Vec<RevisionFileEntry>,
    /// Warnings, in Alembic's words (e.g. a file listed twice).
    pub warnings: Vec<String>,
}

/// The revisions read from the version locations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedRevisions {
    /// The revisions in Alembic's load order (duplicate ids are kept; the
    /// revision map warns about them and keeps the last).
    pub revisions: Vec<Revision>,
    /// Warnings met while listing, in Alembic's words.
    pub warnings: Vec<String>,
    /// The files' text, in the order of `revisions`, when asked for
    /// ([`load_revisions_with_sources`]); empty otherwise.
    pub sources: Vec<String>,
}

/// List the revision files of `locations` (absolute directories) without
/// reading them.
pub fn list_revision_files(
    locations: &[PathBuf],
    options: DiscoveryOptions,
) -> RevisionFileListing {
    let mut found = Vec::new();
    for location in locations {
        if location.exists() {
            walk_directory(location, options, &mut found);
        }
    }
    // Path's own Hash parses components; the bytes are enough here, as
    // every path is already resolved.
    let mut seen: FxHashSet<&[u8]> = FxHashSet::default();
    seen.reserve(found.len());
    let first_time: Vec<bool> = found
        .iter()
        .map(|real| seen.insert(real.as_os_str().as_encoded_bytes()))
        .collect();
    drop(seen);
    let mut listing = RevisionFileListing::default();
    listing.files.reserve(found.len());
    for (real, first_time) in found.into_iter().zip(first_time) {
        if !first_time {
            listing.warnings.push(format!(
                "File {} loaded twice! ignoring. Please ensure version_locations is unique.",
                real.display()
            ));
            continue;
        }
        if let Some(kind) = classify(&real, options.sourceless) {
            listing.files.push(RevisionFileEntry { path: real, kind });
        }
    }
    listing
}

/// List and read the revision files of `locations`, returning the revisions
/// in load order, or the error of the first file (in load order) that
/// cannot be read.
///
/// Files are read and parsed on up to two threads.
pub fn load_revisions(
    locations: &[PathBuf],
    options: DiscoveryOptions,
) -> Result<LoadedRevisions, RevisionFileError> {
    let listing = list_revision_files(locations, options);
    let (revisions, _) = read_all(&listing.files, false)?;
    Ok(LoadedRevisions {
        revisions,
        warnings: listing.warnings,
        sources: Vec::new(),
    })
}

/// [`load_revisions`], also keeping each file's text: commands that run
/// the bodies then need not open every file a second time.
pub fn load_revisions_with_sources(
    locations: &[PathBuf],
    options: DiscoveryOptions,
) -> Result<LoadedRevisions, RevisionFileError> {
    let listing = list_revision_files(locations, options);
    let (revisions, sources) = read_all(&listing.files, true)?;
    Ok(LoadedRevisions {
        revisions,
        warnings: listing.warnings,
        sources,
    })
}

/// Read one listed revision file.
pub fn read_revision_file(entry: &RevisionFileEntry) -> Result<Revision, RevisionFileError> {
    read_revision_file_into(entry, &mut Vec::new())
}

/// [`read_revision_file`] reusing `buffer` for the file's bytes (one
/// allocation for many files, and no size query before reading).
fn read_revision_file_into(
    entry: &RevisionFileEntry,
    buffer: &mut Vec<u8>,
) -> Result<Revision, RevisionFileError> {
    let text = read_entry_text(entry, buffer)?;
    read_revision(&entry.path, text)
}

/// The text of a listed file, read into `buffer`.
fn read_entry_text<'b>(
    entry: &RevisionFileEntry,
    buffer: &'b mut Vec<u8>,
) -> Result<&'b str, RevisionFileError> {
    if entry.kind == RevisionFileKind::CompiledOnly {
        return Err(RevisionFileError::SourcelessNotSupported {
            path: entry.path.clone(),
        });
    }
    let len = fs::File::open(&entry.path)
        .and_then(|file| read_whole(file, buffer))
        .map_err(|source| RevisionFileError::Io {
            path: entry.path.clone(),
            source,
        })?;
    std::str::from_utf8(&buffer[..len]).map_err(|error| RevisionFileError::NotUtf8 {
        path: entry.path.clone(),
        offset: error.valid_up_to(),
    })
}

/// Read all of `file` into `buffer` (grown as needed, never shrunk);
/// returns the length. Unlike `read_to_end`, this does not ask the file
/// system for the size first: one `read` usually gets the whole file.
fn read_whole(mut file: fs::File, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    const CHUNK: usize = 64 * 1024;
    if buffer.len() < CHUNK {
        buffer.resize(CHUNK, 0);
    }
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reads `files` in order with one reusable buffer.
/// Revisions (and, with `keep`, the files' text) read in order.
type ReadFiles = (Vec<Revision>, Vec<String>);

fn read_in_order(files: &[RevisionFileEntry], keep: bool) -> Result<ReadFiles, RevisionFileError> {
    let mut buffer = Vec::new();
    let mut revisions = Vec::with_capacity(files.len());
    let mut sources = Vec::with_capacity(if keep { files.len() } else { 0 });
    for entry in files {
        let text = read_entry_text(entry, &mut buffer)?;
        revisions.push(read_revision(&entry.path, text)?);
        if keep {
            sources.push(text.to_string());
        }
    }
    Ok((revisions, sources))
}

/// Files per thread below which a second thread is not worth starting.
const MIN_FILES_PER_THREAD: usize = 64;

/// Runs `work` on consecutive parts of `files`, on up to two threads, and
/// returns the parts' results in order.
fn in_parts<T: Send>(
    files: &[RevisionFileEntry],
    work: impl Fn(&[RevisionFileEntry]) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(2)
        .min(files.len() / MIN_FILES_PER_THREAD)
        .max(1);
    if threads == 1 {
        return vec![work(files)];
    }
    let chunk = files.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn read_all(files: &[RevisionFileEntry], keep: bool) -> Result<ReadFiles, RevisionFileError> {
    let mut revisions = Vec::with_capacity(files.len());
    let mut sources = Vec::with_capacity(if keep { files.len() } else { 0 });
    for part in in_parts(files, |part| read_in_order(part, keep)) {
        let (r, s) = part?;
        revisions.extend(r);
        sources.extend(s);
    }
    Ok((revisions, sources))
}

/// [`load_revisions`] through the header cache kept in `cache_dir`
/// ([`cache`]): files whose size, times and inode are those of their cached
/// entry are not read. Projects with few revisions are read as
/// [`load_revisions`] does, without a cache file.
pub fn load_revisions_cached(
    locations: &[PathBuf],
    options: DiscoveryOptions,
    cache_dir: &Path,
) -> Result<LoadedRevisions, RevisionFileError> {
    let listing = list_revision_files(locations, options);
    if listing.files.len() < cache::MIN_FILES {
        let (revisions, _) = read_all(&listing.files, false)?;
        return Ok(LoadedRevisions {
            revisions,
            warnings: listing.warnings,
            sources: Vec::new(),
        });
    }
    let keys: Vec<Option<FileKey>> = in_parts(&listing.files, |part| {
        FileKey::of_all(part.iter().map(|entry| entry.path.as_path()))
    })
    .into_iter()
    .flatten()
    .collect();
    let mut cache = HeaderCache::open(cache_dir, locations);
    let mut cached = Vec::with_capacity(listing.files.len());
    let mut missing = Vec::new();
    for (position, (entry, key)) in listing.files.iter().zip(&keys).enumerate() {
        match key.and_then(|key| cache.take(position, &entry.path, key)) {
            Some(revision) => cached.push(revision),
            None => missing.push(position),
        }
    }
    if missing.is_empty() && !cache.has_other_entries() {
        return Ok(LoadedRevisions {
            revisions: cached,
            warnings: listing.warnings,
            sources: Vec::new(),
        });
    }
    let to_read: Vec<RevisionFileEntry> = missing
        .iter()
        .map(|&position| listing.files[position].clone())
        .collect();
    let (read, _) = read_all(&to_read, false)?;
    let revisions = merge_in_order(cached, read, &missing);
    let entries: Vec<(Option<FileKey>, &Revision)> = keys.iter().copied().zip(&revisions).collect();
    cache.save(&entries);
    Ok(LoadedRevisions {
        revisions,
        warnings: listing.warnings,
        sources: Vec::new(),
    })
}

/// The revisions in load order, from those found in the cache (in order)
/// and those `read` at the (ascending) positions `read_at`.
fn merge_in_order(cached: Vec<Revision>, read: Vec<Revision>, read_at: &[usize]) -> Vec<Revision> {
    let total = cached.len() + read.len();
    let mut cached = cached.into_iter();
    let mut read = read.into_iter();
    let mut read_at = read_at.iter().peekable();
    (0..total)
        .filter_map(|position| {
            if read_at.next_if(|&&at| at == position).is_some() {
                read.next()
            } else {
                cached.next()
            }
        })
        .collect()
}

/// Walk `dir` top-down as `os.walk` does (symbolic links to directories
/// are listed as directories but not entered; unreadable directories are
/// skipped), collecting files in Alembic's order.
fn walk_directory(dir: &Path, options: DiscoveryOptions, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    // The real path of files that are not symbolic links is the real
    // directory joined with the name: one resolution per directory.
    let real_dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries.flatten() {
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let is_link = file_type.is_symlink();
        let is_dir = file_type.is_dir() || (is_link && entry.path().is_dir());
        if is_dir {
            dirs.push((entry.file_name(), is_link));
        } else {
            files.push((entry.file_name(), is_link));
        }
    }

    let in_cache_dir = dir
        .file_name()
        .is_some_and(|name| name.to_string_lossy().ends_with("__pycache__"));
    if !in_cache_dir {
        files.sort();
        for (name, is_link) in &files {
            out.push(real_path(&real_dir, dir, name, *is_link));
        }
        if options.sourceless {
            list_bytecode_cache(dir, &files, out);
        }
        if !options.recursive {
            return;
        }
        dirs.sort();
    }
    for (name, is_link) in dirs {
        if !is_link {
            walk_directory(&dir.join(name), options, out);
        }
    }
}

/// With `sourceless`: the entries of `dir/__pycache__` whose name up to the
/// first dot is not the name of a file in `dir`, in directory order.
fn list_bytecode_cache(dir: &Path, files: &[(std::ffi::OsString, bool)], out: &mut Vec<PathBuf>) {
    let cache = dir.join("__pycache__");
    if !cache.exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(&cache) else {
        return;
    };
    let stems: HashSet<String> = files
        .iter()
        .map(|(name, _)| stem_before_first_dot(&name.to_string_lossy()).to_string())
        .collect();
    let real_cache = fs::canonicalize(&cache).unwrap_or_else(|_| cache.clone());
    for entry in entries.flatten() {
        let name = entry.file_name();
        if stems.contains(stem_before_first_dot(&name.to_string_lossy())) {
            continue;
        }
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        out.push(real_path(&real_cache, &cache, &name, is_link));
    }
}

fn stem_before_first_dot(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

fn real_path(real_dir: &Path, dir: &Path, name: &std::ffi::OsStr, is_link: bool) -> PathBuf {
    if is_link {
        let listed = dir.join(name);
        fs::canonicalize(&listed).unwrap_or(listed)
    } else {
        real_dir.join(name)
    }
}

/// Alembic's file-name rule, applied to the resolved name.
fn classify(path: &Path, sourceless: bool) -> Option<RevisionFileKind> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with(".#") || name.starts_with("__init__") {
        return None;
    }
    if name.ends_with(".py") {
        return Some(RevisionFileKind::Source);
    }
    if !sourceless {
        return None;
    }
    let (source_name, is_pyo) = if let Some(base) = name.strip_suffix('c') {
        (base, false)
    } else if let Some(base) = name.strip_suffix('o') {
        (base, true)
    } else {
        return None;
    };
    if !source_name.ends_with(".py") {
        return None;
    }
    let dir = path.parent()?;
    let source_exists = dir.join(source_name).exists();
    let pyc_exists = dir.join(format!("{source_name}c")).exists();
    if source_exists || (is_pyo && pyc_exists) {
        return None;
    }
    Some(RevisionFileKind::CompiledOnly)
}

#[cfg(test)]
mod tests;
