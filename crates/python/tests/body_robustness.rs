//! No input makes the body evaluator panic: a corpus of revision texts (the
//! differential fixtures and the real-shaped corpus) is mutated
//! deterministically — truncations, character replacements, line drops and
//! duplications, and splices of text from other files — and every result is
//! parsed and evaluated for each function and database. Errors are fine;
//! a panic fails the test. (The `fuzz/` crate runs the same target under
//! libFuzzer.)

use std::path::{Path, PathBuf};

use aludel_core::dialect::DialectKind;
use aludel_python::body::{BodyContext, RevisionBody};

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn corpus() -> Vec<String> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["body_fixtures", "body_corpus"] {
        if let Ok(entries) = std::fs::read_dir(base.join(dir)) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "py")),
            );
        }
    }
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(texts.len() >= 5, "corpus too small: {}", texts.len());
    texts
}

/// Characters that change Python's meaning the most.
const NOISE: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "=",
    "'",
    "\"",
    "\\",
    "\n",
    "    ",
    "\t",
    "#",
    "*",
    "**",
    "None",
    "op.",
    "sa.",
    "batch_op",
    "f'{",
    "}'",
    "1e999",
    "99999999999999999999",
    "-",
    "~",
    "==",
    "with ",
    "for ",
    "if ",
    "def ",
    "lambda",
    "\u{e9}",
    "\u{feff}",
    "\r",
    "op.f(",
    "sa.text(':x')",
];

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Lcg, text: &str, others: &[String]) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let at = boundary(&out, rng.below(out.len() + 1));
        match rng.below(6) {
            0 => out.truncate(at),
            1 => {
                let end = boundary(&out, at + 1 + rng.below(8));
                out.replace_range(at..end, NOISE[rng.below(NOISE.len())]);
            }
            2 => out.insert_str(at, NOISE[rng.below(NOISE.len())]),
            3 => {
                let other = &others[rng.below(others.len())];
                let a = boundary(other, rng.below(other.len() + 1));
                let b = boundary(other, a + rng.below(200));
                out.insert_str(at, &other[a..b]);
            }
            4 => {
                let lines: Vec<&str> = out.lines().collect();
                let drop = rng.below(lines.len().max(1));
                out = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, l)| format!("{l}\n"))
                    .collect();
            }
            _ => {
                let lines: Vec<&str> = out.lines().collect();
                let dup = rng.below(lines.len().max(1));
                out = lines
                    .iter()
                    .enumerate()
                    .flat_map(|(i, l)| if i == dup { vec![*l, *l] } else { vec![*l] })
                    .map(|l| format!("{l}\n"))
                    .collect();
            }
        }
    }
    out
}

fn exercise(text: &str) -> usize {
    let Ok(body) = RevisionBody::parse(Path::new("fuzz.py"), text) else {
        return 0;
    };
    let mut evaluated = 0;
    for function in ["upgrade", "downgrade"] {
        for dialect in [
            DialectKind::Sqlite,
            DialectKind::Postgresql,
            DialectKind::Mysql,
        ] {
            for offline in [true, false] {
                match body.evaluate(
                    function,
                    &BodyContext {
                        mariadb: false,
                        dialect,
                        offline,
                        sqlalchemy_20: false,
                    },
                ) {
                    Ok(ops) => {
                        let ops: Vec<_> = ops.into_iter().map(|l| l.op).collect();
                        let _ = aludel_core::dialect::render_script(dialect.dialect(), &ops);
                        evaluated += 1;
                    }
                    Err(e) => {
                        // Messages and snippets must render for any input.
                        let text = e.to_string();
                        assert!(!text.is_empty());
                        assert!(e.location().line >= 1 && e.location().column >= 1);
                    }
                }
            }
        }
    }
    evaluated
}

#[test]
fn mutated_revisions_never_panic() {
    let texts = corpus();
    let mut rng = Lcg(0x5eed_a1de1);
    let mut inputs = 0;
    let mut evaluated = 0;
    for round in 0..300 {
        for (i, text) in texts.iter().enumerate() {
            let mutated = mutate(&mut rng, text, &texts);
            evaluated += exercise(&mutated);
            inputs += 1;
            if round == 0 {
                evaluated += exercise(&texts[i]);
            }
        }
    }
    assert!(inputs >= 2000, "only {inputs} inputs");
    // Some mutations must keep the file valid, or the test checks only the parser.
    assert!(evaluated > 100, "only {evaluated} successful evaluations");
}

#[test]
fn pathological_inputs() {
    let deep = format!(
        "def upgrade():\n    x = {}1{}\n",
        "(".repeat(200),
        ")".repeat(200)
    );
    let long_list = format!(
        "def upgrade():\n    for t in [{}]:\n        op.drop_table(t)\nfrom alembic import op\n",
        "'a',".repeat(5000)
    );
    let big_int = "from alembic import op\nimport sqlalchemy as sa\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.String(2 ** 62 * 4)))\n";
    let neg_len = "from alembic import op\nimport sqlalchemy as sa\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.String(-1)))\n";
    let repeat = "from alembic import op\ndef upgrade():\n    op.execute('x' * 10**9)\n";
    let floor = "from alembic import op\ndef upgrade():\n    op.execute(str(-7 // 2) + str(-7 % 2) + str((-2**63) // -1))\n";
    // Nesting near and past the evaluator's depth limit, on a test thread's 2 MiB stack.
    let chain = format!("def upgrade():\n    x = {}1\n", "1+".repeat(10_000));
    let calls = |n: usize| {
        format!(
            "import sqlalchemy as sa\nfrom alembic import op\ndef upgrade():\n    op.create_check_constraint('c', 't', {}sa.column('a'){} > 1)\n",
            "sa.func.f(".repeat(n),
            ")".repeat(n)
        )
    };
    let (calls_60, calls_200) = (calls(60), calls(200));
    let lists = format!(
        "def upgrade():\n    x = {}1{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let mut ifs = String::from("from alembic import op\ndef upgrade():\n");
    for depth in 1..=80 {
        ifs.push_str(&format!("{}if True:\n", "    ".repeat(depth)));
    }
    ifs.push_str(&format!("{}op.drop_table('t')\n", "    ".repeat(81)));
    for text in [
        chain.as_str(),
        calls_60.as_str(),
        calls_200.as_str(),
        lists.as_str(),
        ifs.as_str(),
    ] {
        exercise(text);
    }
    for text in [
        deep.as_str(),
        long_list.as_str(),
        big_int,
        neg_len,
        repeat,
        floor,
        "",
        "\u{feff}",
        "def upgrade(",
        "\r\r\n",
    ] {
        exercise(text);
    }
}
