//! Differential tests of target resolution and migration planning: the
//! revision graph aludel builds, asked the same questions as real Alembic's
//! `RevisionMap` (through `tests/oracle/graph_oracle.py`), gives the same
//! revisions, the same upgrade / downgrade steps in the same order (or one
//! of the orders Alembic itself can produce), and the same error messages.

mod support;

use std::io::sink;

use aludel::config::{Config, Environment, GlobalOptions};
use aludel::output::Output;
use aludel::project::Project as AludelProject;
use aludel_core::{Pos, RevisionGraph};
use serde_json::Value;
use support::{queries, Answer, Project};

/// Loads a generated project through aludel's own configuration and
/// revision-file reader.
fn load_graph(project: &Project) -> RevisionGraph {
    let options = GlobalOptions {
        config: vec![project.dir.join("alembic.ini")],
        name: None,
        x: Vec::new(),
        url: None,
        ini_overrides: Vec::new(),
    };
    let env = Environment::new(&project.dir, Vec::<(String, String)>::new());
    let config = Config::load(&options, &env).expect("config loads");
    let mut out = Output::to_writers(true, false, Box::new(sink()), Box::new(sink()));
    match AludelProject::from_config(config, &mut out) {
        Ok(p) => p.graph,
        Err(e) => panic!("aludel cannot load {}: {e}", project.dir.display()),
    }
}

