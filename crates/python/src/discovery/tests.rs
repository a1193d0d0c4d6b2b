use std::os::unix::fs::symlink;

use super::*;

fn write_rev(dir: &Path, file: &str, id: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join(file),
        format!("revision = '{id}'\ndown_revision = None\n"),
    )
    .unwrap();
}

/// The layout of the reference run against Alembic 1.20.1:
///
/// ```text
/// versions/{a1.py, b2.py, __init__.py, .#x.py, readme.txt}
/// versions/a_dir/zz.py
/// versions/sub/{s1.py, link.py -> ../a1.py}
/// versions/sub/deeper/d1.py
/// ```
fn reference_tree() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(tmp.path()).unwrap();
    let versions = root.join("versions");
    write_rev(&versions, "b2.py", "b2");
    write_rev(&versions, "a1.py", "a1");
    write_rev(&versions.join("sub"), "s1.py", "s1");
    write_rev(&versions.join("sub/deeper"), "d1.py", "d1");
    write_rev(&versions.join("a_dir"), "zz.py", "ad");
    symlink("../a1.py", versions.join("sub/link.py")).unwrap();
    for junk in ["__init__.py", ".#x.py", "readme.txt", "__init__x.py"] {
        fs::write(versions.join(junk), "raise SystemExit\n").unwrap();
    }
    write_rev(&versions.join("__pycache__"), "cached.py", "never");
    (tmp, versions)
}

fn ids(loaded: &LoadedRevisions) -> Vec<&str> {
    loaded.revisions.iter().map(|r| r.id.as_str()).collect()
}

fn twice(path: &Path) -> String {
    format!(
        "File {} loaded twice! ignoring. Please ensure version_locations is unique.",
        path.display()
    )
}

#[test]
fn lists_sorted_top_level_files_like_alembic() {
    let (_tmp, versions) = reference_tree();
    let locations = [versions.clone(), versions.join("sub")];
    let loaded = load_revisions(&locations, DiscoveryOptions::default()).unwrap();
    assert_eq!(ids(&loaded), ["a1", "b2", "s1"]);
    assert_eq!(loaded.warnings, [twice(&versions.join("a1.py"))]);
    assert_eq!(
        loaded.revisions[0].path,
        versions.join("a1.py").to_string_lossy()
    );
}

#[test]
fn recursive_walk_visits_sorted_subdirectories_depth_first() {
    let (_tmp, versions) = reference_tree();
    let locations = [versions.clone(), versions.join("sub")];
    let options = DiscoveryOptions {
        recursive: true,
        sourceless: false,
    };
    let loaded = load_revisions(&locations, options).unwrap();
    assert_eq!(ids(&loaded), ["a1", "b2", "ad", "s1", "d1"]);
    assert_eq!(
        loaded.warnings,
        [
            twice(&versions.join("a1.py")),
            twice(&versions.join("a1.py")),
            twice(&versions.join("sub/s1.py")),
            twice(&versions.join("sub/deeper/d1.py")),
        ]
    );
}

#[test]
fn missing_locations_are_skipped() {
    let (_tmp, versions) = reference_tree();
    let locations = [versions.join("nope"), versions.join("a_dir")];
    let loaded = load_revisions(&locations, DiscoveryOptions::default()).unwrap();
    assert_eq!(ids(&loaded), ["ad"]);
    assert!(loaded.warnings.is_empty());
}

#[test]
fn symlinked_files_are_recorded_by_their_real_path_and_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(tmp.path()).unwrap();
    write_rev(&root.join("elsewhere"), "target.txt", "t");
    write_rev(&root.join("elsewhere"), "real.py", "r");
    let versions = root.join("versions");
    fs::create_dir_all(&versions).unwrap();
    // Alembic matches the resolved name: `x.py -> target.txt` is not a revision.
    symlink(root.join("elsewhere/target.txt"), versions.join("x.py")).unwrap();
    symlink(root.join("elsewhere/real.py"), versions.join("y.txt")).unwrap();
    let listing = list_revision_files(&[versions], DiscoveryOptions::default());
    assert_eq!(
        listing.files,
        [RevisionFileEntry {
            path: root.join("elsewhere/real.py"),
            kind: RevisionFileKind::Source
        }]
    );
}

