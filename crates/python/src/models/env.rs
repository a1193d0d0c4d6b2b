//! Finding the models from `env.py`, as Alembic would by running it: the
//! application modules it imports (whose import, in Python, registers the
//! tables) and what it passes as `target_metadata`.

use std::path::Path;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::error::ModelError;
use super::modules::{ModuleRoots, ParsedModule};

/// Which metadata the models are compared through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataRef {
    /// `SQLModel.metadata`.
    SqlModel,
    /// `<name>.metadata` or `<name>`: a declarative base or a `MetaData`
    /// object, by the dotted path env.py imports it from (`app.db.Base`).
    Named(String),
}

/// What env.py says about the models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvModels {
    /// The application modules env.py imports (dotted names), in order.
    pub modules: Vec<String>,
    /// The metadata objects given as `target_metadata`.
    pub metadata: Vec<MetadataRef>,
}

/// Reads `env.py` at `path`: the application modules it imports that can
/// be found on `roots`, and its `target_metadata`.
pub fn models_from_env(
    path: &Path,
    source: &str,
    roots: &ModuleRoots,
) -> Result<EnvModels, ModelError> {
    let module = ParsedModule::parse("env", false, path, source)?;
    let mut imports: Vec<(String, String)> = Vec::new(); // bound name -> dotted path
    let mut modules = Vec::new();
    collect(&module.module.body, roots, &mut imports, &mut modules);
    let assignment = find_target(&module.module.body);
    let Some(value) = assignment else {
        return Err(no_metadata(path));
    };
    let items: Vec<&Expr> = match value {
        Expr::List(l) => l.elts.iter().collect(),
        Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    };
    let mut metadata = Vec::new();
    for item in items {
        if matches!(item, Expr::NoneLiteral(_)) {
            return Err(no_metadata(path));
        }
        let Some(text) = super::classes::dotted(item) else {
            return Err(ModelError::located(
                module.loc(item.range()),
                "aludel cannot tell which metadata `target_metadata` is",
                "assign `target_metadata = SQLModel.metadata` (or `Base.metadata`), or name the model modules in [tool.aludel] models = [...]",
            ));
        };
        let owner = text.strip_suffix(".metadata").unwrap_or(&text);
        let mut parts = owner.split('.');
        let first = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let bound = imports
            .iter()
            .rev()
            .find(|(name, _)| name == first)
            .map(|(_, path)| path.clone());
        let full = match bound {
            Some(p) if rest.is_empty() => p,
            Some(p) => format!("{p}.{}", rest.join(".")),
            None => owner.to_string(),
        };
        // `from app.models import SQLModel` (the application re-exporting
        // sqlmodel's class, as the FastAPI template does) is the same
        // class: its metadata holds every SQLModel table.
        if matches!(
            full.as_str(),
            "sqlmodel.SQLModel" | "sqlmodel.main.SQLModel"
        ) || full.rsplit('.').next() == Some("SQLModel")
        {
            metadata.push(MetadataRef::SqlModel);
        } else {
            metadata.push(MetadataRef::Named(full));
        }
    }
    Ok(EnvModels { modules, metadata })
}

fn no_metadata(path: &Path) -> ModelError {
    ModelError::plain(
        format!(
            "Can't proceed with --autogenerate option; environment script {} does not provide a MetaData object or sequence of objects to the context.",
            path.display()
        ),
        "set `target_metadata = SQLModel.metadata` in env.py after importing the model modules, or name them in [tool.aludel] models = [...]",
    )
}

/// The last module-level `target_metadata = ...` (also inside `if`/`try`).
fn find_target(body: &[Stmt]) -> Option<&Expr> {
    let mut found = None;
    for stmt in body {
        match stmt {
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "target_metadata")) =>
            {
                found = Some(&*a.value);
            }
            Stmt::AnnAssign(a) => {
                if matches!(&*a.target, Expr::Name(n) if n.id.as_str() == "target_metadata") {
                    if let Some(v) = &a.value {
                        found = Some(&**v);
                    }
                }
            }
            Stmt::If(i) => {
                if let Some(v) = find_target(&i.body) {
                    found = Some(v);
                }
                for clause in &i.elif_else_clauses {
                    if let Some(v) = find_target(&clause.body) {
                        found = Some(v);
                    }
                }
            }
            Stmt::Try(t) => {
                if let Some(v) = find_target(&t.body) {
                    found = Some(v);
                }
            }
            _ => {}
        }
    }
    found
}