fn pos_text(graph: &RevisionGraph, pos: &Option<Pos>) -> Option<String> {
    match pos {
        None => None,
        Some(Pos::Base) => Some("base".into()),
        Some(Pos::Rev(idx)) => Some(graph.node(*idx).id().to_string()),
    }
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares one answer; returns a description of the difference, if any.
fn compare(graph: &RevisionGraph, answer: &Answer) -> Option<String> {
    let q = &answer.query;
    let op = q["op"].as_str().unwrap_or_default();
    let target = q["target"].as_str().unwrap_or_default();
    if answer.exception.is_some() || answer.unsupported.is_some() {
        // Alembic crashes (a traceback) or the oracle cannot answer: aludel
        // only has to answer without panicking, which calling it shows.
        let _ = match op {
            "resolve" => graph.resolve_for_command(target).map(|_| ()),
            "upgrade" => graph
                .upgrade_plan(target, &str_list(&q["current"]))
                .map(|_| ()),
            _ => graph
                .downgrade_plan(target, &str_list(&q["current"]))
                .map(|_| ()),
        };
        return None;
    }
    match op {
        "resolve" => {
            let got = graph.resolve_for_command(target);
            match (&answer.error, got) {
                (Some(want), Err(f)) if *want == f.message => None,
                (Some(want), Err(f)) => Some(format!(
                    "resolve {target}: alembic {want:?}, aludel {:?}",
                    f.message
                )),
                (Some(want), Ok(p)) => Some(format!(
                    "resolve {target}: alembic fails {want:?}, aludel gives {p:?}"
                )),
                (None, Err(f)) => Some(format!(
                    "resolve {target}: alembic succeeds, aludel fails {:?}",
                    f.message
                )),
                (None, Ok(positions)) => {
                    let mut mine: Vec<Option<String>> =
                        positions.iter().map(|p| pos_text(graph, p)).collect();
                    let mut theirs: Vec<Option<String>> = answer.ids.clone().unwrap_or_default();
                    mine.sort();
                    theirs.sort();
                    (mine != theirs)
                        .then(|| format!("resolve {target}: alembic {theirs:?}, aludel {mine:?}"))
                }
            }
        }
        "upgrade" | "downgrade" => {
            let current = str_list(&q["current"]);
            let got = if op == "upgrade" {
                graph.upgrade_plan(target, &current)
            } else {
                graph.downgrade_plan(target, &current)
            };
            let what = format!("{op} {target} from {current:?}");
            match (&answer.error, got) {
                (Some(want), Err(f)) if *want == f.message => None,
                (Some(want), Err(f)) => {
                    Some(format!("{what}: alembic {want:?}, aludel {:?}", f.message))
                }
                (Some(want), Ok(p)) => Some(format!(
                    "{what}: alembic fails {want:?}, aludel plans {:?}",
                    p.steps
                        .iter()
                        .map(|s| s.describe(graph))
                        .collect::<Vec<_>>()
                )),
                (None, Err(f)) => Some(format!(
                    "{what}: alembic plans, aludel fails {:?}",
                    f.message
                )),
                (None, Ok(plan)) => {
                    let mine: Vec<String> = plan.steps.iter().map(|s| s.describe(graph)).collect();
                    let steps = answer.steps.clone().unwrap_or_default();
                    let variants = answer
                        .variants
                        .clone()
                        .unwrap_or_else(|| vec![steps.clone()]);
                    (!variants.contains(&mine) && mine != steps)
                        .then(|| format!("{what}:\n  alembic {steps:?}\n  aludel  {mine:?}"))
                }
            }
        }
        _ => None,
    }
}

fn check_shape(shape: &str, n: usize, seed: u64) {
    let Some(reference) = support::reference() else {
        return;
    };
    let project = support::generate(shape, n, seed);
    let graph_answer = support::oracle_graph(&reference, &project.dir);
    let targets = queries::targets(&graph_answer, seed);
    let mut all = queries::resolve_queries(&targets);
    all.extend(queries::plan_queries(&graph_answer, seed));
    let reply = support::oracle(&reference, &project.dir, &all);
    let graph = load_graph(&project);

    assert_eq!(
        graph.ids(graph.heads()),
        graph_answer.heads,
        "{shape}: heads in load order"
    );
    assert_eq!(
        graph.ids(graph.real_heads()),
        graph_answer.real_heads,
        "{shape}: real heads"
    );
    assert_eq!(
        graph.ids(graph.bases()),
        graph_answer.bases,
        "{shape}: bases"
    );
    let mut differences = Vec::new();
    for want in &graph_answer.revisions {
        let Some(idx) = graph.by_id(&want.id) else {
            differences.push(format!("{} missing", want.id));
            continue;
        };
        let node = graph.node(idx);
        let mut labels = node.branch_labels().to_vec();
        labels.sort();
        let mut children = graph.ids(graph.children(idx));
        children.sort();
        let got = (
            labels,
            children,
            node.is_head(),
            node.is_real_head(),
            node.is_branch_point(),
            node.is_merge_point(),
            node.rev.doc().to_string(),
            node.rev.path.clone(),
        );
        let expected = (
            want.branch_labels.clone(),
            want.nextrev.clone(),
            want.is_head,
            want.is_real_head,
            want.is_branch_point,
            want.is_merge_point,
            want.doc.clone(),
            want.path.clone(),
        );
        if got != expected {
            differences.push(format!(
                "{}: alembic {expected:?}\n  aludel {got:?}",
                want.id
            ));
        }
    }
    for answer in &reply.answers {
        if let Some(diff) = compare(&graph, answer) {
            differences.push(diff);
        }
    }
    if !differences.is_empty() {
        project.keep();
        panic!(
            "{} of {} answers differ on the {shape} project (seed {seed}; kept in {}):\n{}",
            differences.len(),
            reply.answers.len(),
            project.dir.display(),
            differences.join("\n")
        );
    }
    eprintln!("{shape}/{seed}: {} answers agree", reply.answers.len());
}

#[test]
fn linear_plans() {
    check_shape("linear", 25, 1);
}

#[test]
fn branched_plans() {
    check_shape("branched", 40, 5);
}

#[test]
fn labelled_plans() {
    check_shape("labels", 0, 3);
}

#[test]
fn dependency_plans() {
    check_shape("depends", 0, 4);
}

#[test]
fn mixed_plans() {
    check_shape("mixed", 60, 7);
}

#[test]
fn mixed_plans_other_seed() {
    check_shape("mixed", 45, 11);
}

#[test]
fn large_branched_plans() {
    check_shape("branched", 1200, 9);
}