#[test]
fn sourceless_lists_bytecode_without_source_and_loading_it_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let versions = fs::canonicalize(tmp.path()).unwrap();
    write_rev(&versions, "a1_x.py", "a1");
    fs::write(versions.join("a1_x.pyc"), b"\0").unwrap(); // has its source: skipped
    fs::write(versions.join("b2_y.pyc"), b"\0").unwrap(); // compiled only
    fs::write(versions.join("c3.pyo"), b"\0").unwrap();
    fs::write(versions.join("c3.pyc"), b"\0").unwrap(); // .pyo with .pyc: skipped
    let cache = versions.join("__pycache__");
    fs::create_dir_all(&cache).unwrap();
    fs::write(cache.join("a1_x.cpython-311.pyc"), b"\0").unwrap(); // stem has a source
    fs::write(cache.join("z9.cpython-311.pyc"), b"\0").unwrap();

    let plain = list_revision_files(std::slice::from_ref(&versions), DiscoveryOptions::default());
    assert_eq!(plain.files.len(), 1);

    let options = DiscoveryOptions {
        recursive: false,
        sourceless: true,
    };
    let listing = list_revision_files(std::slice::from_ref(&versions), options);
    let found: Vec<_> = listing
        .files
        .iter()
        .map(|f| {
            (
                f.path.strip_prefix(&versions).unwrap().to_path_buf(),
                f.kind,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (PathBuf::from("a1_x.py"), RevisionFileKind::Source),
            (PathBuf::from("b2_y.pyc"), RevisionFileKind::CompiledOnly),
            (PathBuf::from("c3.pyc"), RevisionFileKind::CompiledOnly),
            (
                PathBuf::from("__pycache__/z9.cpython-311.pyc"),
                RevisionFileKind::CompiledOnly
            ),
        ]
    );
    let e = load_revisions(std::slice::from_ref(&versions), options).unwrap_err();
    assert!(
        matches!(&e, RevisionFileError::SourcelessNotSupported { path } if *path == versions.join("b2_y.pyc"))
    );
    assert!(e.to_string().contains("cannot load bytecode"), "{e}");
}

#[test]
fn many_files_keep_load_order_and_report_the_first_error() {
    let tmp = tempfile::tempdir().unwrap();
    let versions = fs::canonicalize(tmp.path()).unwrap();
    for i in 0..300 {
        write_rev(&versions, &format!("{i:04}_rev.py"), &format!("r{i}"));
    }
    let loaded =
        load_revisions(std::slice::from_ref(&versions), DiscoveryOptions::default()).unwrap();
    let expected: Vec<String> = (0..300).map(|i| format!("r{i}")).collect();
    assert_eq!(ids(&loaded), expected);

    fs::write(versions.join("0250_rev.py"), "revision = x\n").unwrap();
    fs::write(versions.join("0100_rev.py"), "down_revision = None\n").unwrap();
    let e = load_revisions(&[versions], DiscoveryOptions::default()).unwrap_err();
    assert!(
        matches!(&e, RevisionFileError::MissingRevision { filename, .. } if filename == "0100_rev.py"),
        "{e}"
    );
}

#[test]
fn unreadable_content_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let versions = fs::canonicalize(tmp.path()).unwrap();
    fs::write(versions.join("a.py"), b"revision = '\xff'\n").unwrap();
    let e = load_revisions(&[versions], DiscoveryOptions::default()).unwrap_err();
    assert!(
        matches!(e, RevisionFileError::NotUtf8 { offset: 12, .. }),
        "{e}"
    );
}

#[test]
fn files_larger_than_the_read_buffer_are_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let versions = fs::canonicalize(tmp.path()).unwrap();
    let body = "x = 1\n".repeat(40_000);
    fs::write(
        versions.join("big.py"),
        format!("\"\"\"big\"\"\"\nrevision = 'big'\n{body}down_revision = 'late'\n"),
    )
    .unwrap();
    write_rev(&versions, "small.py", "small");
    let loaded =
        load_revisions(std::slice::from_ref(&versions), DiscoveryOptions::default()).unwrap();
    assert_eq!(ids(&loaded), ["big", "small"]);
    assert_eq!(loaded.revisions[0].down_revisions, ["late"]);
    assert_eq!(loaded.revisions[1].down_revisions, Vec::<String>::new());
}

