//! Evaluating the Python expressions and statements of a template over
//! [`Value`]s, with Mako's name lookup: local names (code blocks, loop
//! targets), module-block names, `context`/`loop`/`UNDEFINED`, the template
//! variables, Python built-ins, and otherwise `UNDEFINED`.

use std::collections::HashMap;

use ruff_python_ast::{BoolOp, CmpOp, Expr, Number, Operator, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::compile::offset_in_template;
use super::filters::{format_as_comma, join};
use super::value::{Function, Object, ObjectKind, Value};
use super::{ConfigQuery, Template, TemplateContext, TemplateError};
use crate::percent_format::{percent_format, FormatArgs};
use crate::pystr;

/// Python built-ins aludel does not implement, named in the error when used.
const UNSUPPORTED_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "dict",
    "enumerate",
    "filter",
    "float",
    "format",
    "getattr",
    "hasattr",
    "isinstance",
    "map",
    "max",
    "min",
    "print",
    "range",
    "reversed",
    "round",
    "set",
    "sum",
    "type",
    "zip",
    "open",
    "eval",
    "exec",
    "ord",
    "chr",
    "hex",
];

/// A running `% for` loop, for Mako's `loop` object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoopState {
    pub index: usize,
    pub length: usize,
}

pub(crate) struct Evaluator<'r> {
    pub template: &'r Template,
    pub context: &'r TemplateContext<'r>,
    pub locals: HashMap<String, Value>,
    pub globals: HashMap<String, Value>,
    pub loops: Vec<LoopState>,
}

type Result<T> = std::result::Result<T, TemplateError>;

impl<'r> Evaluator<'r> {
    pub fn new(template: &'r Template, context: &'r TemplateContext<'r>) -> Self {
        Evaluator {
            template,
            context,
            locals: HashMap::new(),
            globals: HashMap::new(),
            loops: Vec::new(),
        }
    }

    fn range_of(&self, range: TextRange, delta: isize) -> (usize, usize) {
        (
            offset_in_template(range.start().to_usize(), delta),
            offset_in_template(range.end().to_usize(), delta),
        )
    }

    /// A Python-level error at `range`.
    pub fn fail(
        &self,
        range: TextRange,
        delta: isize,
        message: impl Into<String>,
    ) -> TemplateError {
        let (start, end) = self.range_of(range, delta);
        TemplateError::Render {
            location: self.template.locate(start, end),
            message: message.into(),
        }
    }

    /// A construct aludel does not implement, at `range`.
    pub fn unsupported(
        &self,
        range: TextRange,
        delta: isize,
        construct: impl Into<String>,
    ) -> TemplateError {
        let (start, end) = self.range_of(range, delta);
        TemplateError::Unsupported {
            location: self.template.locate(start, end),
            construct: construct.into(),
        }
    }

