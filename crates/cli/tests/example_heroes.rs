//! The bundled example project, `examples/heroes`, used as its README says:
//! from the repository root, the loop of the SQLModel guides (upgrade,
//! check, edit a model, autogenerate, upgrade, downgrade), with the real
//! Alembic checking the same files and database at each step.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::{alembic, aludel, Run};

const INI: &str = "examples/heroes/alembic.ini";

/// A copy of `examples/` under a fresh directory that stands for the
/// repository root (the example's database is created inside it).
fn checkout() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let source = support::workspace_root().join("examples/heroes");
    let target = tmp.path().join("examples/heroes");
    copy_dir(&source, &target);
    let _ = fs::remove_file(target.join("heroes.db"));
    let root = tmp.path().to_path_buf();
    (tmp, root)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "__pycache__" || name.to_string_lossy().ends_with(".db") {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

fn ok(run: Run) -> Run {
    assert_eq!(
        run.code,
        0,
        "{} failed:\n{}\n{}",
        run.command_line(),
        run.stdout,
        run.stderr
    );
    run
}

fn hero_columns(root: &Path) -> Vec<String> {
    let url = format!(
        "sqlite:///{}",
        root.join("examples/heroes/heroes.db").display()
    );
    let mut conn =
        aludel_db::driver::connect(&aludel_db::url::DatabaseUrl::parse(&url).unwrap()).unwrap();
    conn.query_strings("SELECT name FROM pragma_table_info('hero') ORDER BY cid")
        .unwrap()
}

#[test]
fn the_guides_loop_runs_from_the_repository_root() {
    let Some(r) = support::reference() else {
        return;
    };
    let (_tmp, root) = checkout();
    ok(aludel(&root, &["-c", INI, "upgrade", "heads"]));
    let check = ok(aludel(&root, &["-c", INI, "check"]));
    assert_eq!(check.stdout, "No new upgrade operations detected.\n");
    // Alembic agrees: the models are what the migrations build
    let theirs = ok(alembic(&r, &root, &["-c", INI, "check"]));
    assert_eq!(theirs.stdout, "No new upgrade operations detected.\n");

    let models = root.join("examples/heroes/app/models.py");
    let text = fs::read_to_string(&models).unwrap();
    let edited = text.replace(
        "    email: Optional[str]",
        "    rank: Optional[int] = Field(default=None, index=True)\n    email: Optional[str]",
    );
    assert_ne!(
        edited, text,
        "the Hero model changed shape: update this test"
    );
    fs::write(&models, edited).unwrap();

    let wrote = ok(aludel(
        &root,
        &[
            "-c",
            INI,
            "revision",
            "--autogenerate",
            "-m",
            "add hero rank",
            "--rev-id",
            "a1b2c3d4e5f6",
        ],
    ));
    assert!(wrote.stdout.contains("Generating "), "{}", wrote.stdout);
    let file = root.join("examples/heroes/migrations/versions/a1b2c3d4e5f6_add_hero_rank.py");
    let body = fs::read_to_string(&file).unwrap();
    // SQLite cannot alter in place: aludel writes batch blocks, as
    // render_as_batch=True would (docs/architecture.md)
    assert!(
        body.contains(
            "    with op.batch_alter_table('hero', schema=None) as batch_op:\n        \
             batch_op.add_column(sa.Column('rank', sa.Integer(), nullable=True))\n        \
             batch_op.create_index(batch_op.f('ix_hero_rank'), ['rank'], unique=False)\n"
        ),
        "{body}"
    );
    assert!(
        body.contains(
            "        batch_op.drop_index(batch_op.f('ix_hero_rank'))\n        \
             batch_op.drop_column('rank')\n"
        ),
        "{body}"
    );

    ok(aludel(&root, &["-c", INI, "upgrade", "head"]));
    assert!(hero_columns(&root).contains(&"rank".to_string()));
    let theirs = ok(alembic(&r, &root, &["-c", INI, "check"]));
    assert_eq!(theirs.stdout, "No new upgrade operations detected.\n");

    ok(aludel(&root, &["-c", INI, "downgrade", "-1"]));
    assert!(!hero_columns(&root).contains(&"rank".to_string()));
    // the revision aludel wrote is one Alembic runs
    ok(alembic(&r, &root, &["-c", INI, "upgrade", "head"]));
    assert!(hero_columns(&root).contains(&"rank".to_string()));
    let current = ok(aludel(&root, &["-c", INI, "current"]));
    assert_eq!(current.stdout, "a1b2c3d4e5f6 (head)\n");
}

#[test]
fn the_main_readme_command_migrates_the_example() {
    // `cargo run --release -p aludel-cli -- -c examples/heroes/alembic.ini upgrade head`
    let (_tmp, root) = checkout();
    let run = ok(aludel(&root, &["-c", INI, "upgrade", "head"]));
    assert!(
        run.stderr
            .contains("Running upgrade 3f1b2c4d5e6a, 9a8b7c6d5e4f -> e1d2c3b4a596"),
        "{}",
        run.stderr
    );
    assert_eq!(
        ok(aludel(&root, &["-c", INI, "current"])).stdout,
        "e1d2c3b4a596 (head) (mergepoint)\n"
    );
}
