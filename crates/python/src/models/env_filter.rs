//! env.py's `include_object` / `include_name` hooks, read statically.
//!
//! Alembic calls them for every object autogenerate compares; real
//! projects use them to leave tables out (`if type_ == "table" and name in
//! EXCLUDED: return False`, `if type_ == "table" and reflected and
//! compare_to is None: return False`). aludel evaluates such functions
//! without Python: `if` / `elif` / `else`, `return`, `and` / `or` / `not`,
//! `==`, `!=`, `in`, `not in`, `is None`, `is not None`, `str.startswith`
//! / `endswith`, string / bool / None literals and module-level lists,
//! tuples, sets of strings. Whatever else a hook does makes the answer
//! unknown ([`EnvFilter::include`] gives `None`), and the caller says so.

use std::collections::HashMap;

use ruff_python_ast::{BoolOp, CmpOp, Expr, Stmt, StmtFunctionDef, UnaryOp};

/// The hooks env.py passes to `context.configure`, parsed.
#[derive(Debug)]
pub struct EnvFilter {
    parsed: ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
    include_object: Option<String>,
    include_name: Option<String>,
}

/// One object autogenerate asks about.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// The object's name.
    pub name: &'a str,
    /// Alembic's `type_`: `"table"`, `"column"`, `"index"`...
    pub type_: &'a str,
    /// True for an object read from the database.
    pub reflected: bool,
    /// Whether the other side has the object (`compare_to is not None`).
    pub has_counterpart: bool,
}

/// A value the evaluator knows.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Str(String),
    Bool(bool),
    None,
    Strings(Vec<String>),
    /// The object or its counterpart: known only to be (not) None.
    Object,
}

impl EnvFilter {
    /// The hooks of env.py `source`: `None` when it passes neither
    /// `include_object=` nor `include_name=` (or cannot be parsed).
    pub fn read(source: &str) -> Option<EnvFilter> {
        let parsed = ruff_python_parser::parse_module(source).ok()?;
        let squeezed: String = source.chars().filter(|c| !c.is_whitespace()).collect();
        let hook = |key: &str| -> Option<String> {
            let at = squeezed.find(&format!("{key}="))? + key.len() + 1;
            let name: String = squeezed[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty() && name != "None").then_some(name)
        };
        let include_object = hook("include_object");
        let include_name = hook("include_name");
        if include_object.is_none() && include_name.is_none() {
            return None;
        }
        Some(EnvFilter {
            parsed,
            include_object,
            include_name,
        })
    }

    /// The names of the hooks env.py passes, for messages.
    pub fn hooks(&self) -> Vec<&str> {
        self.include_object
            .iter()
            .chain(&self.include_name)
            .map(String::as_str)
            .collect()
    }

    /// Whether the hooks keep `c`: `Some(false)` when one returns False,
    /// `None` when one cannot be evaluated statically.
    pub fn include(&self, c: Candidate<'_>) -> Option<bool> {
        let body = &self.parsed.syntax().body;
        let constants = constants(body);
        if c.reflected {
            if let Some(name) = &self.include_name {
                let f = function(body, name)?;
                let args = [
                    V::Str(c.name.to_string()),
                    V::Str(c.type_.to_string()),
                    V::Object,
                ];
                if !call(f, &args, &constants)? {
                    return Some(false);
                }
            }
        }
        if let Some(name) = &self.include_object {
            let f = function(body, name)?;
            let args = [
                V::Object,
                V::Str(c.name.to_string()),
                V::Str(c.type_.to_string()),
                V::Bool(c.reflected),
                if c.has_counterpart {
                    V::Object
                } else {
                    V::None
                },
            ];
            return call(f, &args, &constants);
        }
        Some(true)
    }
}

/// Module-level `NAME = [...]` / `(...)` / `{...}` of strings, and string constants.
fn constants(body: &[Stmt]) -> HashMap<String, V> {
    let mut out = HashMap::new();
    for stmt in body {
        let (target, value) = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], &*a.value),
            Stmt::AnnAssign(a) => match &a.value {
                Some(v) => (&*a.target, &**v),
                None => continue,
            },
            _ => continue,
        };
        if let (Expr::Name(n), Some(v)) = (target, literal(value)) {
            out.insert(n.id.to_string(), v);
        }
    }
    out
}

