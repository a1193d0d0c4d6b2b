//! The application's Python modules as the model reader sees them: found on
//! the import roots the way Python's import system finds them, parsed once,
//! and loaded transitively — importing a module runs its module-level
//! imports, and every table class of every module that runs is registered
//! in the metadata, so the reader follows the same chain.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use ruff_python_ast::{ModModule, Stmt};

use super::error::ModelError;
use crate::location::SourceLocation;

/// Where application modules are looked up, in order (Python's `sys.path`
/// entries that hold the project: `prepend_sys_path`, the project root).
#[derive(Debug, Clone, Default)]
pub struct ModuleRoots {
    roots: Vec<PathBuf>,
}

impl ModuleRoots {
    /// Roots searched in the given order.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let mut unique: Vec<PathBuf> = Vec::new();
        for r in roots {
            if !unique.contains(&r) {
                unique.push(r);
            }
        }
        ModuleRoots { roots: unique }
    }

    /// The roots.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// The file of module `dotted` (`a/b.py` or `a/b/__init__.py`), and
    /// whether it is a package; namespace packages (a directory without
    /// `__init__.py`) are packages without a file.
    pub fn find(&self, dotted: &str) -> Option<Found> {
        if dotted.is_empty() || dotted.split('.').any(|p| p.is_empty()) {
            return None;
        }
        let rel: PathBuf = dotted.split('.').collect();
        for root in &self.roots {
            let base = root.join(&rel);
            let init = base.join("__init__.py");
            if init.is_file() {
                return Some(Found {
                    file: Some(init),
                    package: true,
                });
            }
            let file = base.with_extension("py");
            if file.is_file() {
                return Some(Found {
                    file: Some(file),
                    package: false,
                });
            }
            if base.is_dir() {
                return Some(Found {
                    file: None,
                    package: true,
                });
            }
        }
        None
    }
}

/// A module found on the roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its source file (`None` for a namespace package).
    pub file: Option<PathBuf>,
    /// A package (`__init__.py` or a directory) rather than a plain module.
    pub package: bool,
}

/// One parsed application module.
#[derive(Debug)]
pub struct ParsedModule {
    /// Dotted name (`app.models.hero`).
    pub name: String,
    /// True for a package's `__init__.py`.
    pub package: bool,
    /// The file.
    pub path: PathBuf,
    /// Its text (line breaks normalised).
    pub source: String,
    /// The syntax tree.
    pub module: ModModule,
    /// Byte offsets where lines start.
    pub line_starts: Vec<u32>,
}

impl ParsedModule {
    /// Parses `source` as module `name`.
    pub fn parse(
        name: &str,
        package: bool,
        path: &Path,
        source: &str,
    ) -> Result<ParsedModule, ModelError> {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let source = if source.contains('\r') {
            source.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            source.to_string()
        };
        match ruff_python_parser::parse_module(&source) {
            Ok(parsed) => Ok(ParsedModule {
                name: name.to_string(),
                package,
                path: path.to_path_buf(),
                line_starts: std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i as u32 + 1))
                    .collect(),
                module: parsed.into_syntax(),
                source,
            }),
            Err(e) => {
                let r = e.location;
                Err(ModelError::located(
                    SourceLocation::new(path, &source, r.start().to_usize(), r.end().to_usize()),
                    format!("invalid Python syntax: {}", e.error),
                    "fix the syntax error; Python cannot import this module either",
                ))
            }
        }
    }

    /// The package relative imports start from: the module itself for a
    /// package, else its parent.
    pub fn package_name(&self) -> &str {
        if self.package {
            &self.name
        } else {
            self.name.rsplit_once('.').map_or("", |(p, _)| p)
        }
    }

    /// The absolute module of `from <dots><module> import ...` in this module.
    pub fn absolute(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_string);
        }
        let mut base: Vec<&str> = self
            .package_name()
            .split('.')
            .filter(|s| !s.is_empty())
            .collect();
        for _ in 1..level {
            base.pop()?;
        }
        if let Some(m) = module {
            base.extend(m.split('.'));
        }
        if base.is_empty() {
            None
        } else {
            Some(base.join("."))
        }
    }

    /// A location in this module.
    pub fn loc(&self, range: ruff_text_size::TextRange) -> SourceLocation {
        SourceLocation::new(
            &self.path,
            &self.source,
            range.start().to_usize(),
            range.end().to_usize(),
        )
    }
}

