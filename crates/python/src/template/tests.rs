//! Renderer tests with outputs verified against Mako 1.4.3 (the
//! `mako_differential` integration test re-checks them against a live Mako
//! when one is available).

use super::*;

fn render_with(source: &str, vars: &[(&str, Value)]) -> Result<String, TemplateError> {
    let template = Template::parse(Path::new("script.py.mako"), source)?;
    let mut context = TemplateContext::new();
    for (name, value) in vars {
        context.set(*name, value.clone());
    }
    template.render(&context)
}

fn render(source: &str, vars: &[(&str, Value)]) -> String {
    match render_with(source, vars) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    }
}

fn error(source: &str, vars: &[(&str, Value)]) -> String {
    render_with(source, vars).unwrap_err().to_string()
}

#[test]
fn mixed_constructs_match_mako() {
    let source = "<%doc>\n  header doc\n</%doc>\n## a comment line\n\"\"\"${message}\n  ## indented comment\nRevises: ${down_revision | comma,n}\n\"\"\"\n% if imports:\n${imports}\n% elif other:\nother ${other | trim}\n% else:\nno imports\n% endif\n  % for x in items:\nitem ${x} ${loop.index} \\\ncontinued\n    % endfor\n<%text>${raw} % not control</%text>\n%% literal percent\n  %% indented\n50%% inline ${repr(down_revision)} ${\"<a & 'b'>\" | h}\n<% y = len(items) %>y=${y}\n<%\n    z = \", \".join(items)\n%>\nz=${z}\n${x}\n";
    let out = render(
        source,
        &[
            ("message", Value::str("m")),
            ("down_revision", Value::str_tuple(&["a", "b"])),
            ("imports", Value::str("")),
            ("other", Value::str("  o  ")),
            ("items", Value::str_list(&["p", "q"])),
            ("comma", Value::comma_function()),
        ],
    );
    assert_eq!(
        out,
        "\n\"\"\"m\nRevises: a, b\n\"\"\"\nother o\nitem p 0 continued\nitem q 1 continued\n${raw} % not control\n% literal percent\n  % indented\n50%% inline ('a', 'b') &lt;a &amp; &#39;b&#39;&gt;\ny=2\n\nz=p, q\nq\n"
    );
}

#[test]
fn undefined_variables_are_falsy_but_cannot_be_rendered() {
    assert_eq!(
        render(
            "${imports if imports else \"\"}|${upgrades if upgrades else \"pass\"}",
            &[]
        ),
        "|pass"
    );
    let e = error("x\n  ${missing} y", &[]);
    assert!(
        e.starts_with("script.py.mako:2:5: template rendering failed: `missing` is not defined"),
        "{e}"
    );
    assert!(e.contains("\n2 |   ${missing} y\n  |     ^^^^^^^"), "{e}");
}

#[test]
fn filters_match_mako() {
    let s = Value::str("<a & 'b' \"c\"> é");
    let t = Value::str("  pad me \n");
    assert_eq!(
        render(
            "${s | h}|${s | x}|${s | u}|${t | trim}|${t | trim,h}|${n | str}",
            &[("s", s), ("t", t), ("n", Value::None)]
        ),
        "&lt;a &amp; &#39;b&#39; &#34;c&#34;&gt; é|&lt;a &amp; &#39;b&#39; &#34;c&#34;&gt; é|%3Ca+%26+%27b%27+%22c%22%3E+%C3%A9|pad me|pad me|None"
    );
    let comma = ("comma", Value::comma_function());
    assert_eq!(
        render(
            "${a | comma,n}|${b | comma,n}|${c | comma,n}|${d | comma}",
            &[
                ("a", Value::None),
                ("b", Value::str("x")),
                ("c", Value::str_tuple(&["x", "y"])),
                ("d", Value::str_list(&["p", "q"])),
                comma
            ]
        ),
        "|x|x, y|['p', 'q']"
    );
    assert!(render_with("${v | n}", &[("v", Value::None)]).is_err());
}

