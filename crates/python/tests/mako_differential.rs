//! aludel's template renderer against real Mako: the same templates and
//! variables rendered by both must give the same text (or, where Mako
//! fails, aludel must fail too).

mod common;

use std::path::Path;

use aludel_python::pydatetime::PyDateTime;
use aludel_python::template::{ConfigQuery, Template, TemplateContext, TemplateError, Value};
use serde_json::{json, Value as Json};

/// Renders each case with Mako; prints a JSON list of {"ok": text} or
/// {"err": message}.
const MAKO_SCRIPT: &str = r#"
import datetime, json, sys
from mako.template import Template
from alembic.util import format_as_comma

class FakeConfig:
    def __init__(self, main, sections):
        self.main, self.sections = main, sections
    def get_main_option(self, name, default=None):
        return self.main.get(name, default)
    def get_alembic_option(self, name, default=None):
        return self.main.get(name, default)
    def get_section_option(self, section, name, default=None):
        return self.sections.get(section, {}).get(name, default)

def convert(v):
    if isinstance(v, list):
        return [convert(x) for x in v]
    if isinstance(v, dict):
        if "tuple" in v:
            return tuple(convert(x) for x in v["tuple"])
        if "datetime" in v:
            return datetime.datetime.fromisoformat(v["datetime"])
        if "comma" in v:
            return format_as_comma
        if "config" in v:
            return FakeConfig(v["config"].get("main", {}), v["config"].get("sections", {}))
    return v

results = []
for case in json.load(sys.stdin):
    try:
        template = Template(text=case["template"])
        kwargs = {k: convert(v) for k, v in case["vars"].items()}
        results.append({"ok": template.render_unicode(**kwargs)})
    except Exception as e:
        results.append({"err": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(results))
"#;

fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().expect("integer")),
        Json::String(s) => Value::str(s.as_str()),
        Json::Array(items) => Value::List(items.iter().map(to_value).collect()),
        Json::Object(map) => {
            if let Some(Json::Array(items)) = map.get("tuple") {
                Value::Tuple(items.iter().map(to_value).collect())
            } else if let Some(Json::String(text)) = map.get("datetime") {
                Value::DateTime(match chrono::DateTime::parse_from_rfc3339(text) {
                    Ok(aware) => PyDateTime::aware(&aware),
                    Err(_) => PyDateTime::naive(
                        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                            .expect("naive datetime"),
                    ),
                })
            } else if map.contains_key("comma") {
                Value::comma_function()
            } else if map.contains_key("config") {
                Value::config_object()
            } else {
                panic!("unknown value {json}")
            }
        }
    }
}

/// How aludel must answer a case.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    /// Mako's output, or an error where Mako fails.
    Same,
    /// A clear "not supported" error.
    Unsupported,
}

struct Case {
    name: String,
    template: String,
    vars: Json,
    expect: Expect,
}

fn case(name: &str, template: &str, vars: Json) -> Case {
    Case {
        name: name.to_string(),
        template: template.to_string(),
        vars,
        expect: Expect::Same,
    }
}

fn render_aludel(case: &Case) -> Result<String, TemplateError> {
    let template = Template::parse(Path::new(&case.name), &case.template)?;
    let mut context = TemplateContext::new();
    let mut config_main = serde_json::Map::new();
    let mut config_sections = serde_json::Map::new();
    for (name, value) in case.vars.as_object().expect("vars object") {
        if let Some(config) = value.get("config") {
            if let Some(Json::Object(main)) = config.get("main") {
                config_main = main.clone();
            }
            if let Some(Json::Object(sections)) = config.get("sections") {
                config_sections = sections.clone();
            }
        }
        context.set(name.clone(), to_value(value));
    }
    let lookup = move |query: ConfigQuery<'_>| -> Result<Option<String>, String> {
        let found = match query {
            ConfigQuery::Main { name } | ConfigQuery::Alembic { name } => config_main.get(name),
            ConfigQuery::Section { section, name } => {
                config_sections.get(section).and_then(|s| s.get(name))
            }
        };
        Ok(found.and_then(Json::as_str).map(str::to_string))
    };
    context.set_config(&lookup);
    template.render(&context)
}

fn alembic_vars(down: Json, labels: Json, deps: Json, message: &str, date: &str) -> Json {
    json!({
        "up_revision": "3f2a1b9c8d7e",
        "down_revision": down,
        "branch_labels": labels,
        "depends_on": deps,
        "create_date": {"datetime": date},
        "comma": {"comma": true},
        "message": message,
        "refresh": true,
        "config": {"config": {"main": {"databases": "engine1, engine2"}}},
    })
}

