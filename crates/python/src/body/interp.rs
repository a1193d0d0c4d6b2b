//! The evaluator: runs module-level statements and one function body over
//! [`Value`]s, collecting the operations the `op.*` calls produce.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use aludel_core::ops::{ColumnPlacement, Op};
use aludel_core::schema::Literal;
use ruff_python_ast::{
    BoolOp, CmpOp, ConversionFlag, Expr, InterpolatedStringElement, Number, Operator, Stmt, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::args::{Args, Leftover};
use super::error::BodyError;
use super::sql::{SqlExpr, SqlOp};
use super::value::{BatchSpec, Value};
use super::{BodyContext, LocatedOp};
use crate::location::SourceLocation;

/// The hint for constructs that need Python.
pub(crate) const HINT_REWRITE: &str = "aludel runs revision bodies without Python; write this step as plain SQL with op.execute(\"...\"), or as op.* calls with literal arguments";

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
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let index = self.line_starts.partition_point(|&s| s as usize <= offset);
        let start = self
            .line_starts
            .get(index.wrapping_sub(1))
            .map_or(0, |&s| s as usize);
        let end = crate::location::floor_char_boundary(self.source, offset.max(start));
        let column = self.source.get(start..end).map_or(0, |t| t.chars().count()) + 1;
        (index.max(1), column)
    }

    fn bind(&mut self, name: &str, value: Value) {
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

    fn raise(&self, r: &ruff_python_ast::StmtRaise) -> BodyError {
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
            Some("NotImplementedError") => self.err(
                r.range,
                format!("{function}() of this revision raises NotImplementedError"),
                "Alembic fails here too; this revision cannot be run in this direction",
            ),
            Some(n) => self.err(
                r.range,
                format!("{function}() of this revision raises {n}"),
                "Alembic fails here too; remove the `raise` if the step should run",
            ),
            None => self.err(
                r.range,
                format!("{function}() of this revision raises an exception"),
                "Alembic fails here too",
            ),
        }
    }

    fn assign(&mut self, target: &Expr, value: Value) -> Result<(), BodyError> {
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

    fn unpack(
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
        }));
        let head = TextRange::new(w.range.start(), item.context_expr.range().end());
        self.emit(op, head)?;
        Ok(flow)
    }

    fn for_loop(&mut self, f: &ruff_python_ast::StmtFor) -> Result<Flow, BodyError> {
        if f.is_async {
            return Err(self.unsupported(f.range, "`async for`"));
        }
        let items = match self.eval(&f.iter)? {
            Value::List(v) | Value::Tuple(v) => v,
            Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            Value::Dict(d) => d.into_iter().map(|(k, _)| k).collect(),
            Value::ExecuteResult(r) => return Err(self.result_read(r)),
            Value::Error(e) => return Err(*e),
            other => return Err(self.err(
                f.iter.range(),
                format!("a `for` loop over {}", other.kind()),
                "loop only over literal lists or tuples (written in the file or bound to a name)",
            )),
        };
        for item in items {
            self.assign(&f.target, item)?;
            if let Flow::Return = self.block(&f.body)? {
                return Ok(Flow::Return);
            }
        }
        self.block(&f.orelse)
    }

    fn truth(&mut self, test: &Expr) -> Result<bool, BodyError> {
        let value = self.eval(test)?;
        self.truthy(&value, test.range())
    }

    fn truthy(&self, value: &Value, range: TextRange) -> Result<bool, BodyError> {
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

    fn lookup(&self, name: &str, range: TextRange) -> Result<Value, BodyError> {
        let found = self
            .locals
            .as_ref()
            .and_then(|l| l.get(name))
            .or_else(|| self.globals.get(name));
        match found {
            Some(Value::Error(e)) => Err((**e).clone()),
            Some(v) => Ok(v.clone()),
            None if BUILTINS.contains(&name) => Ok(Value::Path(Rc::from(format!("builtins.{name}").as_str()))),
            None => Err(self.err(
                range,
                format!("name `{name}` is not defined"),
                if matches!(name, "sa" | "sqlalchemy" | "op" | "sqlmodel" | "postgresql" | "mysql" | "sqlite") {
                    format!("add the import, e.g. `import sqlalchemy as sa`, `from alembic import op`, `import sqlmodel` or `from sqlalchemy.dialects import {name}`; Python fails with NameError here too")
                } else {
                    "define it at module level as a literal, or write the value in place; Python fails with NameError here too".to_string()
                },
            )),
        }
    }

    /// Evaluates an expression.
    pub(crate) fn eval(&mut self, expr: &Expr) -> Result<Value, BodyError> {
        Ok(match expr {
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => Value::Int(i.as_i64().ok_or_else(|| {
                    self.err(n.range, "integer literal too large", "use a value that fits 64 bits")
                })?),
                Number::Float(f) => Value::Float(*f),
                Number::Complex { .. } => return Err(self.unsupported(n.range, "a complex number")),
            },
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::FString(f) => Value::Str(self.fstring(f)?),
            Expr::Name(n) => self.lookup(n.id.as_str(), n.range)?,
            Expr::List(l) => Value::List(self.eval_items(&l.elts)?),
            Expr::Tuple(t) => Value::Tuple(self.eval_items(&t.elts)?),
            Expr::Dict(d) => {
                let mut items = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    let Some(key) = &item.key else {
                        return Err(self.unsupported(item.value.range(), "`**` in a dict literal"));
                    };
                    let k = self.eval(key)?;
                    let v = self.eval(&item.value)?;
                    items.push((k, v));
                }
                Value::Dict(items)
            }
            Expr::Attribute(a) => {
                let base = self.eval(&a.value)?;
                self.getattr(base, a.attr.as_str(), a.range)?
            }
            Expr::Call(c) => {
                let func = self.eval(&c.func)?;
                let mut pos = Vec::with_capacity(c.arguments.args.len());
                for arg in c.arguments.args.iter() {
                    if let Expr::Starred(s) = arg {
                        match self.eval(&s.value)? {
                            Value::List(v) | Value::Tuple(v) => {
                                pos.extend(v.into_iter().map(|v| Some((v, s.range))))
                            }
                            other => {
                                return Err(self.err(s.range, format!("`*` over {}", other.kind()), "spread only literal lists or tuples"))
                            }
                        }
                    } else {
                        pos.push(Some((self.eval(arg)?, arg.range())));
                    }
                }
                let mut kw = Vec::with_capacity(c.arguments.keywords.len());
                for k in c.arguments.keywords.iter() {
                    let value = self.eval(&k.value)?;
                    match &k.arg {
                        Some(name) => kw.push(Some((name.to_string(), (value, k.range)))),
                        None => match value {
                            Value::Dict(items) => {
                                for (key, v) in items {
                                    let Value::Str(key) = key else {
                                        return Err(self.err(k.range, "`**` over a dict with non-string keys", "use string keys"));
                                    };
                                    kw.push(Some((key, (v, k.range))));
                                }
                            }
                            other => {
                                return Err(self.err(k.range, format!("`**` over {}", other.kind()), "spread only literal dicts"))
                            }
                        },
                    }
                }
                let range = TextRange::new(c.range_start, c.arguments.range.end());
                let args = Args::new(range, pos, kw);
                self.call(func, args, c.func.range())?
            }
            Expr::BinOp(b) => {
                let l = self.eval(&b.left)?;
                let r = self.eval(&b.right)?;
                self.binop(b.op, l, r, b.range)?
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand)?;
                match (u.op, v) {
                    (UnaryOp::USub, Value::Int(i)) => Value::Int(i.checked_neg().ok_or_else(|| self.err(u.range, "integer overflow", "use a smaller value"))?),
                    (UnaryOp::USub, Value::Float(f)) => Value::Float(-f),
                    (UnaryOp::UAdd, v @ (Value::Int(_) | Value::Float(_))) => v,
                    (UnaryOp::Not, v) => Value::Bool(!self.truthy(&v, u.operand.range())?),
                    (UnaryOp::Invert, Value::Sql(e)) => Value::Sql(Rc::new(super::calls::negate((*e).clone()))),
                    (UnaryOp::USub, Value::Sql(e)) => Value::Sql(Rc::new(SqlExpr::Neg(Box::new((*e).clone())))),
                    (op, v) => return Err(self.unsupported(u.range, format!("`{}` on {}", op.as_str(), v.kind()))),
                }
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, e) in b.values.iter().enumerate() {
                    let v = self.eval(e)?;
                    if matches!(v, Value::Sql(_)) {
                        return Err(self.err(
                            b.range,
                            format!("Python `{}` on SQL expressions", b.op.as_str()),
                            format!("use sa.{}_(...) to combine SQL conditions", b.op.as_str()),
                        ));
                    }
                    let t = self.truthy(&v, e.range())?;
                    last = v;
                    let stop = match b.op {
                        BoolOp::And => !t,
                        BoolOp::Or => t,
                    };
                    if stop || i + 1 == b.values.len() {
                        break;
                    }
                }
                last
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left)?;
                let mut result = Value::Bool(true);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    let r = self.eval(right)?;
                    let v = self.compare(*op, left, r.clone(), c.range)?;
                    if c.ops.len() > 1 && !matches!(v, Value::Bool(_)) {
                        return Err(self.unsupported(c.range, "a chained comparison of SQL expressions"));
                    }
                    let stop = matches!(v, Value::Bool(false));
                    result = v;
                    if stop {
                        break;
                    }
                    left = r;
                }
                result
            }
            Expr::Subscript(s) => {
                let base = self.eval(&s.value)?;
                let index = self.eval(&s.slice)?;
                self.subscript(base, index, s.range)?
            }
            Expr::If(i) => {
                if self.truth(&i.test)? {
                    self.eval(&i.body)?
                } else {
                    self.eval(&i.orelse)?
                }
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                return Err(self.err(
                    expr.range(),
                    "comprehensions are not supported by aludel",
                    "write the items out as a literal list, or use a `for` loop over a literal list",
                ))
            }
            Expr::Lambda(_) => return Err(self.unsupported(expr.range(), "a lambda")),
            Expr::Await(_) => return Err(self.unsupported(expr.range(), "`await`")),
            Expr::Starred(_) => return Err(self.unsupported(expr.range(), "`*` here")),
            other => return Err(self.unsupported(other.range(), describe_expr(other))),
        })
    }

    fn eval_items(&mut self, elts: &[Expr]) -> Result<Vec<Value>, BodyError> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                match self.eval(&s.value)? {
                    Value::List(v) | Value::Tuple(v) => out.extend(v),
                    other => {
                        return Err(self.err(
                            s.range,
                            format!("`*` over {}", other.kind()),
                            "spread only literal lists or tuples",
                        ))
                    }
                }
            } else {
                out.push(self.eval(e)?);
            }
        }
        Ok(out)
    }

    fn fstring(&mut self, f: &ruff_python_ast::ExprFString) -> Result<String, BodyError> {
        let mut out = String::new();
        for part in f.value.iter() {
            match part {
                ruff_python_ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ruff_python_ast::FStringPart::FString(fs) => {
                    for element in fs.elements.iter() {
                        match element {
                            InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                            InterpolatedStringElement::Interpolation(i) => {
                                if i.format_spec.is_some()
                                    || i.conversion != ConversionFlag::None
                                        && i.conversion != ConversionFlag::Str
                                {
                                    return Err(self.unsupported(
                                        i.range,
                                        "a format spec or `!r`/`!a` conversion in an f-string",
                                    ));
                                }
                                if i.debug_text.is_some() {
                                    return Err(self.unsupported(i.range, "`=` in an f-string"));
                                }
                                let v = self.eval(&i.expression)?;
                                out.push_str(&self.to_str(&v, i.range)?);
                            }
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// `str(value)` for the values that have a known text.
    pub(crate) fn to_str(&self, v: &Value, range: TextRange) -> Result<String, BodyError> {
        Ok(match v {
            Value::Str(s) | Value::Conv(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => super::pyfloat::repr(*f),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::None => "None".into(),
            Value::Error(e) => return Err((**e).clone()),
            other => {
                return Err(self.err(
                    range,
                    format!("the text of {} in an f-string", other.kind()),
                    "interpolate only strings and numbers",
                ))
            }
        })
    }

    fn binop(
        &self,
        op: Operator,
        l: Value,
        r: Value,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        let overflow = || self.err(range, "integer overflow", "use smaller values");
        Ok(match (op, l, r) {
            (Operator::Add, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_add(b).ok_or_else(overflow)?)
            }
            (Operator::Sub, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_sub(b).ok_or_else(overflow)?)
            }
            (Operator::Mult, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_mul(b).ok_or_else(overflow)?)
            }
            (Operator::FloorDiv, Value::Int(a), Value::Int(b)) if b != 0 => Value::Int({
                let q = a.checked_div(b).ok_or_else(overflow)?;
                if a % b != 0 && ((a < 0) != (b < 0)) {
                    q - 1
                } else {
                    q
                }
            }),
            (Operator::Mod, Value::Int(a), Value::Int(b)) if b != 0 => Value::Int({
                let m = a.checked_rem(b).ok_or_else(overflow)?;
                if m != 0 && ((m < 0) != (b < 0)) {
                    m + b
                } else {
                    m
                }
            }),
            (Operator::Pow, Value::Int(a), Value::Int(b)) if (0..=62).contains(&b) => {
                Value::Int(a.checked_pow(b as u32).ok_or_else(overflow)?)
            }
            (Operator::Add, Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
            (Operator::Mult, Value::Str(a), Value::Int(n))
            | (Operator::Mult, Value::Int(n), Value::Str(a))
                if (0..=100_000).contains(&n) =>
            {
                Value::Str(a.repeat(n as usize))
            }
            (Operator::Add, Value::List(mut a), Value::List(b)) => {
                a.extend(b);
                Value::List(a)
            }
            (Operator::Add, Value::Tuple(mut a), Value::Tuple(b)) => {
                a.extend(b);
                Value::Tuple(a)
            }
            (op, l @ (Value::Sql(_) | Value::LooseColumn(_)), r)
            | (op, l, r @ (Value::Sql(_) | Value::LooseColumn(_))) => {
                let sql_op = match op {
                    Operator::Add => {
                        if super::calls::is_stringish(&l) || super::calls::is_stringish(&r) {
                            SqlOp::Concat
                        } else {
                            SqlOp::Add
                        }
                    }
                    Operator::Sub => SqlOp::Sub,
                    Operator::Mult => SqlOp::Mul,
                    Operator::Div => {
                        return Err(self.err(
                            range,
                            "`/` between SQL expressions is not supported by aludel",
                            "SQLAlchemy adds dialect-specific casts to true division; write the expression as SQL with sa.literal_column(\"qty / 2\")",
                        ))
                    }
                    Operator::Mod => SqlOp::Mod,
                    Operator::BitAnd => SqlOp::And,
                    Operator::BitOr => SqlOp::Or,
                    other => {
                        return Err(self.unsupported(
                            range,
                            format!("`{}` on SQL expressions", other.as_str()),
                        ))
                    }
                };
                let left = self.to_sql(l, range)?;
                let right = self.to_sql(r, range)?;
                if matches!(sql_op, SqlOp::And | SqlOp::Or) {
                    Value::Sql(Rc::new(SqlExpr::Clauses {
                        op: sql_op,
                        items: vec![left, right],
                    }))
                } else {
                    Value::Sql(Rc::new(SqlExpr::Binary {
                        op: sql_op,
                        left: Box::new(left),
                        right: Box::new(right),
                    }))
                }
            }
            (Operator::Mod, Value::Str(_), _) => {
                return Err(self.err(
                    range,
                    "`%` formatting is not supported by aludel",
                    "use an f-string over literal values",
                ))
            }
            (op, l, r) => {
                return Err(self.unsupported(
                    range,
                    format!("`{}` between {} and {}", op.as_str(), l.kind(), r.kind()),
                ))
            }
        })
    }

    fn compare(&self, op: CmpOp, l: Value, r: Value, range: TextRange) -> Result<Value, BodyError> {
        if let Value::Error(e) = &l {
            return Err((**e).clone());
        }
        if let Value::Error(e) = &r {
            return Err((**e).clone());
        }
        let sqlish = |v: &Value| matches!(v, Value::Sql(_) | Value::LooseColumn(_));
        if sqlish(&l) || sqlish(&r) {
            let (l, r, op) = if sqlish(&l) {
                (l, r, op)
            } else {
                (r, l, flip(op))
            };
            return super::calls::sql_compare(self, op, l, r, range);
        }
        let py = |v: &Value| -> Option<PyCmp> {
            Some(match v {
                Value::None => PyCmp::None,
                Value::Bool(b) => PyCmp::Num(*b as i64 as f64),
                Value::Int(i) => PyCmp::Num(*i as f64),
                Value::Float(f) => PyCmp::Num(*f),
                Value::Str(s) | Value::Conv(s) => PyCmp::Str(s.clone()),
                _ => return None,
            })
        };
        match op {
            CmpOp::In | CmpOp::NotIn => {
                let found = match &r {
                    Value::List(v) | Value::Tuple(v) => {
                        let Some(needle) = py(&l) else {
                            return Err(self.unsupported(range, format!("`in` with {}", l.kind())));
                        };
                        v.iter().any(|x| py(x).as_ref() == Some(&needle))
                    }
                    Value::Str(hay) => match &l {
                        Value::Str(n) => hay.contains(n.as_str()),
                        _ => return Err(self.unsupported(range, format!("`in` with {}", l.kind()))),
                    },
                    Value::Dict(d) => {
                        let Some(needle) = py(&l) else {
                            return Err(self.unsupported(range, format!("`in` with {}", l.kind())));
                        };
                        d.iter().any(|(k, _)| py(k).as_ref() == Some(&needle))
                    }
                    other => {
                        return Err(self.unsupported(range, format!("`in` over {}", other.kind())))
                    }
                };
                Ok(Value::Bool(found == (op == CmpOp::In)))
            }
            _ => {
                let (Some(a), Some(b)) = (py(&l), py(&r)) else {
                    return Err(self
                        .unsupported(range, format!("comparing {} with {}", l.kind(), r.kind())));
                };
                let ord = match (&a, &b) {
                    (PyCmp::Num(x), PyCmp::Num(y)) => x.partial_cmp(y),
                    (PyCmp::Str(x), PyCmp::Str(y)) => Some(x.cmp(y)),
                    _ => None,
                };
                let result = match op {
                    CmpOp::Eq | CmpOp::Is => a == b,
                    CmpOp::NotEq | CmpOp::IsNot => a != b,
                    _ => {
                        let Some(ord) = ord else {
                            return Err(self.unsupported(
                                range,
                                format!("ordering {} and {}", l.kind(), r.kind()),
                            ));
                        };
                        match op {
                            CmpOp::Lt => ord.is_lt(),
                            CmpOp::LtE => ord.is_le(),
                            CmpOp::Gt => ord.is_gt(),
                            _ => ord.is_ge(),
                        }
                    }
                };
                Ok(Value::Bool(result))
            }
        }
    }

    fn subscript(&self, base: Value, index: Value, range: TextRange) -> Result<Value, BodyError> {
        match (base, index) {
            (Value::List(v) | Value::Tuple(v), Value::Int(i)) => {
                let n = v.len() as i64;
                let idx = if i < 0 { i + n } else { i };
                usize::try_from(idx)
                    .ok()
                    .and_then(|i| v.get(i).cloned())
                    .ok_or_else(|| {
                        self.err(
                            range,
                            "index out of range",
                            "Python raises IndexError here too",
                        )
                    })
            }
            (Value::Dict(d), key) => {
                let found = d
                    .into_iter()
                    .find(|(k, _)| same_key(k, &key))
                    .map(|(_, v)| v);
                found.ok_or_else(|| {
                    self.err(
                        range,
                        "key not found in dict",
                        "Python raises KeyError here too",
                    )
                })
            }
            (Value::TableColumns(t), Value::Str(name)) => {
                self.getattr(Value::TableColumns(t), &name, range)
            }
            (b, i) => {
                Err(self.unsupported(range, format!("indexing {} with {}", b.kind(), i.kind())))
            }
        }
    }

    /// Converts a value used inside SQL (a comparison operand, a SET value).
    pub(crate) fn to_sql(&self, v: Value, range: TextRange) -> Result<SqlExpr, BodyError> {
        Ok(match v {
            Value::Sql(e) => (*e).clone(),
            Value::LooseColumn(c) => SqlExpr::Column { table: None, name: c.name.clone() },
            Value::Text(t) => SqlExpr::Raw(super::calls::text_sql(self, &t, range)?),
            Value::Error(e) => return Err(*e),
            other => match other.as_literal() {
                Some(l) => SqlExpr::Literal(l),
                None => {
                    return Err(self.err(
                        range,
                        format!("{} used as an SQL value", other.kind()),
                        "use literals, table columns (t.c.name), sa.func.*(), sa.text() or sa.literal_column()",
                    ))
                }
            },
        })
    }

    /// The literal a value is, or an error naming what it is instead.
    pub(crate) fn literal(
        &self,
        v: &Value,
        range: TextRange,
        what: &str,
    ) -> Result<Literal, BodyError> {
        if let Value::Error(e) = v {
            return Err((**e).clone());
        }
        v.as_literal().ok_or_else(|| {
            self.err(
                range,
                format!(
                    "{what} must be a literal (str, int, float, bool or None), not {}",
                    v.kind()
                ),
                "write the value as a literal",
            )
        })
    }
}

/// Python builtins a revision may call; the few aludel evaluates are
/// handled in `calls.rs`, the rest are errors that name them.
const BUILTINS: &[&str] = &[
    "print",
    "len",
    "str",
    "int",
    "float",
    "bool",
    "range",
    "list",
    "tuple",
    "dict",
    "set",
    "sorted",
    "enumerate",
    "zip",
    "map",
    "filter",
    "open",
    "getattr",
    "hasattr",
    "isinstance",
    "globals",
    "locals",
    "min",
    "max",
    "sum",
    "any",
    "all",
    "repr",
    "format",
];

#[derive(PartialEq)]
enum PyCmp {
    None,
    Num(f64),
    Str(String),
}

fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => false,
    }
}

/// The comparison with sides swapped (`1 < x` is `x > 1`).
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::GtE => CmpOp::LtE,
        other => other,
    }
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
    fn targets(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Name(n) => out.push(n.id.to_string()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, out)),
            Expr::List(t) => t.elts.iter().for_each(|e| targets(e, out)),
            _ => {}
        }
    }
    fn walk(stmt: &Stmt, out: &mut Vec<String>) {
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

/// An expression's kind in words.
fn describe_expr(e: &Expr) -> &'static str {
    match e {
        Expr::Named(_) => "an assignment expression (`:=`)",
        Expr::Set(_) => "a set literal",
        Expr::BytesLiteral(_) => "a bytes literal",
        Expr::Slice(_) => "a slice",
        Expr::Yield(_) | Expr::YieldFrom(_) => "`yield`",
        Expr::TString(_) => "a template string",
        Expr::EllipsisLiteral(_) => "`...`",
        _ => "this expression",
    }
}