#[test]
fn expressions_match_mako() {
    assert_eq!(
        render(
            "${a if c else b} ${not c} ${c and a} ${c or b} ${x is None} ${x is not None}",
            &[
                ("a", Value::str("A")),
                ("b", Value::str("B")),
                ("c", Value::Bool(false)),
                ("x", Value::None)
            ]
        ),
        "B True False B True False"
    );
    let l = ("l", Value::str_list(&["x", "y"]));
    assert_eq!(
        render(
            "${a == 'x'} ${a != 'x'} ${'x' in l} ${'q' not in l} ${1 < 2 <= 2} ${len(l)} ${str(l)}",
            &[("a", Value::str("x")), l]
        ),
        "True False True True True 2 ['x', 'y']"
    );
    assert_eq!(
        render(
            "${\", \".join(l)}|${s.upper()}|${s.lower()}|${s.strip()}|${s.replace('B', 'b')}|${s.split()}|${'a,b'.split(',')}",
            &[("l", Value::str_list(&["p", "q"])), ("s", Value::str(" aB c "))]
        ),
        "p, q| AB C | ab c |aB c| ab c |['aB', 'c']|['a', 'b']"
    );
    assert_eq!(
        render(
            "${\"%s_upgrades\" % name}|${\"%s-%s\" % (a, b)}|${'%05d' % n}",
            &[
                ("name", Value::str("engine1")),
                ("a", Value::str("x")),
                ("b", Value::str("y")),
                ("n", Value::Int(42))
            ]
        ),
        "engine1_upgrades|x-y|00042"
    );
    assert_eq!(
        render(
            "${l[0]} ${l[-1]} ${l[1:]} ${s[:2]}",
            &[
                ("l", Value::str_list(&["a", "b", "c"])),
                ("s", Value::str("hello"))
            ]
        ),
        "a c ['b', 'c'] he"
    );
    assert_eq!(
        render(
            "${ {'a': 1}['a'] if False else \"}|\" } ${'|'} ${(x\n  + 'y')}",
            &[("x", Value::str("X"))]
        ),
        "}| | Xy"
    );
}

#[test]
fn control_lines_match_mako() {
    let source = "% for x in xs:\n  % if loop.first:\nfirst ${x}\n  % elif loop.last:\nlast ${x}\n  % else:\nmid ${x} ${loop.index}\n  % endif\n% endfor\nafter ${x}\n";
    assert_eq!(
        render(source, &[("xs", Value::str_list(&["a", "b", "c"]))]),
        "first a\nmid b 1\nlast c\nafter c\n"
    );
    let pairs = Value::List(vec![
        Value::str_tuple(&["a", "1"]),
        Value::str_list(&["b", "2"]),
    ]);
    assert_eq!(
        render(
            "% for k, v in pairs:\n${k}=${v}\n% else:\ndone\n% endfor\n",
            &[("pairs", pairs)]
        ),
        "a=1\nb=2\ndone\n"
    );
    assert_eq!(
        render(
            "% for x in 'abc':\n${loop.index}${loop.reverse_index}${loop.even}${loop.odd}${loop.cycle('p', 'q')}\n% endfor\n",
            &[]
        ),
        "02TrueFalsep\n11FalseTrueq\n20TrueFalsep\n"
    );
    assert_eq!(
        render(
            "% if a and \\\n   b:\nyes\n% endif\n",
            &[("a", Value::Bool(true)), ("b", Value::Bool(true))]
        ),
        "yes\n"
    );
    assert_eq!(
        render(
            "a\r\n% if x:\r\nb\r\n% endif\r\n${x}\r\n",
            &[("x", Value::str("X"))]
        ),
        "a\r\nb\r\nX\r\n"
    );
    assert_eq!(
        render("% if x:\nyes\n% endif", &[("x", Value::Bool(true))]),
        "yes\n"
    );
}

