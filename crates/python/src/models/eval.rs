//! Evaluating expressions of model modules with the revision-body
//! evaluator (one evaluator of `sa.*` expressions for both), given what it
//! cannot know alone: the application's enum classes and the module-level
//! values of other application modules.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::{Expr, Stmt};

use super::classes::{ClassGraph, ClassInfo};
use super::modules::{ModuleSet, ParsedModule};
use super::resolve::{ClassKey, Symbols, Target};
use crate::body::{BodyContext, BodyError, EnumClass, Interp, PathResolver, Value};

/// The outside classes an enum class derives from.
pub(crate) const ENUM_ROOTS: &[&str] = &[
    "enum.Enum",
    "enum.IntEnum",
    "enum.StrEnum",
    "enum.Flag",
    "enum.IntFlag",
];

/// Evaluates expressions of the loaded modules.
pub(crate) struct Evaluator<'m> {
    pub modules: &'m ModuleSet,
    pub symbols: &'m Symbols,
    pub classes: &'m ClassGraph<'m>,
    pub ctx: &'m BodyContext,
    globals: RefCell<HashMap<String, Rc<HashMap<String, Value>>>>,
    computing: RefCell<HashSet<String>>,
    enums: RefCell<HashMap<ClassKey, Option<Rc<EnumClass>>>>,
}

impl<'m> Evaluator<'m> {
    pub fn new(
        modules: &'m ModuleSet,
        symbols: &'m Symbols,
        classes: &'m ClassGraph<'m>,
        ctx: &'m BodyContext,
    ) -> Self {
        Evaluator {
            modules,
            symbols,
            classes,
            ctx,
            globals: RefCell::new(HashMap::new()),
            computing: RefCell::new(HashSet::new()),
            enums: RefCell::new(HashMap::new()),
        }
    }

    /// An evaluator for expressions written in `module`.
    pub fn interp<'s>(&'s self, module: &'s ParsedModule) -> Interp<'s> {
        let mut interp = Interp::new(&module.path, &module.source, &module.line_starts, self.ctx);
        interp.model_mode = true;
        interp.resolver = Some(self);
        interp.globals = (*self.globals_of(module)).clone();
        interp
    }

    /// Evaluates `expr`, written in `module`.
    pub fn eval(&self, module: &ParsedModule, expr: &Expr) -> Result<Value, BodyError> {
        self.interp(module).eval(expr)
    }

    /// The module-level names of `module` with their values: imports as
    /// absolute paths (the application's enum classes and constants as
    /// their values), assignments evaluated (a failure is kept and reported
    /// where the name is used).
    fn globals_of(&self, module: &ParsedModule) -> Rc<HashMap<String, Value>> {
        if let Some(g) = self.globals.borrow().get(&module.name) {
            return g.clone();
        }
        if !self.computing.borrow_mut().insert(module.name.clone()) {
            // An import cycle: the module is half-run, as in Python.
            return Rc::new(HashMap::new());
        }
        let mut interp = Interp::new(&module.path, &module.source, &module.line_starts, self.ctx);
        interp.model_mode = true;
        interp.resolver = Some(self);
        let body: Vec<Stmt> = module
            .module
            .body
            .iter()
            .filter(|s| !matches!(s, Stmt::ClassDef(_)))
            .cloned()
            .collect();
        // Imports first, so assignments see the application's values.
        let imports: Vec<Stmt> = body
            .iter()
            .filter(|s| matches!(s, Stmt::Import(_) | Stmt::ImportFrom(_)))
            .cloned()
            .collect();
        interp.run_module(&imports);
        let mut globals = std::mem::take(&mut interp.globals);
        self.absolutize(module, &mut globals);
        for stmt in &module.module.body {
            if let Stmt::ClassDef(c) = stmt {
                let key = ClassKey {
                    module: module.name.clone(),
                    name: c.name.to_string(),
                };
                let value = match self.enum_class(&key) {
                    Some(e) => Value::EnumClass(e),
                    None => Value::Path(Rc::from(key.dotted().as_str())),
                };
                globals.insert(c.name.to_string(), value);
            }
        }
        interp.globals = globals;
        let rest: Vec<Stmt> = body
            .into_iter()
            .filter(|s| !matches!(s, Stmt::Import(_) | Stmt::ImportFrom(_)))
            .collect();
        interp.run_module(&rest);
        let mut globals = std::mem::take(&mut interp.globals);
        self.absolutize(module, &mut globals);
        let globals = Rc::new(globals);
        self.computing.borrow_mut().remove(&module.name);
        self.globals
            .borrow_mut()
            .insert(module.name.clone(), globals.clone());
        globals
    }

