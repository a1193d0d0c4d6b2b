//! The evaluator: runs module-level statements and one function body over
//! [`Value`]s, collecting the operations the `op.*` calls produce.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use aludel_core::ops::{ColumnPlacement, Op};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::args::{Args, Leftover};
use super::error::BodyError;
use super::value::{BatchSpec, Value};
use super::{BodyContext, LocatedOp};
use crate::location::SourceLocation;

/// The hint for constructs that need Python.
pub(crate) const HINT_REWRITE: &str = "aludel runs revision bodies without Python; write this step as plain SQL with op.execute(\"...\"), or as op.* calls with literal arguments";

/// Answers for dotted names the evaluator cannot know by itself: the
/// application's enum classes and module-level values of other modules
/// (the model reader provides it).
pub(crate) trait PathResolver {
    /// The value of the dotted path, or `None` to keep it a plain path.
    fn resolve(&self, path: &str) -> Option<Value>;
}

/// An open `with op.batch_alter_table(...) as batch_op:` block.
pub(crate) struct BatchFrame {
    /// The block's arguments.
    pub spec: BatchSpec,
    /// The `batch_op.*` operations so far.
    pub ops: Vec<Op>,
    /// `insert_before=` / `insert_after=` of its `add_column` calls.
    pub placements: Vec<ColumnPlacement>,
    /// True once the `with` block has ended.
    pub closed: bool,
}

/// How a statement ended.
enum Flow {
    /// Go on with the next statement.
    Next,
    /// `return`.
    Return,
}

/// The evaluation state of one `evaluate` call.
pub(crate) struct Interp<'a> {
    pub(crate) path: &'a Path,
    pub(crate) source: &'a str,
    /// Byte offsets where the file's lines start.
    line_starts: &'a [u32],
    pub(crate) ctx: &'a BodyContext,
    /// Module-level names.
    pub(crate) globals: HashMap<String, Value>,
    /// The function's local names (`None` while running module-level code).
    pub(crate) locals: Option<HashMap<String, Value>>,
    /// The operations produced so far.
    pub(crate) out: Vec<LocatedOp>,
    /// Batch blocks, open and closed (a `batch_op` value indexes this).
    pub(crate) batches: Vec<BatchFrame>,
    /// The function being evaluated, for messages.
    pub(crate) current_function: Option<String>,
    /// Current nesting of expressions and blocks being evaluated.
    pub(crate) depth: usize,
    /// Evaluating model declarations rather than a revision body: a
    /// `Column` may leave its name (and, with a foreign key, its type) to
    /// the attribute it is assigned to, and `mapped_column` exists.
    pub(crate) model_mode: bool,
    /// Where dotted names of the application are looked up (models only).
    pub(crate) resolver: Option<&'a dyn PathResolver>,
}

impl<'a> Interp<'a> {
    /// A fresh evaluator.
    pub(crate) fn new(
        path: &'a Path,
        source: &'a str,
        line_starts: &'a [u32],
        ctx: &'a BodyContext,
    ) -> Self {
        Interp {
            path,
            source,
            line_starts,
            ctx,
            globals: HashMap::new(),
            locals: None,
            out: Vec::new(),
            batches: Vec::new(),
            current_function: None,
            depth: 0,
            model_mode: false,
            resolver: None,
        }
    }

    /// The location of `range`.
    pub(crate) fn loc(&self, range: TextRange) -> SourceLocation {
        SourceLocation::new(
            self.path,
            self.source,
            range.start().to_usize(),
            range.end().to_usize(),
        )
    }