#[test]
fn text_level_rules_match_mako() {
    assert_eq!(
        render(
            "## dropped\na\n  ## indented dropped\nb ## kept\n<%doc>\nall\ngone\n</%doc>\nc\n",
            &[]
        ),
        "a\nb ## kept\n\nc\n"
    );
    assert_eq!(
        render("<%text>${not} % evaluated\n## kept</%text>\n", &[]),
        "${not} % evaluated\n## kept\n"
    );
    assert_eq!(
        render("%% a\n  %%% b\nc %% d\n%%\n", &[]),
        "% a\n  %% b\nc %% d\n%\n"
    );
    assert_eq!(
        render(
            "one \\\ntwo\\\n${x}\\\r\nthree\n",
            &[("x", Value::str("X"))]
        ),
        "one twoXthree\n"
    );
    assert_eq!(
        render(
            "# -*- coding: utf-8 -*-\nbody ${x}\n",
            &[("x", Value::str("é"))]
        ),
        "body é\n"
    );
    assert_eq!(render("\u{feff}a", &[]), "a");
}

#[test]
fn multidb_style_blocks_work() {
    let source = "<%!\nimport re\n\n%>\"\"\"${message}\n\"\"\"\n<%\n    db_names = config.get_main_option(\"databases\")\n%>\n\n## one pair per database\n\n% for db_name in re.split(r',\\s*', db_names):\n\ndef upgrade_${db_name}() -> None:\n    ${context.get(\"%s_upgrades\" % db_name, \"pass\")}\n\n% endfor\n";
    let template = Template::parse(Path::new("multidb.mako"), source).unwrap();
    let lookup = |q: ConfigQuery<'_>| -> Result<Option<String>, String> {
        Ok(matches!(q, ConfigQuery::Main { name: "databases" })
            .then(|| "engine1, engine2".to_string()))
    };
    let mut context = TemplateContext::new();
    context
        .set("message", Value::str("m"))
        .set("config", Value::config_object())
        .set("engine2_upgrades", Value::str("op.f()"))
        .set_config(&lookup);
    assert_eq!(
        template.render(&context).unwrap(),
        "\"\"\"m\n\"\"\"\n\n\n\n\ndef upgrade_engine1() -> None:\n    pass\n\n\ndef upgrade_engine2() -> None:\n    op.f()\n\n"
    );
}

#[test]
fn syntax_errors_point_into_the_template() {
    let e = error("line\n${x +}", &[("x", Value::Int(1))]);
    assert!(e.starts_with("script.py.mako:2:"), "{e}");
    assert!(e.contains("template syntax error: invalid Python"), "{e}");
    let e = error("% if x:\nA\n", &[]);
    assert!(
        e.starts_with(
            "script.py.mako:1:3: template syntax error: unterminated control keyword: 'if'"
        ),
        "{e}"
    );
    let e = error("% if x:\nA\n% endfor\n", &[]);
    assert!(
        e.contains("keyword 'endfor' doesn't match keyword 'if'"),
        "{e}"
    );
    let e = error("% if x\nA\n% endif\n", &[]);
    assert!(e.starts_with("script.py.mako:1:"), "{e}");
    let e = error("a ${x", &[]);
    assert!(
        e.starts_with("script.py.mako:1:3: template syntax error: expected | or }"),
        "{e}"
    );
    let e = error("% for x in y:\n% elif z:\n% endfor\n", &[]);
    assert!(
        e.contains("keyword 'elif' not a legal ternary for keyword 'for'"),
        "{e}"
    );
}