    /// Turns relative import paths into absolute ones and paths that name
    /// the application's values into those values.
    fn absolutize(&self, module: &ParsedModule, globals: &mut HashMap<String, Value>) {
        for value in globals.values_mut() {
            let Value::Path(p) = value else { continue };
            let mut path = p.to_string();
            if path.starts_with('.') {
                let level = path.chars().take_while(|&c| c == '.').count();
                let rest = &path[level..];
                let (module_part, name) = match rest.rsplit_once('.') {
                    Some((m, n)) => (Some(m), n),
                    None => (None, rest),
                };
                let Some(base) = module.absolute(level as u32, module_part) else {
                    continue;
                };
                path = format!("{base}.{name}");
            }
            *value = match self.resolve(&path) {
                Some(v) => v,
                None => Value::Path(Rc::from(path.as_str())),
            };
        }
    }

    /// The enum class `key` (members and values), when it is one.
    pub fn enum_class(&self, key: &ClassKey) -> Option<Rc<EnumClass>> {
        if let Some(done) = self.enums.borrow().get(key) {
            return done.clone();
        }
        let info = self.classes.get(key)?;
        let result = if self.classes.derives_from(key, ENUM_ROOTS) {
            Some(Rc::new(self.read_enum(info)))
        } else {
            None
        };
        self.enums.borrow_mut().insert(key.clone(), result.clone());
        result
    }

    fn read_enum(&self, info: &ClassInfo<'_>) -> EnumClass {
        let str_enum = self
            .classes
            .derives_from(&info.key, &["builtins.str", "enum.StrEnum"]);
        let mut members = Vec::new();
        let mut interp = self.interp(info.module);
        let mut next_auto = 1i64;
        for stmt in &info.def.body {
            let (name, value) = match stmt {
                Stmt::Assign(a) => match a.targets.as_slice() {
                    [Expr::Name(n)] => (n.id.to_string(), &*a.value),
                    _ => continue,
                },
                Stmt::AnnAssign(a) => match (&*a.target, &a.value) {
                    (Expr::Name(n), Some(v)) => (n.id.to_string(), &**v),
                    _ => continue,
                },
                _ => continue,
            };
            if name.starts_with('_') {
                continue;
            }
            let is_auto = matches!(value, Expr::Call(c) if super::classes::dotted(&c.func).is_some_and(|d| d == "auto" || d.ends_with(".auto")));
            let v = if is_auto {
                if str_enum {
                    Value::Str(name.to_lowercase())
                } else {
                    next_auto += 1;
                    Value::Int(next_auto - 1)
                }
            } else {
                match interp.eval(value) {
                    Ok(v) => {
                        if let Value::Int(i) = v {
                            next_auto = i + 1;
                        }
                        v
                    }
                    Err(_) => Value::Str(name.clone()),
                }
            };
            // An alias (same value as an earlier member) is no new member.
            if members
                .iter()
                .any(|(_, existing): &(String, Value)| same(existing, &v))
            {
                continue;
            }
            members.push((name, v));
        }
        EnumClass {
            name: info.key.name.clone(),
            members,
        }
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        _ => false,
    }
}

impl PathResolver for Evaluator<'_> {
    fn resolve(&self, path: &str) -> Option<Value> {
        match self.symbols.resolve_path(self.modules, path) {
            Target::Class(key, rest) => {
                let e = self.enum_class(&key)?;
                match rest.as_slice() {
                    [] => Some(Value::EnumClass(e)),
                    [member] => {
                        let i = e.members.iter().position(|(n, _)| n == member)?;
                        Some(Value::EnumMember(e, i))
                    }
                    _ => None,
                }
            }
            Target::Assigned { module, name, rest } if rest.is_empty() => {
                let m = self.modules.get(&module)?;
                let globals = self.globals_of(m);
                match globals.get(&name) {
                    Some(Value::Error(_)) | None => None,
                    Some(v) => Some(v.clone()),
                }
            }
            _ => None,
        }
    }
}
