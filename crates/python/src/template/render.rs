//! Walking the node tree and writing the output, with Mako's filter rules:
//! `str()` is applied first unless the filter list has `n`, then each
//! filter in order; what is written must be a `str`.

use ruff_text_size::{Ranged, TextRange, TextSize};

use super::compile::{ExprNode, Filter, Node};
use super::eval::{Evaluator, LoopState};
use super::filters::{html_escape, url_escape};
use super::value::{ObjectKind, Value};
use super::{Template, TemplateContext, TemplateError};
use crate::pystr;

type Result<T> = std::result::Result<T, TemplateError>;

/// Render `template` with `context`.
pub(crate) fn render(template: &Template, context: &TemplateContext<'_>) -> Result<String> {
    let mut evaluator = Evaluator::new(template, context);
    for block in &template.module_blocks {
        evaluator.exec(&block.statements, block.delta, true)?;
    }
    let mut out = String::with_capacity(template.source.len() * 2);
    render_nodes(&mut evaluator, &template.body, &mut out)?;
    Ok(out)
}

fn render_nodes(evaluator: &mut Evaluator<'_>, nodes: &[Node], out: &mut String) -> Result<()> {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Expr(expr) => out.push_str(&expression(evaluator, expr)?),
            Node::If(branches) => {
                for branch in branches {
                    let taken = match &branch.condition {
                        Some(condition) => {
                            evaluator.eval(&condition.node, condition.delta)?.truthy()
                        }
                        None => true,
                    };
                    if taken {
                        render_nodes(evaluator, &branch.body, out)?;
                        break;
                    }
                }
            }
            Node::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let iterable = evaluator.eval(&iter.node, iter.delta)?;
                let Some(items) = iterable.iter_items() else {
                    return Err(evaluator.fail(
                        iter.node.range(),
                        iter.delta,
                        format!("'{}' object is not iterable", iterable.type_name()),
                    ));
                };
                let length = items.len();
                for (index, item) in items.into_iter().enumerate() {
                    evaluator.assign(&target.node, item, target.delta)?;
                    evaluator.loops.push(LoopState { index, length });
                    let result = render_nodes(evaluator, body, out);
                    evaluator.loops.pop();
                    result?;
                }
                render_nodes(evaluator, orelse, out)?;
            }
            Node::Code(block) => evaluator.exec(&block.statements, block.delta, false)?,
        }
    }
    Ok(())
}

/// The text of one `${...}`.
fn expression(evaluator: &Evaluator<'_>, node: &ExprNode) -> Result<String> {
    let expr = &node.code.node;
    let delta = node.code.delta;
    let mut value = evaluator.eval(expr, delta)?;
    let undefined_message = || {
        match expr {
        ruff_python_ast::Expr::Name(name) => format!(
            "`{0}` is not defined: the template uses a variable that was not passed to it (for an optional variable write `${{{0} if {0} else \"\"}}`)",
            name.id.as_str()
        ),
        _ => "the expression's value is undefined (Mako's UNDEFINED)".to_string(),
    }
    };
    if !node.filters.iter().any(|f| f.name == "n") {
        value = match value.to_py_str() {
            Some(text) => Value::Str(text),
            None => return Err(evaluator.fail(expr.range(), delta, undefined_message())),
        };
    }
    for filter in node.filters.iter().filter(|f| f.name != "n") {
        value = apply_filter(evaluator, filter, value)?;
    }
    match value {
        Value::Str(text) => Ok(text),
        Value::Undefined => Err(evaluator.fail(expr.range(), delta, undefined_message())),
        other => Err(evaluator.fail(
            expr.range(),
            delta,
            format!(
                "the expression's value is a {}, not a str (the `n` filter turns off str())",
                other.type_name()
            ),
        )),
    }
}

fn apply_filter(evaluator: &Evaluator<'_>, filter: &Filter, value: Value) -> Result<Value> {
    // Filter ranges are template offsets.
    let range = TextRange::new(text_size(filter.range.start), text_size(filter.range.end));
    let need_str = |value: &Value| -> Result<String> {
        match value {
            Value::Str(s) => Ok(s.clone()),
            other => Err(evaluator.fail(
                range,
                0,
                format!(
                    "the `{}` filter needs a str, got {}",
                    filter.name,
                    other.type_name()
                ),
            )),
        }
    };
    let to_str = |value: &Value| -> Result<String> {
        value
            .to_py_str()
            .ok_or_else(|| evaluator.fail(range, 0, "str() of an undefined template variable"))
    };
    Ok(match filter.name.as_str() {
        "str" | "unicode" => Value::Str(to_str(&value)?),
        "h" => Value::Str(html_escape(&to_str(&value)?)),
        "x" => Value::Str(html_escape(&need_str(&value)?)),
        "u" => Value::Str(url_escape(&need_str(&value)?)),
        "trim" => Value::Str(pystr::strip(&need_str(&value)?).to_string()),
        "entity" => return Err(evaluator.unsupported(range, 0, "the `entity` filter")),
        name if name.contains('.') => {
            return Err(evaluator.unsupported(range, 0, format!("the filter `{name}`")))
        }
        name => {
            let function = evaluator.eval(
                &ruff_python_ast::Expr::Name(ruff_python_ast::ExprName {
                    node_index: Default::default(),
                    range,
                    id: name.into(),
                    ctx: ruff_python_ast::ExprContext::Load,
                }),
                0,
            )?;
            match &function {
                Value::Object(o)
                    if matches!(o.0, ObjectKind::Function(_) | ObjectKind::Method(..)) =>
                {
                    evaluator.call(function, vec![value], Vec::new(), range, 0)?
                }
                Value::Undefined => {
                    return Err(evaluator.fail(
                        range,
                        0,
                        format!("the filter `{name}` is not defined"),
                    ))
                }
                other => {
                    return Err(evaluator.fail(
                        range,
                        0,
                        format!(
                            "the filter `{name}` is a {}, not a function",
                            other.type_name()
                        ),
                    ))
                }
            }
        }
    })
}

fn text_size(n: usize) -> TextSize {
    TextSize::new(u32::try_from(n).unwrap_or(u32::MAX))
}
