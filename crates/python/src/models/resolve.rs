//! What a name in a model module refers to: a class of the application, an
//! application module, a module-level assignment, or something outside the
//! application (`sqlmodel.SQLModel`, `datetime.datetime`, `builtins.str`),
//! following imports across modules as Python binds them.

use std::collections::HashMap;

use ruff_python_ast::{Expr, Stmt};

use super::modules::{ModuleSet, ParsedModule};

/// A class of the application: its module and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassKey {
    /// Dotted module name.
    pub module: String,
    /// Class name.
    pub name: String,
}

impl ClassKey {
    /// `module.Name`.
    pub fn dotted(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }
}

/// What a dotted name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A class defined in an application module, with the attribute path
    /// after it (`Color.RED` → `["RED"]`).
    Class(ClassKey, Vec<String>),
    /// An application module.
    Module(String),
    /// A module-level assignment `NAME = <expr>` in an application module.
    Assigned {
        /// The module.
        module: String,
        /// The assigned name.
        name: String,
        /// The attribute path after the name.
        rest: Vec<String>,
    },
    /// A name outside the application, by its full dotted path.
    External(String),
    /// A name nothing binds (or bound by something the reader does not follow).
    Unknown,
}

/// How one module-level name is bound.
#[derive(Debug, Clone)]
enum Binding {
    /// `class Name`.
    Class,
    /// An import: the dotted path it binds.
    Import(String),
    /// `Name = <expr>` / `Name: T = <expr>`.
    Assign,
    /// `def Name` or anything else.
    Other,
}

/// The module-level names of every loaded module.
#[derive(Debug, Default)]
pub struct Symbols {
    by_module: HashMap<String, HashMap<String, Binding>>,
    /// `NAME = <expr>` assignments: (module, name) → the expression.
    assigned: HashMap<(String, String), Expr>,
}

impl Symbols {
    /// Reads the names every module binds.
    pub fn build(modules: &ModuleSet) -> Symbols {
        let mut symbols = Symbols::default();
        for m in modules.iter() {
            let mut names = HashMap::new();
            symbols.bind_block(m, &m.module.body, &mut names);
            symbols.by_module.insert(m.name.clone(), names);
        }
        symbols
    }

