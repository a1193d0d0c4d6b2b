//! A cache of parsed revision headers, so that graph commands on a long
//! history read one file instead of opening and parsing every revision.
//!
//! The cache is one file per project (named by a hash of its version
//! locations) in a cache directory the caller chooses. An entry is used
//! only while its file's size, modification and change times and inode are
//! those it was read with; anything else is read again, and the cache is
//! rewritten when something changed. Files modified in the last seconds
//! before the cache is written are left out of it: a file rewritten within
//! the file system's timestamp granularity would otherwise keep a stale
//! entry (git's "racy" index entries). A cache that cannot be read, or was
//! written by another aludel version, is ignored; one that cannot be
//! written is skipped silently: the cache only ever saves time.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use aludel_core::Revision;
use md5::{Digest, Md5};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Projects with fewer revision files are read without a cache: parsing
/// them takes a few milliseconds, and small projects (tests among them)
/// should not leave cache files behind.
pub const MIN_FILES: usize = 200;

/// How recent a file's modification may be and still be cached.
const RACY_WINDOW: Duration = Duration::from_secs(3);

/// Changes when the file layout or the header reader's output changes.
const FORMAT: &str = concat!("aludel-headers/2/", env!("CARGO_PKG_VERSION"));

/// What identifies one version of a file's content without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl FileKey {
    /// The key of the file at `path` (its target, for a symbolic link).
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = fs::metadata(path).ok()?;
        Some(FileKey::from_metadata(&meta))
    }

    /// The keys of `paths`, in order: on Unix each is read relative to its
    /// open directory, so consecutive files of one directory cost no
    /// walk of the whole path.
    #[cfg(unix)]
    pub fn of_all<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<Option<FileKey>> {
        let mut open: Option<(&Path, Option<fs::File>)> = None;
        paths
            .into_iter()
            .map(|path| {
                let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                    return FileKey::of(path);
                };
                if open.as_ref().is_none_or(|(dir, _)| *dir != parent) {
                    open = Some((parent, fs::File::open(parent).ok()));
                }
                match open.as_ref().and_then(|(_, dir)| dir.as_ref()) {
                    Some(dir) => rustix::fs::statat(dir, name, rustix::fs::AtFlags::empty())
                        .ok()
                        .map(|stat| FileKey::from_stat(&stat)),
                    None => FileKey::of(path),
                }
            })
            .collect()
    }

    /// The keys of `paths`, in order.
    #[cfg(not(unix))]
    pub fn of_all<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<Option<FileKey>> {
        paths.into_iter().map(FileKey::of).collect()
    }

    #[cfg(unix)]
    fn from_stat(stat: &rustix::fs::Stat) -> FileKey {
        FileKey {
            len: stat.st_size as u64,
            modified_ns: i128::from(stat.st_mtime) * 1_000_000_000 + i128::from(stat.st_mtime_nsec),
            changed_ns: i128::from(stat.st_ctime) * 1_000_000_000 + i128::from(stat.st_ctime_nsec),
            inode: stat.st_ino,
        }
    }

    #[cfg(unix)]
    fn from_metadata(meta: &fs::Metadata) -> FileKey {
        use std::os::unix::fs::MetadataExt;
        FileKey {
            len: meta.len(),
            modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            changed_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn from_metadata(meta: &fs::Metadata) -> FileKey {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        FileKey {
            len: meta.len(),
            modified_ns,
            changed_ns: modified_ns,
            inode: 0,
        }
    }

    /// Whether the file changed so recently that a rewrite within the
    /// timestamp granularity could go unnoticed.
    fn is_racy(&self, now_ns: i128) -> bool {
        now_ns - self.modified_ns < RACY_WINDOW.as_nanos() as i128
    }
}

/// One cached file: its key and its header (whose `path` is the file's).
#[derive(Deserialize)]
struct Entry {
    key: FileKey,
    revision: Revision,
}

/// [`Entry`] as written, borrowing the revision (the same encoding).
#[derive(Serialize)]
struct EntryRef<'a> {
    key: FileKey,
    revision: &'a Revision,
}

#[derive(Deserialize)]
struct CacheFile {
    format: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct CacheFileRef<'a> {
    format: &'a str,
    entries: Vec<EntryRef<'a>>,
}

/// The cached headers of one project.
///
/// Entries are kept in the order they were written, which is the load
/// order of the files: a lookup first tries the entry at the file's own
/// position, and only a project whose files moved pays for a map by path.
pub struct HeaderCache {
    file: PathBuf,
    entries: Vec<Option<Entry>>,
    by_path: Option<HashMap<String, usize>>,
    untaken: usize,
}

impl HeaderCache {
    /// The cache of the project with these version locations, in `dir`
    /// (empty when there is none yet or it cannot be read).
    pub fn open(dir: &Path, locations: &[PathBuf]) -> HeaderCache {
        let mut hasher = Md5::new();
        for location in locations {
            hasher.update(location.to_string_lossy().as_bytes());
            hasher.update([0]);
        }
        let name: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file = dir.join(format!("headers-{name}.bin"));
        let entries: Vec<Option<Entry>> = fs::read(&file)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<CacheFile>(&bytes).ok())
            .filter(|cache| cache.format == FORMAT)
            .map(|cache| cache.entries.into_iter().map(Some).collect())
            .unwrap_or_default();
        HeaderCache {
            file,
            untaken: entries.len(),
            entries,
            by_path: None,
        }
    }

    /// Takes the cached revision of `path`, the file at `position` in load
    /// order, if its file still has `key`.
    pub fn take(&mut self, position: usize, path: &Path, key: FileKey) -> Option<Revision> {
        let path = path.to_str()?;
        let at = match self.entries.get(position) {
            Some(Some(entry)) if entry.revision.path == path => position,
            _ => *self.paths().get(path)?,
        };
        let slot = &mut self.entries[at];
        if slot.as_ref()?.key != key {
            return None;
        }
        self.untaken -= 1;
        slot.take().map(|entry| entry.revision)
    }

    fn paths(&mut self) -> &HashMap<String, usize> {
        let entries = &self.entries;
        self.by_path.get_or_insert_with(|| {
            entries
                .iter()
                .enumerate()
                .filter_map(|(at, entry)| Some((entry.as_ref()?.revision.path.clone(), at)))
                .collect()
        })
    }

    /// Whether entries are left that no [`HeaderCache::take`] used: files
    /// that changed or are gone, so the cache is out of date.
    pub fn has_other_entries(&self) -> bool {
        self.untaken > 0
    }

    /// Writes the cache of exactly these files, each with the key it was
    /// read with (atomically: a reader sees the old cache or the new one).
    /// Errors are ignored.
    pub fn save(&self, files: &[(Option<FileKey>, &Revision)]) {
        let now_ns = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let entries = files
            .iter()
            .filter_map(|&(key, revision)| {
                let key = key.filter(|key| !key.is_racy(now_ns))?;
                Some(EntryRef { key, revision })
            })
            .collect();
        let cache = CacheFileRef {
            format: FORMAT,
            entries,
        };
        let Ok(bytes) = postcard::to_allocvec(&cache) else {
            return;
        };
        let Some(dir) = self.file.parent() else {
            return;
        };
        if fs::create_dir_all(dir).is_err() {
            return;
        }
        let temp = self
            .file
            .with_extension(format!("tmp{}", std::process::id()));
        if fs::write(&temp, bytes).is_ok() && fs::rename(&temp, &self.file).is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}