fn cases(venv: &Path) -> Vec<Case> {
    let mut cases = vec![
        case("text only", "plain\ntext\n", json!({})),
        case("expression", "a ${x} b ${ x }\n${y}", json!({"x": "X", "y": 3})),
        case("repr", "${repr(a)} ${repr(b)} ${repr(c)} ${repr(d)} ${repr(e)}", json!({
            "a": "it's", "b": {"tuple": ["one"]}, "c": ["x", "y\"z"], "d": null, "e": {"tuple": []}
        })),
        case("repr escapes", "${repr(s)}", json!({"s": "tab\tnl\nq'\"\\ \u{7f} é \u{200b}"})),
        case("comma filter", "${a | comma,n}|${b | comma,n}|${c | comma,n}|${d | comma}", json!({
            "a": null, "b": "x", "c": {"tuple": ["x", "y"]}, "d": ["p", "q"], "comma": {"comma": true}
        })),
        case("filters", "${s | h}|${s | x}|${s | u}|${t | trim}|${t | trim,h}|${n | str}", json!({
            "s": "<a & 'b' \"c\"> é", "t": "  pad me \n", "n": null
        })),
        case("n with non-str fails", "${v | n}", json!({"v": null})),
        case("undefined renders an error", "x ${missing} y", json!({})),
        case("undefined is falsy", "${imports if imports else \"\"}|${upgrades if upgrades else \"pass\"}", json!({})),
        case("conditional expressions", "${a if c else b} ${not c} ${c and a} ${c or b} ${x is None} ${x is not None}", json!({
            "a": "A", "b": "B", "c": false, "x": null
        })),
        case("comparisons", "${a == 'x'} ${a != 'x'} ${'x' in l} ${'q' not in l} ${1 < 2 <= 2} ${len(l)} ${str(l)}", json!({
            "a": "x", "l": ["x", "y"]
        })),
        case("string methods", "${\", \".join(l)}|${s.upper()}|${s.lower()}|${s.strip()}|${s.replace('B', 'b')}|${s.split()}|${'a,b'.split(',')}", json!({
            "l": ["p", "q"], "s": " aB c "
        })),
        case("percent format", "${\"%s_upgrades\" % name}|${\"%s-%s\" % (a, b)}|${'%05d' % n}", json!({
            "name": "engine1", "a": "x", "b": "y", "n": 42
        })),
        case("subscripts", "${l[0]} ${l[-1]} ${l[1:]} ${s[:2]}", json!({"l": ["a", "b", "c"], "s": "hello"})),
        case("datetime", "${d}|${d.year}|${d.strftime('%Y-%m-%d %H:%M')}|${e}", json!({
            "d": {"datetime": "2026-11-22T02:28:08.398348"}, "e": {"datetime": "2026-01-02T03:04:05+00:00"}
        })),
        case("if elif else", "% if a:\nA\n% elif b:\nB\n% else:\nC\n% endif\nend\n", json!({"a": false, "b": true})),
        case("if else taken", "% if a:\nA\n% elif b:\nB\n% else:  # comment\nC\n% endif\n", json!({"a": false, "b": false})),
        case("nested control", "% for x in xs:\n  % if loop.first:\nfirst ${x}\n  % elif loop.last:\nlast ${x}\n  % else:\nmid ${x} ${loop.index}\n  % endif\n% endfor\nafter ${x}\n", json!({"xs": ["a", "b", "c"]})),
        case("for else and unpacking", "% for k, v in pairs:\n${k}=${v}\n% else:\ndone\n% endfor\n", json!({"pairs": [{"tuple": ["a", "1"]}, ["b", "2"]]})),
        case("loop helpers", "% for x in 'abc':\n${loop.index}${loop.reverse_index}${loop.even}${loop.odd}${loop.cycle('p', 'q')}\n% endfor\n", json!({})),
        case("comments", "## dropped\na\n  ## indented dropped\nb ## kept\n<%doc>\nall\ngone\n</%doc>\nc\n", json!({})),
        case("text tag", "<%text>${not} % evaluated\n## kept</%text>\n", json!({})),
        case("percent escapes", "%% a\n  %%% b\nc %% d\n%%\n", json!({})),
        case("line continuation", "one \\\ntwo\\\n${x}\\\r\nthree\n", json!({"x": "X"})),
        case("control line continuation", "% if a and \\\n   b:\nyes\n% endif\n", json!({"a": true, "b": true})),
        case("crlf", "a\r\n% if x:\r\nb\r\n% endif\r\n${x}\r\n", json!({"x": "X"})),
        case("code blocks", "<% y = len(items) %>y=${y}\n<%\n    z = \", \".join(items)\n    w = z.upper()\n%>\nz=${z} w=${w}\n", json!({"items": ["p", "q"]})),
        case("module block", "<%!\nimport re\n%>${re.split(r',\\s*', s)}\n", json!({"s": "a, b,c"})),
        case("context get", "${context.get('a', 'dflt')}|${context.get('b', 'dflt')}|${context.get('c')}", json!({"a": "A"})),
        case("config", "${config.get_main_option('databases')}|${config.get_main_option('x', 'd')}|${config.get_section_option('s', 'k', 'z')}", json!({
            "config": {"config": {"main": {"databases": "e1"}, "sections": {"s": {"k": "v"}}}}
        })),
        case("expression with braces and strings", "${ {'a': 1}['a'] if False else \"}|\" } ${'|'} ${(x\n  + 'y')}", json!({"x": "X"})),
        case("no trailing newline", "% if x:\nyes\n% endif", json!({"x": true})),
        case("coding comment", "# -*- coding: utf-8 -*-\nbody ${x}\n", json!({"x": "é"})),
        case("unicode", "héllo ${x} 日本\n", json!({"x": "ü"})),
        case("str of values", "${t}|${l}|${n}|${b}|${i}", json!({"t": {"tuple": ["a"]}, "l": ["a"], "n": null, "b": true, "i": -3})),
        case("bad syntax", "${x +}", json!({"x": 1})),
        case("unterminated control", "% if x:\nA\n", json!({"x": true})),
        case("mismatched end", "% if x:\nA\n% endfor\n", json!({"x": true})),
        case("not callable", "${x()}", json!({"x": "s"})),
        case("join needs strings", "${', '.join(l)}", json!({"l": ["a", null]})),
        case("index error", "${l[5]}", json!({"l": []})),
    ];
    let mut unsupported = |name: &str, template: &str| {
        let mut c = case(name, template, json!({"x": [1, 2]}));
        c.expect = Expect::Unsupported;
        cases.push(c);
    };
    unsupported("def tag", "<%def name=\"f()\">x</%def>${f()}");
    unsupported("while", "% while False:\n% endwhile\n");
    unsupported("lambda", "${(lambda: 1)()}");
    unsupported("comprehension", "${[a for a in x]}");
    unsupported("builtin", "${sum(x)}");
    unsupported("import other", "<%! import os %>${os.sep}");
    unsupported("f-string", "${f'{x}'}");

    // Alembic's own templates, with revision and merge variable sets.
    let templates = common::run_python(
        venv,
        "import alembic, os\nprint(os.path.join(os.path.dirname(alembic.__file__), 'templates'))",
        "",
    );
    let root = Path::new(templates.trim());
    let variable_sets = [
        alembic_vars(
            Json::Null,
            Json::Null,
            Json::Null,
            "empty message",
            "2026-11-22T02:28:08.398348",
        ),
        alembic_vars(
            json!("1a2b3c4d5e6f"),
            json!({"tuple": ["feature"]}),
            json!("0f0e0d0c0b0a"),
            "add \"user\" table — ünïcode 'q'",
            "2026-01-02T03:04:05+00:00",
        ),
        alembic_vars(
            json!({"tuple": ["1a2b3c4d5e6f", "6f5e4d3c2b1a"]}),
            Json::Null,
            json!(["aaa", "bbb"]),
            "merge heads",
            "2026-03-04T05:06:07.000001-05:30",
        ),
    ];
    for kind in [
        "generic",
        "async",
        "multidb",
        "pyproject",
        "pyproject_async",
    ] {
        let path = root.join(kind).join("script.py.mako");
        let text = std::fs::read_to_string(&path).expect("alembic template");
        for (i, vars) in variable_sets.iter().enumerate() {
            cases.push(case(&format!("alembic {kind} #{i}"), &text, vars.clone()));
        }
        let mut with_bodies = variable_sets[1].clone();
        let map = with_bodies.as_object_mut().expect("object");
        map.insert("imports".into(), json!("import sqlmodel"));
        map.insert(
            "upgrades".into(),
            json!("# ### commands ###\n    op.drop_table('x')"),
        );
        map.insert("downgrades".into(), json!("pass"));
        map.insert("engine1_upgrades".into(), json!("op.f()"));
        cases.push(case(
            &format!("alembic {kind} with bodies"),
            &text,
            with_bodies,
        ));
    }
    cases
}

#[test]
fn renderer_matches_mako() {
    let Some(venv) = common::reference_venv("renderer_matches_mako") else {
        return;
    };
    let cases = cases(&venv);
    let input: Vec<Json> = cases
        .iter()
        .map(|c| json!({"template": c.template, "vars": c.vars}))
        .collect();
    let output = common::run_python(&venv, MAKO_SCRIPT, &Json::Array(input).to_string());
    let mako: Vec<Json> = serde_json::from_str(&output).expect("mako results");
    let mut failures = Vec::new();
    for (case, reference) in cases.iter().zip(&mako) {
        let ours = render_aludel(case);
        match (
            case.expect,
            reference.get("ok").and_then(Json::as_str),
            &ours,
        ) {
            (Expect::Same, Some(expected), Ok(text)) if text == expected => {}
            (Expect::Same, None, Err(e)) if !matches!(e, TemplateError::Unsupported { .. }) => {}
            (Expect::Unsupported, _, Err(TemplateError::Unsupported { .. })) => {}
            _ => failures.push(format!(
                "case {:?}:\n  mako:   {reference}\n  aludel: {}",
                case.name,
                match &ours {
                    Ok(text) => format!("{text:?}"),
                    Err(e) => format!("error: {e}"),
                }
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