    /// An error at `range`.
    pub(crate) fn err(
        &self,
        range: TextRange,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> BodyError {
        BodyError::new(self.loc(range), message, hint)
    }

    /// An error at `range` for something that fails under Python / Alembic too.
    pub(crate) fn fails(
        &self,
        range: TextRange,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> BodyError {
        self.err(range, message, hint)
            .with_kind(super::error::BodyErrorKind::Fails)
    }

    /// Reports the first argument of `args` that `function` did not take.
    pub(crate) fn finish(&self, args: &Args, function: &str) -> Result<(), BodyError> {
        match args.leftover() {
            None => Ok(()),
            Some(Leftover::Positional(i, r)) => Err(self.err(
                r,
                format!("{function}() got an unexpected positional argument (number {})", i + 1),
                "check the call against Alembic's documentation of this function",
            )),
            Some(Leftover::Keyword(k, r)) => Err(self.err(
                r,
                format!("{function}() argument `{k}` is not supported by aludel"),
                format!("remove `{k}=`, or write this step as op.execute(\"...\") with the SQL it should run"),
            )),
        }
    }

    /// Records an operation produced at `range`.
    pub(crate) fn emit(&mut self, op: Op, range: TextRange) -> Result<(), BodyError> {
        if self.locals.is_none() {
            return Err(self.err(
                range,
                format!("op.{}() at module level", op.name()),
                "Alembic has no migration context while it imports the file; move the call into upgrade() or downgrade()",
            ));
        }
        let (line, column) = self.line_col(range.start().to_usize());
        self.out.push(LocatedOp { op, line, column });
        Ok(())
    }

    /// 1-based line and column (in characters) of a byte offset, from the
    /// file's line index (no scan of the text before it).
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let index = self.line_starts.partition_point(|&s| s as usize <= offset);
        let start = self
            .line_starts
            .get(index.wrapping_sub(1))
            .map_or(0, |&s| s as usize);
        let end = crate::location::floor_char_boundary(self.source, offset.max(start));
        let column = self.source.get(start..end).map_or(0, |t| t.chars().count()) + 1;
        (index.max(1), column)
    }

    pub(crate) fn bind(&mut self, name: &str, value: Value) {
        match &mut self.locals {
            Some(locals) => {
                locals.insert(name.to_string(), value);
            }
            None => {
                self.globals.insert(name.to_string(), value);
            }
        }
    }

    // ------------------------------------------------------------ statements

    /// Runs module-level statements: imports, assignments and function
    /// definitions. A value that cannot be computed is kept as an error and
    /// reported only where it is used.
    pub(crate) fn run_module(&mut self, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Import(_) | Stmt::ImportFrom(_) => {
                    // Imports never fail: unknown modules are names that error when used.
                    let _ = self.exec(stmt);
                }
                Stmt::FunctionDef(f) => {
                    self.globals
                        .insert(f.name.to_string(), Value::Function(f.name.to_string()));
                }
                Stmt::Assign(_) | Stmt::AnnAssign(_) | Stmt::AugAssign(_) => {
                    if let Err(e) = self.exec(stmt) {
                        for name in bound_names(stmt) {
                            self.globals.insert(name, Value::Error(Box::new(e.clone())));
                        }
                    }
                }
                Stmt::Expr(_) | Stmt::Pass(_) => {}
                other => {
                    // `if TYPE_CHECKING:`, `try: import x`, class definitions...: the
                    // names they bind are unknown; using one is an error.
                    let e = self.err(
                        stmt_head(other),
                        format!("this name is bound by {} at module level, which aludel does not evaluate", describe_stmt(other)),
                        "bind module-level names with plain assignments of literals or sa.* objects",
                    );
                    for name in bound_names(other) {
                        self.globals.insert(name, Value::Error(Box::new(e.clone())));
                    }
                }
            }
        }
    }

    /// Runs a function body.
    pub(crate) fn run_function(&mut self, body: &[Stmt]) -> Result<(), BodyError> {
        self.locals = Some(HashMap::new());
        self.block(body)?;
        Ok(())
    }

    fn block(&mut self, body: &[Stmt]) -> Result<Flow, BodyError> {
        if self.depth >= super::expr::MAX_DEPTH {
            let at = body.first().map_or(TextRange::default(), |s| s.range());
            return Err(self.err(
                at,
                "these blocks are nested too deeply for aludel",
                "flatten the nesting",
            ));
        }
        self.depth += 1;
        let flow = self.block_inner(body);
        self.depth -= 1;
        flow
    }

    fn block_inner(&mut self, body: &[Stmt]) -> Result<Flow, BodyError> {
        for stmt in body {
            if let Flow::Return = self.exec(stmt)? {
                return Ok(Flow::Return);
            }
        }
        Ok(Flow::Next)
    }

    fn exec(&mut self, stmt: &Stmt) -> Result<Flow, BodyError> {
        match stmt {
            Stmt::Expr(s) => {
                // Docstrings and `...` do nothing.
                if !matches!(&*s.value, Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)) {
                    self.eval(&s.value)?;
                }
            }
            Stmt::Pass(_) => {}
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.eval(v)?;
                }
                return Ok(Flow::Return);
            }
            Stmt::Assign(a) => {
                let value = self.eval(&a.value)?;
                for target in &a.targets {
                    self.assign(target, value.clone())?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.eval(v)?;
                    self.assign(&a.target, value)?;
                }
            }
            Stmt::AugAssign(a) => {
                let Expr::Name(name) = &*a.target else {
                    return Err(self.unsupported(
                        a.target.range(),
                        "augmented assignment to anything but a name",
                    ));
                };
                let current = self.lookup(name.id.as_str(), name.range)?;
                let value = self.eval(&a.value)?;
                let result = self.binop(a.op, current, value, a.range)?;
                self.bind(name.id.as_str(), result);
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(as_) => self.bind(as_.as_str(), Value::Path(Rc::from(full))),
                        None => {
                            // `import a.b` binds `a`.
                            let first = full.split('.').next().unwrap_or(full);
                            self.bind(first, Value::Path(Rc::from(first)));
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let base = if i.level > 0 {
                    format!("{}{module}", ".".repeat(i.level as usize))
                } else {
                    module.to_string()
                };
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        return Err(self.err(
                            alias.range,
                            format!("`from {base} import *`"),
                            "import the names you use explicitly, e.g. `import sqlalchemy as sa`",
                        ));
                    }
                    let bound = alias.asname.as_ref().map(|a| a.as_str()).unwrap_or(name);
                    self.bind(
                        bound,
                        Value::Path(Rc::from(format!("{base}.{name}").as_str())),
                    );
                }
            }
            Stmt::With(w) => return self.with(w),
            Stmt::For(f) => return self.for_loop(f),
            Stmt::If(i) => {
                if self.truth(&i.test)? {
                    return self.block(&i.body);
                }
                for clause in &i.elif_else_clauses {
                    match &clause.test {
                        Some(test) => {
                            if self.truth(test)? {
                                return self.block(&clause.body);
                            }
                        }
                        None => return self.block(&clause.body),
                    }
                }
            }
            Stmt::Raise(r) => return Err(self.raise(r)),
            Stmt::Try(t) => return self.try_block(t),
            Stmt::FunctionDef(f) => {
                return Err(self.err(
                    f.name.range,
                    format!(
                        "a function definition (`def {}`) inside a migration function",
                        f.name
                    ),
                    "inline the operations it performs into upgrade()/downgrade()",
                ))
            }
            other => return Err(self.unsupported(stmt_head(other), describe_stmt(other))),
        }
        Ok(Flow::Next)
    }

    /// `try:` runs its body, then `else:`, then `finally:`; the handlers
    /// are for exceptions, and evaluating the body raises none: a body
    /// aludel cannot evaluate is an error as anywhere else, and the
    /// statements it produces run when the migration runs. (Alembic runs
    /// them during the `try`, so a database error there reaches the
    /// handler; aludel's run stops at it instead, leaving the version
    /// table at the last revision that fully applied.)
    fn try_block(&mut self, t: &ruff_python_ast::StmtTry) -> Result<Flow, BodyError> {
        if t.is_star {
            return Err(self.unsupported(stmt_head_of(t.range), "`try` with `except*`"));
        }
        let mut flow = self.block(&t.body)?;
        if let Flow::Next = flow {
            flow = self.block(&t.orelse)?;
        }
        if let Flow::Return = self.block(&t.finalbody)? {
            return Ok(Flow::Return);
        }
        Ok(flow)
    }

    pub(crate) fn raise(&self, r: &ruff_python_ast::StmtRaise) -> BodyError {
        let name = match r.exc.as_deref() {
            Some(Expr::Call(c)) => dotted(&c.func),
            Some(e) => dotted(e),
            None => None,
        };
        let function = self
            .current_function
            .clone()
            .unwrap_or_else(|| "this function".into());
        match name.as_deref() {
            Some("NotImplementedError") => self.fails(
                r.range,
                format!("{function}() of this revision raises NotImplementedError"),
                "Alembic fails here too; this revision cannot be run in this direction",
            ),
            Some(n) => self.fails(
                r.range,
                format!("{function}() of this revision raises {n}"),
                "Alembic fails here too; remove the `raise` if the step should run",
            ),
            None => self.fails(
                r.range,
                format!("{function}() of this revision raises an exception"),
                "Alembic fails here too",
            ),
        }
    }

    pub(crate) fn assign(&mut self, target: &Expr, value: Value) -> Result<(), BodyError> {
        match target {
            Expr::Name(n) => {
                self.bind(n.id.as_str(), value);
                Ok(())
            }
            Expr::Tuple(t) => self.unpack(&t.elts, value, t.range),
            Expr::List(t) => self.unpack(&t.elts, value, t.range),
            other => Err(self.unsupported(other.range(), "assignment to an attribute or item")),
        }
    }

    pub(crate) fn unpack(
        &mut self,
        targets: &[Expr],
        value: Value,
        range: TextRange,
    ) -> Result<(), BodyError> {
        let items = match value {
            Value::Tuple(v) | Value::List(v) => v,
            other => {
                return Err(self.err(
                    range,
                    format!(
                        "cannot unpack {} into {} names",
                        other.kind(),
                        targets.len()
                    ),
                    "unpack only literal tuples or lists",
                ))
            }
        };
        if items.len() != targets.len() {
            return Err(self.err(
                range,
                format!(
                    "cannot unpack {} values into {} names",
                    items.len(),
                    targets.len()
                ),
                "make both sides the same length",
            ));
        }
        for (t, v) in targets.iter().zip(items) {
            self.assign(t, v)?;
        }
        Ok(())
    }

    fn with(&mut self, w: &ruff_python_ast::StmtWith) -> Result<Flow, BodyError> {
        let [item] = w.items.as_slice() else {
            return Err(
                self.unsupported(w.range, "a `with` statement with several context managers")
            );
        };
        let value = self.eval(&item.context_expr)?;
        if let Value::AutocommitBlock = value {
            return self.autocommit_block(w, item.context_expr.range());
        }
        let Value::BatchSpec(spec) = value else {
            return Err(self.err(
                item.context_expr.range(),
                format!("`with` over {}", value.kind()),
                "the only supported `with` block is `with op.batch_alter_table(...) as batch_op:`",
            ));
        };
        if w.is_async {
            return Err(self.unsupported(w.range, "`async with`"));
        }
        let index = self.batches.len();
        self.batches.push(BatchFrame {
            spec: *spec,
            ops: Vec::new(),
            placements: Vec::new(),
            closed: false,
        });
        if let Some(var) = &item.optional_vars {
            self.assign(var, Value::BatchOp(index))?;
        }
        let flow = self.block(&w.body)?;
        let Some(frame) = self.batches.get_mut(index) else {
            return Err(self.err(w.range, "internal: batch block lost", ""));
        };
        frame.closed = true;
        let op = Op::Batch(Box::new(aludel_core::ops::BatchAlterTable {
            table: frame.spec.table.clone(),
            schema: frame.spec.schema.clone(),
            recreate: frame.spec.recreate,
            ops: std::mem::take(&mut frame.ops),
            placements: std::mem::take(&mut frame.placements),
            naming_convention: frame.spec.naming_convention.clone(),
        }));
        let head = TextRange::new(w.range.start(), item.context_expr.range().end());
        self.emit(op, head)?;
        Ok(flow)
    }

    /// `with op.get_context().autocommit_block():` — the block's operations
    /// become one [`Op::Autocommit`]: the runner ends its transaction
    /// around them online, the renderer prints `COMMIT;` / `BEGIN;` around
    /// them offline where Alembic does (PostgreSQL).
    fn autocommit_block(
        &mut self,
        w: &ruff_python_ast::StmtWith,
        head: TextRange,
    ) -> Result<Flow, BodyError> {
        if w.items.first().is_some_and(|i| i.optional_vars.is_some()) {
            return Err(self.unsupported(head, "`as` on autocommit_block()"));
        }
        let start = self.out.len();
        let flow = self.block(&w.body)?;
        let inner: Vec<Op> = self.out.drain(start..).map(|located| located.op).collect();
        self.emit(Op::Autocommit(inner), head)?;
        Ok(flow)
    }

    fn for_loop(&mut self, f: &ruff_python_ast::StmtFor) -> Result<Flow, BodyError> {
        if f.is_async {
            return Err(self.unsupported(f.range, "`async for`"));
        }
        let items = self.iterable(&f.iter, "a `for` loop")?;
        for item in items {
            self.assign(&f.target, item)?;
            if let Flow::Return = self.block(&f.body)? {
                return Ok(Flow::Return);
            }
        }
        self.block(&f.orelse)
    }

    /// The items a `for` loop or a comprehension (`what`) walks: only
    /// values aludel knows whole (literal lists, tuples, strings, dict keys).
    pub(crate) fn iterable(&mut self, iter: &Expr, what: &str) -> Result<Vec<Value>, BodyError> {
        Ok(match self.eval(iter)? {
            Value::List(v) | Value::Tuple(v) => v,
            Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            Value::Dict(d) => d.into_iter().map(|(k, _)| k).collect(),
            Value::ExecuteResult(r) => return Err(self.result_read(r)),
            Value::Error(e) => return Err(*e),
            other => return Err(self.err(
                iter.range(),
                format!("{what} over {}", other.kind()),
                "loop only over literal lists or tuples (written in the file or bound to a name)",
            )),
        })
    }

    pub(crate) fn truth(&mut self, test: &Expr) -> Result<bool, BodyError> {
        let value = self.eval(test)?;
        self.truthy(&value, test.range())
    }

    pub(crate) fn truthy(&self, value: &Value, range: TextRange) -> Result<bool, BodyError> {
        Ok(match value {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Conv(s) => !s.is_empty(),
            Value::List(v) | Value::Tuple(v) => !v.is_empty(),
            Value::Dict(d) => !d.is_empty(),
            Value::Error(e) => return Err((**e).clone()),
            Value::ExecuteResult(r) => return Err(self.result_read(*r)),
            other => {
                return Err(self.err(
                    range,
                    format!("a condition on {}", other.kind()),
                    "conditions may test constants and the dialect name, e.g. `if op.get_bind().dialect.name == \"postgresql\":`",
                ))
            }
        })
    }

    /// The error for reading the result of `execute()` at `range`.
    pub(crate) fn result_read(&self, range: TextRange) -> BodyError {
        self.err(
            range,
            "reading the result of execute() is not supported by aludel",
            "data-dependent steps need Python: rewrite them as one SQL statement (UPDATE ... FROM / INSERT ... SELECT) in op.execute(\"...\")",
        )
    }

    /// An error for a construct aludel does not evaluate.
    pub(crate) fn unsupported(&self, range: TextRange, what: impl std::fmt::Display) -> BodyError {
        self.err(
            range,
            format!("{what} is not supported by aludel"),
            HINT_REWRITE,
        )
    }

    // ----------------------------------------------------------- expressions
}

