//! The class graph of the application's modules: every class, its bases
//! resolved across modules, and its method resolution order (C3, as
//! Python computes it), which decides field order and inheritance.

use std::collections::HashMap;

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use super::error::ModelError;
use super::modules::{ModuleSet, ParsedModule};
use super::resolve::{ClassKey, Symbols, Target};

/// A base class as written in a `class X(...)` statement, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Base {
    /// A class of the application.
    Class(ClassKey),
    /// A class outside the application, by dotted path (`sqlmodel.SQLModel`).
    External(String),
    /// A declarative base made by a call (`Base = declarative_base()`),
    /// named by where it is assigned (`app.db.Base`).
    Declarative(String),
    /// A base the reader cannot follow, as written.
    Unknown(String),
}

/// One class of the application.
#[derive(Debug)]
pub struct ClassInfo<'m> {
    /// Module and name.
    pub key: ClassKey,
    /// The module it is defined in.
    pub module: &'m ParsedModule,
    /// Its definition.
    pub def: &'m StmtClassDef,
    /// Its bases, resolved, in order.
    pub bases: Vec<Base>,
}

/// Every class of the loaded modules.
#[derive(Debug)]
pub struct ClassGraph<'m> {
    classes: HashMap<ClassKey, ClassInfo<'m>>,
    /// Classes in definition order (modules in import order).
    order: Vec<ClassKey>,
}

/// The paths of the functions that make a declarative base class.
const DECLARATIVE_FACTORIES: &[&str] = &[
    "sqlalchemy.orm.declarative_base",
    "sqlalchemy.ext.declarative.declarative_base",
    "sqlalchemy.orm.decl_api.declarative_base",
];

impl<'m> ClassGraph<'m> {
    /// Reads every class of `modules`.
    pub fn build(modules: &'m ModuleSet, symbols: &Symbols) -> ClassGraph<'m> {
        let mut graph = ClassGraph {
            classes: HashMap::new(),
            order: Vec::new(),
        };
        for m in modules.iter() {
            let mut defs = Vec::new();
            class_defs(&m.module.body, &mut defs);
            for def in defs {
                let key = ClassKey {
                    module: m.name.clone(),
                    name: def.name.to_string(),
                };
                let mut bases = Vec::new();
                for base in def.bases() {
                    bases.push(resolve_base(modules, symbols, m, base));
                }
                graph.order.push(key.clone());
                graph.classes.insert(
                    key.clone(),
                    ClassInfo {
                        key,
                        module: m,
                        def,
                        bases,
                    },
                );
            }
        }
        graph
    }

    /// The class `key`.
    pub fn get(&self, key: &ClassKey) -> Option<&ClassInfo<'m>> {
        self.classes.get(key)
    }

    /// Every class in definition order.
    pub fn in_order(&self) -> impl Iterator<Item = &ClassInfo<'m>> {
        self.order.iter().filter_map(|k| self.classes.get(k))
    }

    /// The method resolution order of `key`: the class itself first, then
    /// its bases by C3 linearisation (outside classes as single entries).
    pub fn mro(&self, key: &ClassKey) -> Result<Vec<Base>, ModelError> {
        let mut memo = HashMap::new();
        self.linearize(&Base::Class(key.clone()), &mut memo, 0)
    }

    fn linearize(
        &self,
        node: &Base,
        memo: &mut HashMap<Base, Vec<Base>>,
        depth: usize,
    ) -> Result<Vec<Base>, ModelError> {
        if let Some(done) = memo.get(node) {
            return Ok(done.clone());
        }
        let Base::Class(key) = node else {
            return Ok(vec![node.clone()]);
        };
        let info = &self.classes[key];
        if depth > 100 {
            return Err(ModelError::located(
                info.module.loc(info.def.name.range),
                format!("class `{}` inherits from itself", key.name),
                "Python refuses this class too",
            ));
        }
        let mut sequences: Vec<Vec<Base>> = Vec::new();
        for b in &info.bases {
            sequences.push(self.linearize(b, memo, depth + 1)?);
        }
        sequences.push(info.bases.clone());
        let mut out = vec![node.clone()];
        loop {
            sequences.retain(|s| !s.is_empty());
            if sequences.is_empty() {
                break;
            }
            // The first head that is in no other sequence's tail.
            let head = sequences
                .iter()
                .map(|s| &s[0])
                .find(|h| sequences.iter().all(|s| !s[1..].contains(h)));
            let Some(head) = head.cloned() else {
                return Err(ModelError::located(
                    info.module.loc(info.def.name.range),
                    format!(
                        "Cannot create a consistent method resolution order (MRO) for the bases of `{}`",
                        key.name
                    ),
                    "Python raises TypeError for this class too; reorder its bases",
                ));
            };
            for s in &mut sequences {
                if s[0] == head {
                    s.remove(0);
                }
            }
            out.push(head);
        }
        memo.insert(node.clone(), out.clone());
        Ok(out)
    }

    /// True when `key` derives from one of the outside classes `roots`.
    pub fn derives_from(&self, key: &ClassKey, roots: &[&str]) -> bool {
        self.mro(key).is_ok_and(|mro| {
            mro.iter()
                .any(|b| matches!(b, Base::External(p) if roots.contains(&p.as_str())))
        })
    }
}