#[test]
fn unsupported_constructs_are_named() {
    let cases = [
        ("<%def name=\"f()\">x</%def>", "1:1", "the <%def> tag"),
        ("<%include file=\"x\"/>", "1:1", "the <%include> tag"),
        (
            "% while False:\n% endwhile\n",
            "1:3",
            "the `% while` control line",
        ),
        ("${(lambda: 1)()}", "1:4", "a lambda"),
        ("${[a for a in x]}", "1:3", "a comprehension"),
        ("${sum(x)}", "1:3", "the built-in `sum`"),
        ("<%! import os %>", "1:12", "importing `os`"),
        ("${f'{x}'}", "1:3", "an f-string"),
        ("${x | f(1)}", "1:7", "the filter expression `f(1)`"),
        ("${x | entity}", "1:7", "the `entity` filter"),
        ("<% print(x) %>", "1:4", "this statement in a `<% %>` block"),
    ];
    for (source, at, construct) in cases {
        let e = render_with(source, &[("x", Value::str_list(&["a"]))]).unwrap_err();
        let TemplateError::Unsupported {
            location,
            construct: c,
        } = &e
        else {
            panic!("{source:?}: {e}");
        };
        assert_eq!(c, construct, "{source:?}");
        assert_eq!(
            format!("{}:{}", location.line, location.column),
            at,
            "{source:?}"
        );
        assert!(e
            .to_string()
            .contains("is not supported by aludel's template renderer"));
    }
}

#[test]
fn python_errors_are_reported_where_they_happen() {
    let e = error("${x()}", &[("x", Value::str("s"))]);
    assert!(e.contains("'str' object is not callable"), "{e}");
    let e = error(
        "${', '.join(l)}",
        &[("l", Value::List(vec![Value::str("a"), Value::None]))],
    );
    assert!(
        e.contains("sequence item 1: expected str instance, NoneType found"),
        "{e}"
    );
    let e = error("${l[5]}", &[("l", Value::List(vec![]))]);
    assert!(e.contains("list index out of range"), "{e}");
    let e = error("${x | comma}", &[("x", Value::Int(1))]);
    assert!(e.contains("the filter `comma` is not defined"), "{e}");
}

#[test]
fn arbitrary_templates_never_panic() {
    let samples = [
        "",
        "$",
        "${",
        "${}",
        "${'",
        "<%",
        "<%!",
        "</%",
        "</%x>",
        "<%text>",
        "<%doc>",
        "%",
        "%%",
        "##",
        "\\",
        "% endif",
        "% else:",
        "% elif x:",
        "% for",
        "% for x in:",
        "${x|}",
        "${x|,}",
        "é${é}",
        "<% é = 1 %>${é}",
        "${'\\N{BOGUS}'}",
        "% if (\n",
        "<%\n  x = (\n%>",
        "${'abc}",
        "${# comment}",
        "\r",
        "\r\n%\r\n",
    ];
    for source in samples {
        let _ = render_with(source, &[]);
    }
}

/// Deterministic pseudo-random fragments glued together: no input may panic.
#[test]
fn random_fragment_soup_never_panics() {
    const ITERATIONS: usize = 3000;
    const FRAGMENTS: &[&str] = &[
        "${",
        "}",
        "|",
        "x",
        " h",
        ",n",
        "% if x:",
        "% elif y:",
        "% else:",
        "% endif",
        "% for a in x:",
        "% endfor",
        "\n",
        "\r\n",
        "\\\n",
        "##",
        "<%",
        "%>",
        "<%!",
        "<%text>",
        "</%text>",
        "<%doc>",
        "</%doc>",
        "'",
        "\"",
        "\"\"\"",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "#",
        "é",
        "日",
        "loop.index",
        "repr(x)",
        "%%",
        "config.get_main_option('a')",
        "context.get('x')",
        " ",
        "\t",
        "=",
        "import re",
        "<%def>",
        "</%",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..ITERATIONS {
        let len = (next() % 12) as usize;
        let source: String = (0..len)
            .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
            .collect();
        let _ = render_with(
            &source,
            &[("x", Value::str_list(&["a", "b"])), ("y", Value::None)],
        );
    }
}