/// `a.b.c` for a chain of names, else `None`.
pub(crate) fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", dotted(&a.value)?, a.attr)),
        _ => None,
    }
}

/// The names a module-level statement binds (assignment targets, imports,
/// definitions), searched through nested blocks.
fn bound_names(stmt: &Stmt) -> Vec<String> {
    pub(crate) fn targets(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Name(n) => out.push(n.id.to_string()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, out)),
            Expr::List(t) => t.elts.iter().for_each(|e| targets(e, out)),
            _ => {}
        }
    }
    pub(crate) fn walk(stmt: &Stmt, out: &mut Vec<String>) {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, out)),
            Stmt::AnnAssign(a) => targets(&a.target, out),
            Stmt::AugAssign(a) => targets(&a.target, out),
            Stmt::For(f) => {
                targets(&f.target, out);
                f.body
                    .iter()
                    .chain(f.orelse.iter())
                    .for_each(|s| walk(s, out));
            }
            Stmt::While(w) => w
                .body
                .iter()
                .chain(w.orelse.iter())
                .for_each(|s| walk(s, out)),
            Stmt::If(i) => {
                i.body.iter().for_each(|s| walk(s, out));
                for c in &i.elif_else_clauses {
                    c.body.iter().for_each(|s| walk(s, out));
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        targets(v, out);
                    }
                }
                w.body.iter().for_each(|s| walk(s, out));
            }
            Stmt::Try(t) => {
                t.body
                    .iter()
                    .chain(t.orelse.iter())
                    .chain(t.finalbody.iter())
                    .for_each(|s| walk(s, out));
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    h.body.iter().for_each(|s| walk(s, out));
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let name = a
                        .asname
                        .as_ref()
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or("").to_string());
                    out.push(name);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    out.push(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            Stmt::FunctionDef(f) => out.push(f.name.to_string()),
            Stmt::ClassDef(c) => out.push(c.name.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(stmt, &mut out);
    out
}

/// The first character of a range, for pointing at a statement.
fn stmt_head_of(range: TextRange) -> TextRange {
    TextRange::at(range.start(), ruff_text_size::TextSize::from(1))
}

/// The first line of a statement, for pointing at it.
fn stmt_head(stmt: &Stmt) -> TextRange {
    let r = stmt.range();
    TextRange::at(r.start(), ruff_text_size::TextSize::from(1))
}

/// A statement's kind in words.
fn describe_stmt(stmt: &Stmt) -> &'static str {
    match stmt {
        Stmt::Try(_) => "a `try` statement",
        Stmt::While(_) => "a `while` loop",
        Stmt::If(_) => "an `if` statement",
        Stmt::For(_) => "a `for` loop",
        Stmt::With(_) => "a `with` statement",
        Stmt::ClassDef(_) => "a class definition",
        Stmt::FunctionDef(_) => "a function definition",
        Stmt::Delete(_) => "a `del` statement",
        Stmt::Assert(_) => "an `assert` statement",
        Stmt::Global(_) | Stmt::Nonlocal(_) => "a `global`/`nonlocal` statement",
        Stmt::Break(_) => "`break`",
        Stmt::Continue(_) => "`continue`",
        Stmt::Match(_) => "a `match` statement",
        Stmt::TypeAlias(_) => "a type alias",
        _ => "this statement",
    }
}