    fn bind_block(
        &mut self,
        m: &ParsedModule,
        body: &[Stmt],
        names: &mut HashMap<String, Binding>,
    ) {
        for stmt in body {
            match stmt {
                Stmt::ClassDef(c) => {
                    names.insert(c.name.to_string(), Binding::Class);
                }
                Stmt::FunctionDef(f) => {
                    names.insert(f.name.to_string(), Binding::Other);
                }
                Stmt::Import(i) => {
                    for alias in &i.names {
                        let full = alias.name.as_str();
                        match &alias.asname {
                            Some(a) => {
                                names.insert(a.to_string(), Binding::Import(full.to_string()));
                            }
                            None => {
                                let first = full.split('.').next().unwrap_or(full);
                                names.insert(first.to_string(), Binding::Import(first.to_string()));
                            }
                        }
                    }
                }
                Stmt::ImportFrom(i) => {
                    let Some(base) = m.absolute(i.level, i.module.as_deref()) else {
                        continue;
                    };
                    for alias in &i.names {
                        if alias.name.as_str() == "*" {
                            // Star imports are expanded lazily: see `star_sources`.
                            names
                                .entry(format!("*{base}"))
                                .or_insert(Binding::Import(base.clone()));
                            continue;
                        }
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                        names.insert(
                            bound.to_string(),
                            Binding::Import(format!("{base}.{}", alias.name)),
                        );
                    }
                }
                Stmt::Assign(a) => {
                    if let [Expr::Name(n)] = a.targets.as_slice() {
                        names.insert(n.id.to_string(), Binding::Assign);
                        self.assigned
                            .insert((m.name.clone(), n.id.to_string()), (*a.value).clone());
                    } else {
                        for t in &a.targets {
                            if let Expr::Name(n) = t {
                                names.insert(n.id.to_string(), Binding::Other);
                            }
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let (Expr::Name(n), Some(v)) = (&*a.target, &a.value) {
                        names.insert(n.id.to_string(), Binding::Assign);
                        self.assigned
                            .insert((m.name.clone(), n.id.to_string()), (**v).clone());
                    }
                }
                Stmt::If(s) => {
                    self.bind_block(m, &s.body, names);
                    for clause in &s.elif_else_clauses {
                        self.bind_block(m, &clause.body, names);
                    }
                }
                Stmt::Try(t) => {
                    self.bind_block(m, &t.body, names);
                }
                _ => {}
            }
        }
    }

    /// The expression of the module-level assignment `module.name`.
    pub fn assigned(&self, module: &str, name: &str) -> Option<&Expr> {
        self.assigned.get(&(module.to_string(), name.to_string()))
    }

    /// What `name`, used in `module`, refers to.
    pub fn resolve_name(&self, modules: &ModuleSet, module: &str, name: &str) -> Target {
        self.resolve_in(modules, module, name, Vec::new(), 0)
    }

    /// What the dotted path `path` (`app.models.Hero`, `sqlmodel.Field`)
    /// refers to.
    pub fn resolve_path(&self, modules: &ModuleSet, path: &str) -> Target {
        self.resolve_dotted(modules, path, 0)
    }

    fn resolve_dotted(&self, modules: &ModuleSet, path: &str, depth: usize) -> Target {
        if depth > 40 {
            return Target::Unknown;
        }
        let parts: Vec<&str> = path.split('.').collect();
        // The longest prefix that is an application module holds the rest.
        for i in (1..=parts.len()).rev() {
            let prefix = parts[..i].join(".");
            if !modules.is_module(&prefix) {
                continue;
            }
            if i == parts.len() {
                return Target::Module(prefix);
            }
            let rest: Vec<String> = parts[i + 1..].iter().map(|s| s.to_string()).collect();
            return self.resolve_in(modules, &prefix, parts[i], rest, depth + 1);
        }
        Target::External(path.to_string())
    }

    fn resolve_in(
        &self,
        modules: &ModuleSet,
        module: &str,
        name: &str,
        rest: Vec<String>,
        depth: usize,
    ) -> Target {
        if depth > 40 {
            return Target::Unknown;
        }
        let Some(names) = self.by_module.get(module) else {
            return Target::Unknown;
        };
        match names.get(name) {
            Some(Binding::Class) => Target::Class(
                ClassKey {
                    module: module.to_string(),
                    name: name.to_string(),
                },
                rest,
            ),
            Some(Binding::Import(path)) => {
                let mut full = path.clone();
                for r in &rest {
                    full.push('.');
                    full.push_str(r);
                }
                self.resolve_dotted(modules, &full, depth + 1)
            }
            Some(Binding::Assign) => Target::Assigned {
                module: module.to_string(),
                name: name.to_string(),
                rest,
            },
            Some(Binding::Other) => Target::Unknown,
            None => {
                // `from x import *` brings x's public names.
                for (key, b) in names {
                    if let (Some(_), Binding::Import(src)) = (key.strip_prefix('*'), b) {
                        if modules.is_module(src) {
                            let t = self.resolve_in(modules, src, name, rest.clone(), depth + 1);
                            if t != Target::Unknown {
                                return t;
                            }
                        } else if depth == 0 && !name.starts_with('_') {
                            // `from sqlmodel import *`: an outside name.
                            if let Some(found) = star_external(src, name) {
                                return Target::External(found);
                            }
                        }
                    }
                }
                if BUILTIN_TYPES.contains(&name) {
                    let mut full = format!("builtins.{name}");
                    for r in &rest {
                        full.push('.');
                        full.push_str(r);
                    }
                    return Target::External(full);
                }
                Target::Unknown
            }
        }
    }
}

/// The builtin names the reader knows as types.
const BUILTIN_TYPES: &[&str] = &[
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "dict",
    "list",
    "tuple",
    "set",
    "frozenset",
    "object",
    "type",
];

/// `from <library> import *` of the libraries model modules star-import,
/// for the names they export.
fn star_external(library: &str, name: &str) -> Option<String> {
    const SQLMODEL: &[&str] = &["SQLModel", "Field", "Relationship", "Column", "select"];
    const TYPING: &[&str] = &[
        "Optional",
        "Union",
        "Annotated",
        "List",
        "Dict",
        "Any",
        "ClassVar",
    ];
    let known = match library {
        "sqlmodel" => {
            SQLMODEL.contains(&name) || name.chars().next().is_some_and(char::is_uppercase)
        }
        "typing" => TYPING.contains(&name),
        "sqlalchemy" => true,
        _ => false,
    };
    known.then(|| format!("{library}.{name}"))
}