fn literal(e: &Expr) -> Option<V> {
    let items = match e {
        Expr::StringLiteral(s) => return Some(V::Str(s.value.to_str().to_string())),
        Expr::List(l) => &l.elts,
        Expr::Tuple(t) => &t.elts,
        Expr::Set(s) => &s.elts,
        Expr::Call(c) if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() => {
            // set([...]) / frozenset({...})
            match &*c.func {
                Expr::Name(n)
                    if matches!(n.id.as_str(), "set" | "frozenset" | "list" | "tuple") =>
                {
                    return literal(&c.arguments.args[0]);
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    items
        .iter()
        .map(|i| match i {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .map(V::Strings)
}

fn function<'a>(body: &'a [Stmt], name: &str) -> Option<&'a StmtFunctionDef> {
    body.iter().rev().find_map(|s| match s {
        Stmt::FunctionDef(f) if f.name.as_str() == name => Some(f),
        _ => None,
    })
}

/// Runs `f` with positional `args`; `None` when it does what the
/// evaluator cannot follow.
fn call(f: &StmtFunctionDef, args: &[V], constants: &HashMap<String, V>) -> Option<bool> {
    let params = &f.parameters;
    if !params.posonlyargs.is_empty() || params.args.len() != args.len() {
        return None;
    }
    let mut scope = constants.clone();
    for (p, v) in params.args.iter().zip(args) {
        scope.insert(p.parameter.name.to_string(), v.clone());
    }
    match block(&f.body, &scope)? {
        Some(v) => truthy(&v),
        // Falling off the end returns None: excluded.
        None => Some(false),
    }
}

/// `Some(Some(v))`: returned `v`; `Some(None)`: fell through.
fn block(stmts: &[Stmt], scope: &HashMap<String, V>) -> Option<Option<V>> {
    for stmt in stmts {
        match stmt {
            Stmt::Return(r) => {
                return Some(Some(match &r.value {
                    Some(v) => eval(v, scope)?,
                    None => V::None,
                }))
            }
            Stmt::If(i) => {
                if truthy(&eval(&i.test, scope)?)? {
                    if let Some(v) = block(&i.body, scope)? {
                        return Some(Some(v));
                    }
                    continue;
                }
                for clause in &i.elif_else_clauses {
                    let taken = match &clause.test {
                        Some(t) => truthy(&eval(t, scope)?)?,
                        None => true,
                    };
                    if taken {
                        if let Some(v) = block(&clause.body, scope)? {
                            return Some(Some(v));
                        }
                        break;
                    }
                }
            }
            Stmt::Pass(_) | Stmt::Expr(_) if is_docstring_or_pass(stmt) => {}
            _ => return None,
        }
    }
    Some(None)
}

fn is_docstring_or_pass(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(&*e.value, Expr::StringLiteral(_)),
        _ => false,
    }
}

fn truthy(v: &V) -> Option<bool> {
    Some(match v {
        V::Str(s) => !s.is_empty(),
        V::Bool(b) => *b,
        V::None => false,
        V::Strings(items) => !items.is_empty(),
        V::Object => true,
    })
}

fn eval(e: &Expr, scope: &HashMap<String, V>) -> Option<V> {
    Some(match e {
        Expr::Name(n) => scope.get(n.id.as_str())?.clone(),
        Expr::BooleanLiteral(b) => V::Bool(b.value),
        Expr::NoneLiteral(_) => V::None,
        Expr::StringLiteral(_) | Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) => literal(e)?,
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => V::Bool(!truthy(&eval(&u.operand, scope)?)?),
        Expr::BoolOp(b) => {
            let mut last = V::Bool(b.op == BoolOp::And);
            for value in &b.values {
                last = eval(value, scope)?;
                let t = truthy(&last)?;
                if (b.op == BoolOp::And && !t) || (b.op == BoolOp::Or && t) {
                    break;
                }
            }
            last
        }
        Expr::Compare(c) => {
            let mut left = eval(&c.left, scope)?;
            for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                let right = eval(right, scope)?;
                if !compare(*op, &left, &right)? {
                    return Some(V::Bool(false));
                }
                left = right;
            }
            V::Bool(true)
        }
        Expr::Call(c) if c.arguments.keywords.is_empty() && c.arguments.args.len() == 1 => {
            let Expr::Attribute(a) = &*c.func else {
                return None;
            };
            let V::Str(s) = eval(&a.value, scope)? else {
                return None;
            };
            let arg = eval(&c.arguments.args[0], scope)?;
            let prefixes = match arg {
                V::Str(p) => vec![p],
                V::Strings(ps) => ps,
                _ => return None,
            };
            match a.attr.as_str() {
                "startswith" => V::Bool(prefixes.iter().any(|p| s.starts_with(p.as_str()))),
                "endswith" => V::Bool(prefixes.iter().any(|p| s.ends_with(p.as_str()))),
                _ => return None,
            }
        }
        _ => return None,
    })
}

fn compare(op: CmpOp, left: &V, right: &V) -> Option<bool> {
    Some(match op {
        CmpOp::Is | CmpOp::IsNot => {
            let same = match (left, right) {
                (V::None, V::None) => true,
                (V::Object, V::None) | (V::None, V::Object) => false,
                (V::Bool(a), V::Bool(b)) => a == b,
                _ => return None,
            };
            same == (op == CmpOp::Is)
        }
        CmpOp::Eq | CmpOp::NotEq => {
            let same = match (left, right) {
                (V::Object, _) | (_, V::Object) => return None,
                (a, b) => a == b,
            };
            same == (op == CmpOp::Eq)
        }
        CmpOp::In | CmpOp::NotIn => {
            let found = match (left, right) {
                (V::Str(s), V::Strings(items)) => items.contains(s),
                (V::Str(s), V::Str(t)) => t.contains(s.as_str()),
                _ => return None,
            };
            found == (op == CmpOp::In)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, reflected: bool, has_counterpart: bool) -> Candidate<'_> {
        Candidate {
            name,
            type_: "table",
            reflected,
            has_counterpart,
        }
    }

    #[test]
    fn common_hooks_are_evaluated() {
        let f = EnvFilter::read(
            "EXCLUDED = {'spatial_ref_sys', 'celery_taskmeta'}\n\
             def include_object(object, name, type_, reflected, compare_to):\n\
             \x20   \"\"\"Leave some tables alone.\"\"\"\n\
             \x20   if type_ == 'table' and (name in EXCLUDED or name.startswith('tmp_')):\n\
             \x20       return False\n\
             \x20   elif type_ == 'table' and reflected and compare_to is None:\n\
             \x20       return False\n\
             \x20   return True\n\
             context.configure(connection=c, target_metadata=m, include_object=include_object)\n",
        )
        .expect("hooks");
        assert_eq!(
            f.include(table("spatial_ref_sys", true, false)),
            Some(false)
        );
        assert_eq!(f.include(table("tmp_x", false, false)), Some(false));
        assert_eq!(f.include(table("legacy", true, false)), Some(false));
        assert_eq!(f.include(table("hero", true, true)), Some(true));
        assert_eq!(f.include(table("hero", false, false)), Some(true));
        let col = Candidate {
            name: "x",
            type_: "column",
            reflected: true,
            has_counterpart: false,
        };
        assert_eq!(f.include(col), Some(true));
    }

    #[test]
    fn include_name_and_what_cannot_be_told() {
        let f = EnvFilter::read(
            "def include_name(name, type_, parent_names):\n\
             \x20   if type_ == 'table':\n\
             \x20       return name not in ['alembic_extra']\n\
             \x20   return True\n\
             def include_object(obj, name, type_, reflected, compare_to):\n\
             \x20   return obj.info.get('skip') is not True\n\
             context.configure(include_name=include_name, include_object=include_object)\n",
        )
        .expect("hooks");
        assert_eq!(f.include(table("alembic_extra", true, false)), Some(false));
        assert_eq!(f.include(table("hero", true, true)), None);
        assert_eq!(f.hooks(), ["include_object", "include_name"]);
        assert!(EnvFilter::read("context.configure(include_object=None)\n").is_none());
    }
}