/// Every class definition at module level, also inside `if` / `try` blocks.
fn class_defs<'a>(body: &'a [Stmt], out: &mut Vec<&'a StmtClassDef>) {
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => out.push(c),
            Stmt::If(s) if !super::modules::is_type_checking(&s.test) => {
                class_defs(&s.body, out);
                for clause in &s.elif_else_clauses {
                    class_defs(&clause.body, out);
                }
            }
            Stmt::Try(t) => class_defs(&t.body, out),
            _ => {}
        }
    }
}

/// The dotted path of a `Name` / `Attribute` chain, if it is one.
pub(crate) fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => dotted(&a.value).map(|base| format!("{base}.{}", a.attr)),
        _ => None,
    }
}

/// What a dotted expression written in `module` refers to.
pub(crate) fn resolve_expr(
    modules: &ModuleSet,
    symbols: &Symbols,
    module: &ParsedModule,
    expr: &Expr,
) -> Target {
    let Some(path) = dotted(expr) else {
        return Target::Unknown;
    };
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    match symbols.resolve_name(modules, &module.name, first) {
        Target::Class(k, mut rest) => {
            rest.extend(parts.map(str::to_string));
            Target::Class(k, rest)
        }
        Target::Module(m) => {
            let rest: Vec<&str> = parts.collect();
            if rest.is_empty() {
                Target::Module(m)
            } else {
                symbols.resolve_path(modules, &format!("{m}.{}", rest.join(".")))
            }
        }
        Target::External(p) => {
            let rest: Vec<&str> = parts.collect();
            if rest.is_empty() {
                Target::External(p)
            } else {
                Target::External(format!("{p}.{}", rest.join(".")))
            }
        }
        Target::Assigned {
            module: m,
            name,
            mut rest,
        } => {
            rest.extend(parts.map(str::to_string));
            Target::Assigned {
                module: m,
                name,
                rest,
            }
        }
        Target::Unknown => Target::Unknown,
    }
}

fn resolve_base(
    modules: &ModuleSet,
    symbols: &Symbols,
    module: &ParsedModule,
    base: &Expr,
) -> Base {
    // `Generic[T]`, `Base[Model]`: the subscripted class is the base.
    let expr = match base {
        Expr::Subscript(s) => &*s.value,
        other => other,
    };
    let mut target = resolve_expr(modules, symbols, module, expr);
    for _ in 0..20 {
        match target {
            Target::Class(k, rest) if rest.is_empty() => return Base::Class(k),
            Target::External(p) => return Base::External(p),
            Target::Assigned {
                module: m,
                name,
                rest,
            } if rest.is_empty() => {
                let Some(value) = symbols.assigned(&m, &name) else {
                    break;
                };
                let Some(owner) = modules.get(&m) else { break };
                if let Expr::Call(call) = value {
                    let callee = resolve_expr(modules, symbols, owner, &call.func);
                    let factory = match &callee {
                        Target::External(p) => DECLARATIVE_FACTORIES.contains(&p.as_str()),
                        _ => false,
                    };
                    let generate = matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "generate_base");
                    if factory || generate {
                        return Base::Declarative(format!("{m}.{name}"));
                    }
                    break;
                }
                target = resolve_expr(modules, symbols, owner, value);
            }
            _ => break,
        }
    }
    Base::Unknown(module.source[base.range()].trim().to_string())
}