/// Every application module the loaded chain runs, by dotted name, in
/// the order Python would first import them.
#[derive(Debug, Default)]
pub struct ModuleSet {
    modules: Vec<ParsedModule>,
    by_name: HashMap<String, usize>,
    /// Packages without a file (namespace packages) that were imported.
    namespaces: HashSet<String>,
}

impl ModuleSet {
    /// The module called `name`.
    pub fn get(&self, name: &str) -> Option<&ParsedModule> {
        self.by_name.get(name).map(|&i| &self.modules[i])
    }

    /// True when `name` is an application module or package that was loaded.
    pub fn is_module(&self, name: &str) -> bool {
        self.by_name.contains_key(name) || self.namespaces.contains(name)
    }

    /// The modules in import order.
    pub fn iter(&self) -> impl Iterator<Item = &ParsedModule> {
        self.modules.iter()
    }

    /// The number of modules.
    pub fn len(&self) -> usize {
        self.modules.len()
    }

    /// True when no module was loaded.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Adds an already parsed module (tests, or a caller with its own files).
    pub fn insert(&mut self, module: ParsedModule) {
        let name = module.name.clone();
        self.by_name.insert(name, self.modules.len());
        self.modules.push(module);
    }

    /// Loads `start` and every application module they import, directly
    /// or through others (packages' `__init__.py` included), from `roots`.
    /// Imports that are not application modules (libraries) are left alone.
    pub fn load(roots: &ModuleRoots, start: &[String]) -> Result<ModuleSet, ModelError> {
        let mut set = ModuleSet::default();
        let mut queue: VecDeque<String> = VecDeque::new();
        for s in start {
            enqueue_with_parents(&mut queue, s);
        }
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(name) = queue.pop_front() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(found) = roots.find(&name) else {
                continue;
            };
            let Some(file) = found.file else {
                set.namespaces.insert(name);
                continue;
            };
            let text = fs::read_to_string(&file).map_err(|e| {
                ModelError::plain(
                    format!("cannot read model module {}: {e}", file.display()),
                    "check the file's permissions and encoding (UTF-8)",
                )
            })?;
            let parsed = ParsedModule::parse(&name, found.package, &file, &text)?;
            for imported in imported_modules(&parsed, roots) {
                enqueue_with_parents(&mut queue, &imported);
            }
            set.insert(parsed);
        }
        Ok(set)
    }
}

/// Queues `name` after its parent packages (importing `a.b.c` runs `a`
/// and `a.b` first).
fn enqueue_with_parents(queue: &mut VecDeque<String>, name: &str) {
    let parts: Vec<&str> = name.split('.').collect();
    for i in 1..=parts.len() {
        queue.push_back(parts[..i].join("."));
    }
}

/// The application modules a module's import statements run when it is
/// imported: module-level imports, also inside `try:` and plain `if`
/// blocks, but not under `if TYPE_CHECKING:` (never true at run time).
/// `from pkg import name` counts `pkg.name` when that is a module.
pub fn imported_modules(module: &ParsedModule, roots: &ModuleRoots) -> Vec<String> {
    let mut out = Vec::new();
    collect_imports(module, &module.module.body, roots, &mut out);
    out
}

fn collect_imports(
    module: &ParsedModule,
    body: &[Stmt],
    roots: &ModuleRoots,
    out: &mut Vec<String>,
) {
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    out.push(alias.name.to_string());
                }
            }
            Stmt::ImportFrom(i) => {
                let Some(base) = module.absolute(i.level, i.module.as_deref()) else {
                    continue;
                };
                out.push(base.clone());
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let sub = format!("{base}.{}", alias.name);
                    if roots.find(&sub).is_some() {
                        out.push(sub);
                    }
                }
            }
            Stmt::If(s) if !is_type_checking(&s.test) => {
                collect_imports(module, &s.body, roots, out);
                for clause in &s.elif_else_clauses {
                    collect_imports(module, &clause.body, roots, out);
                }
            }
            Stmt::Try(t) => {
                collect_imports(module, &t.body, roots, out);
                for clause in &t.orelse {
                    collect_imports(module, std::slice::from_ref(clause), roots, out);
                }
            }
            _ => {}
        }
    }
}

/// `TYPE_CHECKING` or `typing.TYPE_CHECKING`.
pub(crate) fn is_type_checking(test: &ruff_python_ast::Expr) -> bool {
    match test {
        ruff_python_ast::Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        ruff_python_ast::Expr::Attribute(a) => a.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}