    /// Execute the statements of a code block.
    pub fn exec(&mut self, statements: &[Stmt], delta: isize, module: bool) -> Result<()> {
        for statement in statements {
            match statement {
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let name = alias.name.id.as_str();
                        if name != "re" {
                            return Err(self.unsupported(
                                alias.range,
                                delta,
                                format!("importing `{name}`"),
                            ));
                        }
                        let bound = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
                        self.bind(module, bound, Value::object(ObjectKind::ReModule));
                    }
                }
                Stmt::Assign(assign) if !module => {
                    let value = self.eval(&assign.value, delta)?;
                    for target in &assign.targets {
                        self.assign(target, value.clone(), delta)?;
                    }
                }
                Stmt::AnnAssign(assign) if !module && assign.value.is_some() => {
                    if let Some(value) = &assign.value {
                        let value = self.eval(value, delta)?;
                        self.assign(&assign.target, value, delta)?;
                    }
                }
                Stmt::Pass(_) => {}
                other => {
                    return Err(self.unsupported(
                        other.range(),
                        delta,
                        format!(
                            "this statement in a `{}` block",
                            if module { "<%! %>" } else { "<% %>" }
                        ),
                    ))
                }
            }
        }
        Ok(())
    }

    fn bind(&mut self, module: bool, name: &str, value: Value) {
        if module {
            self.globals.insert(name.to_string(), value);
        } else {
            self.locals.insert(name.to_string(), value);
        }
    }

    /// Bind an assignment or loop target: a name, or a tuple/list of names.
    pub fn assign(&mut self, target: &Expr, value: Value, delta: isize) -> Result<()> {
        match target {
            Expr::Name(name) => {
                self.locals.insert(name.id.as_str().to_string(), value);
                Ok(())
            }
            Expr::Tuple(ruff_python_ast::ExprTuple { elts, .. })
            | Expr::List(ruff_python_ast::ExprList { elts, .. }) => {
                let Some(items) = value.iter_items() else {
                    return Err(self.fail(
                        target.range(),
                        delta,
                        format!("cannot unpack non-iterable {} object", value.type_name()),
                    ));
                };
                if items.len() != elts.len() {
                    return Err(self.fail(
                        target.range(),
                        delta,
                        format!(
                            "expected {} values to unpack, got {}",
                            elts.len(),
                            items.len()
                        ),
                    ));
                }
                for (element, item) in elts.iter().zip(items) {
                    self.assign(element, item, delta)?;
                }
                Ok(())
            }
            other => Err(self.unsupported(other.range(), delta, "this assignment target")),
        }
    }

    fn lookup(&self, name: &str) -> Value {
        if let Some(value) = self.locals.get(name).or_else(|| self.globals.get(name)) {
            return value.clone();
        }
        match name {
            "context" => return Value::object(ObjectKind::Context),
            "UNDEFINED" => return Value::Undefined,
            "loop" => {
                if let Some(state) = self.loops.last() {
                    return Value::object(ObjectKind::Loop {
                        index: state.index,
                        length: state.length,
                    });
                }
            }
            _ => {}
        }
        if let Some(value) = self.context.get(name) {
            return value.clone();
        }
        match Function::builtin(name) {
            Some(function) => Value::object(ObjectKind::Function(function)),
            None => Value::Undefined,
        }
    }

    /// Evaluate an expression.
    pub fn eval(&self, expr: &Expr, delta: isize) -> Result<Value> {
        match expr {
            Expr::StringLiteral(s) => Ok(Value::Str(s.value.to_str().to_string())),
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i
                    .as_i64()
                    .map(Value::Int)
                    .ok_or_else(|| self.unsupported(n.range, delta, "an integer this large")),
                _ => Err(self.unsupported(n.range, delta, "a non-integer number")),
            },
            Expr::Name(name) => {
                let id = name.id.as_str();
                let value = self.lookup(id);
                if value == Value::Undefined && UNSUPPORTED_BUILTINS.contains(&id) {
                    return Err(self.unsupported(
                        name.range,
                        delta,
                        format!("the built-in `{id}`"),
                    ));
                }
                if id == "loop" && value == Value::Undefined {
                    return Err(self.fail(
                        name.range,
                        delta,
                        "`loop` is only available inside `% for`",
                    ));
                }
                Ok(value)
            }
            Expr::Tuple(tuple) => Ok(Value::Tuple(self.eval_all(&tuple.elts, delta)?)),
            Expr::List(list) => Ok(Value::List(self.eval_all(&list.elts, delta)?)),
            Expr::If(cond) => {
                if self.eval(&cond.test, delta)?.truthy() {
                    self.eval(&cond.body, delta)
                } else {
                    self.eval(&cond.orelse, delta)
                }
            }
            Expr::BoolOp(op) => {
                let mut last = Value::None;
                for value in &op.values {
                    last = self.eval(value, delta)?;
                    let stop = match op.op {
                        BoolOp::And => !last.truthy(),
                        BoolOp::Or => last.truthy(),
                    };
                    if stop {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::UnaryOp(op) => {
                let operand = self.eval(&op.operand, delta)?;
                match (op.op, &operand) {
                    (UnaryOp::Not, v) => Ok(Value::Bool(!v.truthy())),
                    (UnaryOp::USub, Value::Int(i)) => i
                        .checked_neg()
                        .map(Value::Int)
                        .ok_or_else(|| self.fail(op.range, delta, "integer overflow")),
                    (UnaryOp::UAdd, Value::Int(_)) => Ok(operand),
                    (_, v) => Err(self.fail(
                        op.range,
                        delta,
                        format!("bad operand type for unary operator: '{}'", v.type_name()),
                    )),
                }
            }
            Expr::Compare(compare) => {
                let mut left = self.eval(&compare.left, delta)?;
                for (op, right_expr) in compare.ops.iter().zip(compare.comparators.iter()) {
                    let right = self.eval(right_expr, delta)?;
                    if !self.compare(*op, &left, &right, compare.range, delta)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            Expr::BinOp(binop) => {
                let left = self.eval(&binop.left, delta)?;
                let right = self.eval(&binop.right, delta)?;
                self.binary(binop.op, left, right, binop.range, delta)
            }
            Expr::Subscript(subscript) => {
                let value = self.eval(&subscript.value, delta)?;
                self.subscript(value, &subscript.slice, subscript.range, delta)
            }
            Expr::Attribute(attribute) => {
                let value = self.eval(&attribute.value, delta)?;
                self.attribute(value, attribute.attr.id.as_str(), attribute.range, delta)
            }
            Expr::Call(call) => {
                if !call.arguments.keywords.iter().all(|k| k.arg.is_some()) {
                    return Err(self.unsupported(call.range(), delta, "`**` arguments"));
                }
                if call
                    .arguments
                    .args
                    .iter()
                    .any(|a| matches!(a, Expr::Starred(_)))
                {
                    return Err(self.unsupported(call.range(), delta, "`*` arguments"));
                }
                let args = self.eval_all(&call.arguments.args, delta)?;
                let mut keywords = Vec::with_capacity(call.arguments.keywords.len());
                for keyword in &call.arguments.keywords {
                    let name = keyword
                        .arg
                        .as_ref()
                        .map(|a| a.id.as_str())
                        .unwrap_or_default();
                    keywords.push((name.to_string(), self.eval(&keyword.value, delta)?));
                }
                let callee = match &*call.func {
                    Expr::Attribute(attribute) => {
                        let receiver = self.eval(&attribute.value, delta)?;
                        let name = attribute.attr.id.as_str();
                        return self.call_method(
                            receiver,
                            name,
                            args,
                            keywords,
                            call.range(),
                            delta,
                        );
                    }
                    func => self.eval(func, delta)?,
                };
                self.call(callee, args, keywords, call.range(), delta)
            }
            Expr::FString(_) => Err(self.unsupported(expr.range(), delta, "an f-string")),
            Expr::Dict(_) => Err(self.unsupported(expr.range(), delta, "a dict")),
            Expr::Set(_) => Err(self.unsupported(expr.range(), delta, "a set")),
            Expr::Lambda(_) => Err(self.unsupported(expr.range(), delta, "a lambda")),
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                Err(self.unsupported(expr.range(), delta, "a comprehension"))
            }
            Expr::Named(_) => {
                Err(self.unsupported(expr.range(), delta, "an assignment expression"))
            }
            Expr::BytesLiteral(_) => Err(self.unsupported(expr.range(), delta, "a bytes literal")),
            Expr::Starred(_) => Err(self.unsupported(expr.range(), delta, "a starred expression")),
            _ => Err(self.unsupported(expr.range(), delta, "this expression")),
        }
    }

    fn eval_all(&self, exprs: &[Expr], delta: isize) -> Result<Vec<Value>> {
        exprs.iter().map(|e| self.eval(e, delta)).collect()
    }

    fn compare(
        &self,
        op: CmpOp,
        left: &Value,
        right: &Value,
        range: TextRange,
        delta: isize,
    ) -> Result<bool> {
        let ordering = || -> Result<std::cmp::Ordering> {
            match (left, right) {
                (Value::Int(a), Value::Int(b)) => Ok(a.cmp(b)),
                (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
                (a, b) => Err(self.fail(
                    range,
                    delta,
                    format!(
                        "'<' not supported between instances of '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                )),
            }
        };
        let identical = |a: &Value, b: &Value| -> Result<bool> {
            match (a, b) {
                (Value::None, _)
                | (_, Value::None)
                | (Value::Undefined, _)
                | (_, Value::Undefined) => Ok(a == b),
                (Value::Bool(x), Value::Bool(y)) => Ok(x == y),
                _ => Err(self.unsupported(
                    range,
                    delta,
                    "`is` between values other than None, True, False or UNDEFINED",
                )),
            }
        };
        Ok(match op {
            CmpOp::Eq => left.py_eq(right),
            CmpOp::NotEq => !left.py_eq(right),
            CmpOp::Is => identical(left, right)?,
            CmpOp::IsNot => !identical(left, right)?,
            CmpOp::In | CmpOp::NotIn => {
                let found = match right {
                    Value::Tuple(items) | Value::List(items) => items.iter().any(|i| i.py_eq(left)),
                    Value::Str(haystack) => match left {
                        Value::Str(needle) => haystack.contains(needle.as_str()),
                        other => {
                            return Err(self.fail(
                                range,
                                delta,
                                format!(
                                    "'in <string>' requires string as left operand, not {}",
                                    other.type_name()
                                ),
                            ))
                        }
                    },
                    other => {
                        return Err(self.fail(
                            range,
                            delta,
                            format!("argument of type '{}' is not iterable", other.type_name()),
                        ))
                    }
                };
                found == (op == CmpOp::In)
            }
            CmpOp::Lt => ordering()?.is_lt(),
            CmpOp::LtE => ordering()?.is_le(),
            CmpOp::Gt => ordering()?.is_gt(),
            CmpOp::GtE => ordering()?.is_ge(),
        })
    }

    fn binary(
        &self,
        op: Operator,
        left: Value,
        right: Value,
        range: TextRange,
        delta: isize,
    ) -> Result<Value> {
        let overflow = || self.fail(range, delta, "integer overflow");
        let result = match (op, &left, &right) {
            (Operator::Add, Value::Str(a), Value::Str(b)) => Value::Str(format!("{a}{b}")),
            (Operator::Add, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_add(*b).ok_or_else(overflow)?)
            }
            (Operator::Add, Value::Tuple(a), Value::Tuple(b)) => {
                Value::Tuple([a.as_slice(), b].concat())
            }
            (Operator::Add, Value::List(a), Value::List(b)) => {
                Value::List([a.as_slice(), b].concat())
            }
            (Operator::Sub, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_sub(*b).ok_or_else(overflow)?)
            }
            (Operator::Mult, Value::Int(a), Value::Int(b)) => {
                Value::Int(a.checked_mul(*b).ok_or_else(overflow)?)
            }
            (Operator::Mult, Value::Str(s), Value::Int(n))
            | (Operator::Mult, Value::Int(n), Value::Str(s)) => {
                let count = usize::try_from(*n).unwrap_or(0);
                if s.len().saturating_mul(count) > 1 << 24 {
                    return Err(self.fail(range, delta, "string too large"));
                }
                Value::Str(s.repeat(count))
            }
            (Operator::Mod, Value::Str(format), args) => {
                let result = match args {
                    Value::Tuple(items) => percent_format(format, FormatArgs::Positional(items)),
                    single => {
                        percent_format(format, FormatArgs::Positional(std::slice::from_ref(single)))
                    }
                };
                Value::Str(result.map_err(|e| self.fail(range, delta, e.to_string()))?)
            }
            (op, a, b) => {
                return Err(self.fail(
                    range,
                    delta,
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        op.as_str(),
                        a.type_name(),
                        b.type_name()
                    ),
                ))
            }
        };
        Ok(result)
    }

    fn subscript(
        &self,
        value: Value,
        slice: &Expr,
        range: TextRange,
        delta: isize,
    ) -> Result<Value> {
        let items = match &value {
            Value::Tuple(items) | Value::List(items) => items.clone(),
            Value::Str(_) => value.iter_items().unwrap_or_default(),
            other => {
                return Err(self.fail(
                    range,
                    delta,
                    format!("'{}' object is not subscriptable", other.type_name()),
                ))
            }
        };
        let rebuild = |items: Vec<Value>| match &value {
            Value::Tuple(_) => Value::Tuple(items),
            Value::List(_) => Value::List(items),
            _ => Value::Str(
                items
                    .iter()
                    .filter_map(|v| match v {
                        Value::Str(s) => Some(s.as_str()),
                        _ => None,
                    })
                    .collect(),
            ),
        };
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        if let Expr::Slice(s) = slice {
            if s.step.is_some() {
                return Err(self.unsupported(s.range, delta, "a slice with a step"));
            }
            let bound = |e: &Option<Box<Expr>>, default: i64| -> Result<i64> {
                match e {
                    None => Ok(default),
                    Some(e) => match self.eval(e, delta)? {
                        Value::Int(i) => Ok(if i < 0 { (i + len).max(0) } else { i.min(len) }),
                        Value::None => Ok(default),
                        other => Err(self.fail(
                            e.range(),
                            delta,
                            format!(
                                "slice indices must be integers or None, not {}",
                                other.type_name()
                            ),
                        )),
                    },
                }
            };
            let lower = usize::try_from(bound(&s.lower, 0)?).unwrap_or(0);
            let upper = usize::try_from(bound(&s.upper, len)?).unwrap_or(0);
            let picked = if lower < upper {
                items[lower..upper].to_vec()
            } else {
                Vec::new()
            };
            return Ok(rebuild(picked));
        }
        match self.eval(slice, delta)? {
            Value::Int(i) => {
                let index = if i < 0 { i + len } else { i };
                usize::try_from(index)
                    .ok()
                    .and_then(|i| items.get(i).cloned())
                    .ok_or_else(|| {
                        self.fail(
                            range,
                            delta,
                            format!("{} index out of range", value.type_name()),
                        )
                    })
            }
            other => Err(self.fail(
                range,
                delta,
                format!(
                    "{} indices must be integers, not {}",
                    value.type_name(),
                    other.type_name()
                ),
            )),
        }
    }

    fn attribute(&self, value: Value, name: &str, range: TextRange, delta: isize) -> Result<Value> {
        if let Value::Object(Object(ObjectKind::Loop { index, length })) = value {
            let as_int = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
            return match name {
                "index" => Ok(as_int(index)),
                "reverse_index" => Ok(as_int(length - index - 1)),
                "first" => Ok(Value::Bool(index == 0)),
                "last" => Ok(Value::Bool(index + 1 == length)),
                "even" => Ok(Value::Bool(index % 2 == 0)),
                "odd" => Ok(Value::Bool(index % 2 == 1)),
                "cycle" => Ok(Value::object(ObjectKind::Method(
                    Box::new(value),
                    name.to_string(),
                ))),
                _ => Err(self.unsupported(range, delta, format!("`loop.{name}`"))),
            };
        }
        match (&value, name) {
            (Value::DateTime(dt), _) if dt.attribute(name).is_some() => {
                Ok(Value::Int(dt.attribute(name).unwrap_or_default()))
            }
            (Value::Undefined, _) => Err(self.fail(
                range,
                delta,
                format!("'Undefined' object has no attribute '{name}'"),
            )),
            _ if is_method(&value, name) => Ok(Value::object(ObjectKind::Method(
                Box::new(value),
                name.to_string(),
            ))),
            (Value::Object(o), _)
                if matches!(
                    o.0,
                    ObjectKind::Config | ObjectKind::Context | ObjectKind::ReModule
                ) =>
            {
                Err(self.unsupported(
                    range,
                    delta,
                    format!("the attribute `{name}` of {}", value.type_name()),
                ))
            }
            _ => Err(self.fail(
                range,
                delta,
                format!("'{}' object has no attribute '{name}'", value.type_name()),
            )),
        }
    }

    /// Call a function value.
    pub fn call(
        &self,
        callee: Value,
        args: Vec<Value>,
        keywords: Vec<(String, Value)>,
        range: TextRange,
        delta: isize,
    ) -> Result<Value> {
        match callee {
            Value::Object(object) => match object.0 {
                ObjectKind::Function(function) => {
                    if let Some((name, _)) = keywords.first() {
                        return Err(self.fail(
                            range,
                            delta,
                            format!(
                                "{}() got an unexpected keyword argument '{name}'",
                                function.name()
                            ),
                        ));
                    }
                    self.call_function(function, args, range, delta)
                }
                ObjectKind::Method(receiver, name) => {
                    self.call_method(*receiver, &name, args, keywords, range, delta)
                }
                other => Err(self.fail(
                    range,
                    delta,
                    format!(
                        "'{}' object is not callable",
                        Value::object(other).type_name()
                    ),
                )),
            },
            Value::Undefined => Err(self.fail(range, delta, "'Undefined' object is not callable")),
            other => Err(self.fail(
                range,
                delta,
                format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    fn call_function(
        &self,
        function: Function,
        args: Vec<Value>,
        range: TextRange,
        delta: isize,
    ) -> Result<Value> {
        let name = function.name();
        let [arg] = <[Value; 1]>::try_from(args).map_err(|args| {
            self.fail(
                range,
                delta,
                format!("{name}() takes exactly one argument ({} given)", args.len()),
            )
        })?;
        let undefined = || {
            self.fail(
                range,
                delta,
                format!("{name}() of an undefined template variable"),
            )
        };
        match function {
            Function::Repr => match arg {
                Value::Undefined => Err(undefined()),
                v => Ok(Value::Str(v.repr())),
            },
            Function::Str => arg.to_py_str().map(Value::Str).ok_or_else(undefined),
            Function::Len => match &arg {
                Value::Tuple(v) | Value::List(v) => {
                    Ok(Value::Int(i64::try_from(v.len()).unwrap_or(i64::MAX)))
                }
                Value::Str(s) => Ok(Value::Int(
                    i64::try_from(s.chars().count()).unwrap_or(i64::MAX),
                )),
                other => Err(self.fail(
                    range,
                    delta,
                    format!("object of type '{}' has no len()", other.type_name()),
                )),
            },
            Function::Bool => Ok(Value::Bool(arg.truthy())),
            Function::Int => match &arg {
                Value::Int(_) => Ok(arg),
                Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
                Value::Str(s) => pystr::strip(s)
                    .replace('_', "")
                    .parse::<i64>()
                    .map(Value::Int)
                    .map_err(|_| {
                        self.fail(
                            range,
                            delta,
                            format!("invalid literal for int() with base 10: {}", arg.repr()),
                        )
                    }),
                other => Err(self.fail(
                    range,
                    delta,
                    format!(
                        "int() argument must be a string or a number, not '{}'",
                        other.type_name()
                    ),
                )),
            },
            Function::List | Function::Tuple | Function::Sorted => {
                let mut items = arg.iter_items().ok_or_else(|| {
                    self.fail(
                        range,
                        delta,
                        format!("'{}' object is not iterable", arg.type_name()),
                    )
                })?;
                match function {
                    Function::List => Ok(Value::List(items)),
                    Function::Tuple => Ok(Value::Tuple(items)),
                    _ => {
                        if items.iter().all(|v| matches!(v, Value::Str(_)))
                            || items.iter().all(|v| matches!(v, Value::Int(_)))
                        {
                            items.sort_by(|a, b| match (a, b) {
                                (Value::Str(x), Value::Str(y)) => x.cmp(y),
                                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                                _ => std::cmp::Ordering::Equal,
                            });
                            Ok(Value::List(items))
                        } else {
                            Err(self.unsupported(
                                range,
                                delta,
                                "sorting values of mixed or non-string types",
                            ))
                        }
                    }
                }
            }
            Function::Comma => format_as_comma(&arg)
                .map(Value::Str)
                .map_err(|message| self.fail(range, delta, message)),
        }
    }

    fn call_method(
        &self,
        receiver: Value,
        name: &str,
        args: Vec<Value>,
        keywords: Vec<(String, Value)>,
        range: TextRange,
        delta: isize,
    ) -> Result<Value> {
        if !is_method(&receiver, name) {
            // Attribute errors and non-method attributes.
            let attribute = self.attribute(receiver, name, range, delta)?;
            return self.call(attribute, args, keywords, range, delta);
        }
        let signature = method_signature(&receiver, name);
        let args = self.bind_arguments(name, signature, args, keywords, range, delta)?;
        let str_arg = |i: usize| -> Result<Option<&str>> {
            match args.get(i) {
                Some(Value::Str(s)) => Ok(Some(s.as_str())),
                Some(Value::None) | None => Ok(None),
                Some(other) => Err(self.fail(
                    range,
                    delta,
                    format!(
                        "{name}() argument {} must be str, not {}",
                        i + 1,
                        other.type_name()
                    ),
                )),
            }
        };
        let required_str = |i: usize| -> Result<&str> {
            str_arg(i)?.ok_or_else(|| {
                self.fail(
                    range,
                    delta,
                    format!("{name}() argument {} must be str, not None", i + 1),
                )
            })
        };
        match &receiver {
            Value::Str(s) => {
                let s = s.as_str();
                Ok(match name {
                    "join" => {
                        let items = args[0]
                            .iter_items()
                            .ok_or_else(|| self.fail(range, delta, "can only join an iterable"))?;
                        Value::Str(join(s, &items).map_err(|m| self.fail(range, delta, m))?)
                    }
                    "upper" => Value::Str(s.to_uppercase()),
                    "lower" => Value::Str(s.to_lowercase()),
                    "strip" | "lstrip" | "rstrip" => {
                        let chars: Option<Vec<char>> = str_arg(0)?.map(|c| c.chars().collect());
                        let matches = |c: char| match &chars {
                            Some(set) => set.contains(&c),
                            None => pystr::is_space(c),
                        };
                        Value::Str(
                            match name {
                                "strip" => s.trim_matches(matches),
                                "lstrip" => s.trim_start_matches(matches),
                                _ => s.trim_end_matches(matches),
                            }
                            .to_string(),
                        )
                    }
                    "replace" => Value::Str(s.replace(required_str(0)?, required_str(1)?)),
                    "startswith" => Value::Bool(s.starts_with(required_str(0)?)),
                    "endswith" => Value::Bool(s.ends_with(required_str(0)?)),
                    "split" => {
                        let parts: Vec<Value> = match str_arg(0)? {
                            Some("") => return Err(self.fail(range, delta, "empty separator")),
                            Some(separator) => s.split(separator).map(Value::str).collect(),
                            None => s
                                .split(pystr::is_space)
                                .filter(|p| !p.is_empty())
                                .map(Value::str)
                                .collect(),
                        };
                        Value::List(parts)
                    }
                    _ => {
                        return Err(self.unsupported(
                            range,
                            delta,
                            format!("the str method `{name}`"),
                        ))
                    }
                })
            }
            Value::DateTime(dt) => {
                let format = required_str(0)?;
                dt.strftime(format).map(Value::Str).map_err(|directive| {
                    self.unsupported(
                        range,
                        delta,
                        format!("the strftime directive `%{directive}`"),
                    )
                })
            }
            Value::Object(object) => match &object.0 {
                ObjectKind::Config => {
                    let query = match name {
                        "get_main_option" => ConfigQuery::Main {
                            name: required_str(0)?,
                        },
                        "get_alembic_option" => ConfigQuery::Alembic {
                            name: required_str(0)?,
                        },
                        _ => ConfigQuery::Section {
                            section: required_str(0)?,
                            name: required_str(1)?,
                        },
                    };
                    let default_index = if name == "get_section_option" { 2 } else { 1 };
                    let answer = match self.context.config {
                        Some(lookup) => lookup(query).map_err(|m| self.fail(range, delta, m))?,
                        None => None,
                    };
                    Ok(match answer {
                        Some(value) => Value::Str(value),
                        None => args.get(default_index).cloned().unwrap_or(Value::None),
                    })
                }
                ObjectKind::Context => {
                    let key = required_str(0)?;
                    let default = args.get(1).cloned().unwrap_or(Value::None);
                    Ok(self.context.get(key).cloned().unwrap_or_else(|| {
                        Function::builtin(key)
                            .map_or(default, |f| Value::object(ObjectKind::Function(f)))
                    }))
                }
                ObjectKind::ReModule => {
                    let pattern = required_str(0)?;
                    let text = required_str(1)?;
                    let regex = regex::Regex::new(pattern).map_err(|e| {
                        self.unsupported(
                            range,
                            delta,
                            format!("the regular expression {} ({e})", pystr::repr_str(pattern)),
                        )
                    })?;
                    if regex.captures_len() > 1 {
                        return Err(self.unsupported(
                            range,
                            delta,
                            "re.split with capturing groups",
                        ));
                    }
                    let limit = match args.get(2) {
                        Some(Value::Int(n)) if *n > 0 => {
                            usize::try_from(*n).unwrap_or(usize::MAX).saturating_add(1)
                        }
                        _ => usize::MAX,
                    };
                    Ok(Value::List(
                        regex.splitn(text, limit).map(Value::str).collect(),
                    ))
                }
                ObjectKind::Loop { index, .. } => {
                    if args.is_empty() {
                        return Err(self.fail(range, delta, "cycle() requires at least one value"));
                    }
                    Ok(args[index % args.len()].clone())
                }
                _ => Err(self.unsupported(range, delta, format!("the method `{name}`"))),
            },
            _ => Err(self.unsupported(range, delta, format!("the method `{name}`"))),
        }
    }

    /// Match positional and keyword arguments to a method's parameters.
    fn bind_arguments(
        &self,
        name: &str,
        signature: Signature,
        mut args: Vec<Value>,
        keywords: Vec<(String, Value)>,
        range: TextRange,
        delta: isize,
    ) -> Result<Vec<Value>> {
        if signature.variadic {
            if !keywords.is_empty() {
                return Err(self.fail(
                    range,
                    delta,
                    format!("{name}() takes no keyword arguments"),
                ));
            }
            return Ok(args);
        }
        let total = signature.params.len();
        if args.len() > total {
            return Err(self.fail(
                range,
                delta,
                format!(
                    "{name}() takes at most {total} arguments ({} given)",
                    args.len()
                ),
            ));
        }
        let mut bound: Vec<Option<Value>> = args.drain(..).map(Some).collect();
        bound.resize(total, None);
        for (keyword, value) in keywords {
            let Some(position) = signature.params.iter().position(|p| *p == keyword) else {
                return Err(self.fail(
                    range,
                    delta,
                    format!("{name}() got an unexpected keyword argument '{keyword}'"),
                ));
            };
            if bound[position].is_some() {
                return Err(self.fail(
                    range,
                    delta,
                    format!("{name}() got multiple values for argument '{keyword}'"),
                ));
            }
            bound[position] = Some(value);
        }
        if let Some(missing) = bound
            .iter()
            .take(signature.required)
            .position(Option::is_none)
        {
            return Err(self.fail(
                range,
                delta,
                format!(
                    "{name}() missing required argument '{}'",
                    signature.params[missing]
                ),
            ));
        }
        Ok(bound
            .into_iter()
            .map(|v| v.unwrap_or(Value::None))
            .collect())
    }
}

/// A method's parameters: names, how many are required, or variadic.
#[derive(Clone, Copy)]
struct Signature {
    params: &'static [&'static str],
    required: usize,
    variadic: bool,
}

const fn sig(params: &'static [&'static str], required: usize) -> Signature {
    Signature {
        params,
        required,
        variadic: false,
    }
}

fn method_signature(receiver: &Value, name: &str) -> Signature {
    match (receiver, name) {
        (Value::Str(_), "join") => sig(&["iterable"], 1),
        (Value::Str(_), "upper" | "lower") => sig(&[], 0),
        (Value::Str(_), "strip" | "lstrip" | "rstrip") => sig(&["chars"], 0),
        (Value::Str(_), "replace") => sig(&["old", "new"], 2),
        (Value::Str(_), "startswith" | "endswith") => sig(&["prefix"], 1),
        (Value::Str(_), "split") => sig(&["sep"], 0),
        (Value::DateTime(_), _) => sig(&["format"], 1),
        (Value::Object(o), _) => match (&o.0, name) {
            (ObjectKind::Config, "get_section_option") => sig(&["section", "name", "default"], 2),
            (ObjectKind::Config, _) => sig(&["name", "default"], 1),
            (ObjectKind::Context, _) => sig(&["key", "default"], 1),
            (ObjectKind::ReModule, _) => sig(&["pattern", "string", "maxsplit"], 2),
            _ => Signature {
                params: &[],
                required: 0,
                variadic: true,
            },
        },
        _ => sig(&[], 0),
    }
}

/// Whether `name` is a method aludel implements on `receiver`.
fn is_method(receiver: &Value, name: &str) -> bool {
    match receiver {
        Value::Str(_) => matches!(
            name,
            "join"
                | "upper"
                | "lower"
                | "strip"
                | "lstrip"
                | "rstrip"
                | "replace"
                | "startswith"
                | "endswith"
                | "split"
        ),
        Value::DateTime(_) => name == "strftime",
        Value::Object(o) => match o.0 {
            ObjectKind::Config => matches!(
                name,
                "get_main_option" | "get_section_option" | "get_alembic_option"
            ),
            ObjectKind::Context => name == "get",
            ObjectKind::ReModule => name == "split",
            ObjectKind::Loop { .. } => name == "cycle",
            _ => false,
        },
        _ => false,
    }
}