/// Every import in env.py (functions included: some env.py files import
/// the models inside `run_migrations_online()`), with what it binds and the
/// application modules it names.
fn collect(
    body: &[Stmt],
    roots: &ModuleRoots,
    imports: &mut Vec<(String, String)>,
    modules: &mut Vec<String>,
) {
    let add = |m: String, modules: &mut Vec<String>| {
        if roots.find(&m).is_some() && !modules.contains(&m) {
            modules.push(m);
        }
    };
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.to_string();
                    match &alias.asname {
                        Some(a) => imports.push((a.to_string(), full.clone())),
                        None => {
                            let first = full.split('.').next().unwrap_or(&full).to_string();
                            imports.push((first.clone(), first));
                        }
                    }
                    add(full, modules);
                }
            }
            Stmt::ImportFrom(i) => {
                // env.py is not in a package: relative imports do not apply.
                let Some(base) = i.module.as_ref().map(|m| m.to_string()) else {
                    continue;
                };
                if i.level > 0 {
                    continue;
                }
                add(base.clone(), modules);
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let full = format!("{base}.{}", alias.name);
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    imports.push((bound, full.clone()));
                    add(full, modules);
                }
            }
            Stmt::If(s) => {
                collect(&s.body, roots, imports, modules);
                for clause in &s.elif_else_clauses {
                    collect(&clause.body, roots, imports, modules);
                }
            }
            Stmt::Try(t) => collect(&t.body, roots, imports, modules),
            Stmt::FunctionDef(f) => collect(&f.body, roots, imports, modules),
            Stmt::With(w) => collect(&w.body, roots, imports, modules),
            _ => {}
        }
    }
}

/// The naming convention env.py gives the metadata it migrates with:
/// `target_metadata.naming_convention = {...}` (or `<x>.metadata.naming_convention`),
/// the dict written inline or bound to a module-level name before, or
/// `target_metadata = MetaData(naming_convention={...})`. Alembic's
/// operations name unnamed constraints by it. `None` when env.py sets
/// none, or sets one aludel cannot read without running it.
pub fn env_naming_convention(source: &str) -> Option<Vec<(String, String)>> {
    let parsed = ruff_python_parser::parse_module(source).ok()?;
    let body = &parsed.syntax().body;
    let mut dicts: Vec<(&str, &Expr)> = Vec::new();
    let mut found = None;
    for stmt in body {
        let Stmt::Assign(a) = stmt else { continue };
        for target in &a.targets {
            match target {
                Expr::Name(n) if n.id.as_str() == "target_metadata" => {
                    if let Expr::Call(c) = &*a.value {
                        let kw = c.arguments.keywords.iter().find(|k| {
                            k.arg
                                .as_ref()
                                .is_some_and(|a| a.as_str() == "naming_convention")
                        });
                        if let Some(k) = kw {
                            found = dict_pairs(&k.value, &dicts);
                        }
                    }
                }
                Expr::Name(n) => dicts.push((n.id.as_str(), &a.value)),
                Expr::Attribute(at) if at.attr.as_str() == "naming_convention" => {
                    let owner = super::classes::dotted(&at.value).unwrap_or_default();
                    if owner == "target_metadata" || owner.ends_with(".metadata") {
                        found = dict_pairs(&a.value, &dicts);
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// A dict literal of string keys and templates, or a name bound to one.
fn dict_pairs(expr: &Expr, names: &[(&str, &Expr)]) -> Option<Vec<(String, String)>> {
    let expr = match expr {
        Expr::Name(n) => names
            .iter()
            .rev()
            .find(|(name, _)| *name == n.id.as_str())
            .map(|(_, e)| *e)?,
        other => other,
    };
    let Expr::Dict(d) = expr else { return None };
    let mut out = Vec::new();
    for item in &d.items {
        match (&item.key, &item.value) {
            (Some(Expr::StringLiteral(k)), Expr::StringLiteral(v)) => {
                out.push((k.value.to_str().to_string(), v.value.to_str().to_string()))
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod naming_tests {
    use super::env_naming_convention;

    #[test]
    fn env_naming_convention_is_read_from_its_assignments() {
        let pairs = env_naming_convention(
            "NC = {\"pk\": \"pk_%(table_name)s\", 'uq': 'uq_%(table_name)s_%(column_0_name)s'}\n\
             target_metadata = SQLModel.metadata\n\
             target_metadata.naming_convention = NC\n",
        );
        assert_eq!(
            pairs,
            Some(vec![
                ("pk".to_string(), "pk_%(table_name)s".to_string()),
                (
                    "uq".to_string(),
                    "uq_%(table_name)s_%(column_0_name)s".to_string()
                ),
            ])
        );
        let inline = env_naming_convention(
            "target_metadata = MetaData(naming_convention={\"fk\": \"fk_%(table_name)s\"})\n",
        );
        assert_eq!(inline.map(|p| p.len()), Some(1));
        assert_eq!(
            env_naming_convention("target_metadata = Base.metadata\n"),
            None
        );
        assert_eq!(
            env_naming_convention("target_metadata.naming_convention = make()\n"),
            None
        );
    }
}