/// A linear history of `n` files whose times are an hour old (older than
/// the cache's racy window).
fn old_history(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let versions = fs::canonicalize(tmp.path()).unwrap().join("versions");
    fs::create_dir_all(&versions).unwrap();
    for i in 0..n {
        let down = if i == 0 {
            "None".to_string()
        } else {
            format!("'r{:04}'", i - 1)
        };
        let path = versions.join(format!("r{i:04}.py"));
        fs::write(
            &path,
            format!("\"\"\"step {i}\"\"\"\nrevision = 'r{i:04}'\ndown_revision = {down}\n"),
        )
        .unwrap();
        age(&path);
    }
    (tmp, versions)
}

fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

#[test]
fn the_header_cache_gives_what_reading_gives_and_follows_edits() {
    let (_tmp, versions) = old_history(cache::MIN_FILES + 5);
    let cache_dir = tempfile::tempdir().unwrap();
    let locations = [versions.clone()];
    let plain = load_revisions(&locations, DiscoveryOptions::default()).unwrap();
    let first =
        load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path()).unwrap();
    assert_eq!(first, plain);
    let written: Vec<_> = fs::read_dir(cache_dir.path()).unwrap().collect();
    assert_eq!(written.len(), 1, "one cache file per project");

    // a cached run: the same revisions
    let second =
        load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path()).unwrap();
    assert_eq!(second, plain);

    // an edit (other size) is read again
    let edited = versions.join("r0003.py");
    fs::write(
        &edited,
        "\"\"\"step three, renamed\"\"\"\nrevision = 'r0003'\ndown_revision = 'r0002'\n",
    )
    .unwrap();
    age(&edited);
    let third =
        load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path()).unwrap();
    assert_eq!(third.revisions[3].longdoc, "step three, renamed");
    assert_eq!(
        third,
        load_revisions(&locations, DiscoveryOptions::default()).unwrap()
    );

    // a broken file is the same error with or without the cache
    fs::write(versions.join("r0004.py"), "revision = 'r0004'\n").unwrap();
    let cached = load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path())
        .unwrap_err();
    let plain = load_revisions(&locations, DiscoveryOptions::default()).unwrap_err();
    assert_eq!(cached.to_string(), plain.to_string());

    // a corrupt cache file is ignored
    let file = fs::read_dir(cache_dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&file, b"not a cache").unwrap();
    fs::remove_file(versions.join("r0004.py")).unwrap();
    let after =
        load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path()).unwrap();
    assert_eq!(
        after,
        load_revisions(&locations, DiscoveryOptions::default()).unwrap()
    );

    // a file listed first moves every cached file one place down
    let first_file = versions.join("a_first.py");
    fs::write(
        &first_file,
        "\"\"\"new\"\"\"\nrevision = 'a1'\ndown_revision = None\n",
    )
    .unwrap();
    age(&first_file);
    for _ in 0..2 {
        let shifted =
            load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path())
                .unwrap();
        assert_eq!(
            shifted,
            load_revisions(&locations, DiscoveryOptions::default()).unwrap()
        );
        assert_eq!(shifted.revisions[0].id, "a1");
    }
}

#[test]
fn old_files_are_served_from_the_cache_and_recent_ones_are_not() {
    let (_tmp, versions) = old_history(cache::MIN_FILES);
    let cache_dir = tempfile::tempdir().unwrap();
    let locations = [versions.clone()];
    let recent = versions.join("r0001.py");
    fs::write(
        &recent,
        "\"\"\"just written\"\"\"\nrevision = 'r0001'\ndown_revision = 'r0000'\n",
    )
    .unwrap();
    load_revisions_cached(&locations, DiscoveryOptions::default(), cache_dir.path()).unwrap();
    let mut cache = cache::HeaderCache::open(cache_dir.path(), &locations);
    let old = versions.join("r0002.py");
    // asked at another file's position: found by its path
    let hit = cache.take(0, &old, cache::FileKey::of(&old).unwrap());
    assert_eq!(hit.map(|r| r.id), Some("r0002".to_string()));
    let next = versions.join("r0003.py");
    let hit = cache.take(3, &next, cache::FileKey::of(&next).unwrap());
    assert_eq!(hit.map(|r| r.id), Some("r0003".to_string()));
    // each entry is given once
    assert!(cache
        .take(3, &next, cache::FileKey::of(&next).unwrap())
        .is_none());
    // written a moment ago: a same-size rewrite could keep its times
    assert!(cache
        .take(1, &recent, cache::FileKey::of(&recent).unwrap())
        .is_none());
    assert!(cache.has_other_entries());
}
