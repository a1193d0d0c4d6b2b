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
const FORMAT: &str = concat!("aludel-headers/1/", env!("CARGO_PKG_VERSION"));

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

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: FileKey,
    revision: Revision,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: String,
    entries: Vec<Entry>,
}

/// The cached headers of one project.
pub struct HeaderCache {
    file: PathBuf,
    entries: HashMap<String, (FileKey, Revision)>,
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
        let entries = fs::read(&file)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<CacheFile>(&bytes).ok())
            .filter(|cache| cache.format == FORMAT)
            .map(|cache| {
                cache
                    .entries
                    .into_iter()
                    .map(|e| (e.path, (e.key, e.revision)))
                    .collect()
            })
            .unwrap_or_default();
        HeaderCache { file, entries }
    }

    /// Takes the cached revision of `path` if its file still has `key`.
    pub fn take(&mut self, path: &Path, key: FileKey) -> Option<Revision> {
        let path = path.to_str()?;
        match self.entries.get(path) {
            Some((cached, _)) if *cached == key => self.entries.remove(path).map(|(_, r)| r),
            _ => None,
        }
    }

    /// Whether entries are left that no [`HeaderCache::take`] used: files
    /// that changed or are gone, so the cache is out of date.
    pub fn has_other_entries(&self) -> bool {
        !self.entries.is_empty()
    }

    /// Writes the cache of exactly these files (atomically: a reader sees
    /// the old cache or the new one). Errors are ignored.
    pub fn save(&self, files: &[(&Path, Option<FileKey>, &Revision)]) {
        let now_ns = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let entries = files
            .iter()
            .filter_map(|(path, key, revision)| {
                let key = key.filter(|key| !key.is_racy(now_ns))?;
                Some(Entry {
                    path: path.to_str()?.to_string(),
                    key,
                    revision: (*revision).clone(),
                })
            })
            .collect();
        let cache = CacheFile {
            format: FORMAT.to_string(),
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
