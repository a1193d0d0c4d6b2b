//! Snapshots of the revision writer's text (`insta`): the layout of each
//! kind of operation, in plain and in batch mode, and the imports.

mod writer_cases;

use aludel_python::writer::{write_ops, WriteOptions};

fn snapshot(name: &str, batch: bool) -> String {
    let ops = writer_cases::cases()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no case {name}"))
        .1;
    let body = write_ops(&ops, &WriteOptions { batch }).unwrap();
    let mut out = body.text;
    if !body.imports.is_empty() {
        out.push_str("\n# imports:\n");
        for i in &body.imports {
            out.push_str(i);
            out.push('\n');
        }
    }
    out
}

macro_rules! snap {
    ($test:ident, $case:literal, $batch:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(snapshot($case, $batch));
        }
    };
}

snap!(empty, "empty", false);
snap!(create_table_full, "create_table_full", false);
snap!(create_table_plain, "create_table_plain", false);
snap!(create_table_plain_batch, "create_table_plain", true);
snap!(
    create_table_inline_columns,
    "create_table_inline_columns",
    false
);
snap!(create_table_every_type, "create_table_every_type", false);
snap!(drop_and_rename_tables, "drop_and_rename_tables", false);
snap!(columns, "columns", false);
snap!(alter_columns, "alter_columns", false);
snap!(alter_columns_batch, "alter_columns", true);
snap!(indexes, "indexes", false);
snap!(indexes_batch, "indexes", true);
snap!(constraints, "constraints", false);
snap!(constraints_batch, "constraints", true);
snap!(table_comments, "table_comments", false);
snap!(table_comments_batch, "table_comments", true);
snap!(execute, "execute", false);
snap!(bulk_insert, "bulk_insert", false);
snap!(enums, "enums", false);
snap!(autocommit, "autocommit", false);
snap!(batch, "batch", false);
snap!(per_table_runs, "per_table_runs", false);
snap!(per_table_runs_batch, "per_table_runs", true);
