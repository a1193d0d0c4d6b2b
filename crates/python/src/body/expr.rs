//! Expressions: names, literals, f-strings, containers, attribute access,
//! calls, arithmetic on literals, comparisons (Python ones and SQL ones) and
//! subscripts.

use std::rc::Rc;

use aludel_core::schema::Literal;
use ruff_python_ast::{
    BoolOp, CmpOp, ConversionFlag, Expr, InterpolatedStringElement, Number, Operator, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::args::Args;
use super::error::BodyError;
use super::interp::Interp;
use super::sql::{SqlExpr, SqlOp};
use super::value::Value;

impl Interp<'_> {
    /// `[elt for target in iter if cond ...]` (and a generator, read whole):
    /// the names it binds are its own, as in Python 3.
    fn comprehension(
        &mut self,
        generators: &[ruff_python_ast::Comprehension],
        elt: &Expr,
    ) -> Result<Vec<Value>, BodyError> {
        let saved = (self.locals.clone(), self.globals.clone());
        let mut items = Vec::new();
        let result = self.comprehend(generators, elt, &mut items);
        (self.locals, self.globals) = saved;
        result.map(|()| items)
    }

    fn comprehend(
        &mut self,
        generators: &[ruff_python_ast::Comprehension],
        elt: &Expr,
        items: &mut Vec<Value>,
    ) -> Result<(), BodyError> {
        let Some((first, rest)) = generators.split_first() else {
            if items.len() >= MAX_COMPREHENSION_ITEMS {
                return Err(self.err(
                    elt.range(),
                    format!("a comprehension of more than {MAX_COMPREHENSION_ITEMS} items"),
                    "a revision body rarely needs so many values; write them as SQL",
                ));
            }
            items.push(self.eval(elt)?);
            return Ok(());
        };
        if first.is_async {
            return Err(self.unsupported(first.range, "`async for` in a comprehension"));
        }
        for item in self.iterable(&first.iter, "a comprehension")? {
            self.assign(&first.target, item)?;
            let mut keep = true;
            for condition in &first.ifs {
                if !self.truth(condition)? {
                    keep = false;
                    break;
                }
            }
            if keep {
                self.comprehend(rest, elt, items)?;
            }
        }
        Ok(())
    }

    /// `format % args` over literal values, as Python computes it.
    fn percent(&self, format: &str, args: Value, range: TextRange) -> Result<String, BodyError> {
        use crate::percent_format::{percent_format, FormatArgs};
        let scalar = |v: &Value| {
            matches!(
                v,
                Value::Str(_)
                    | Value::Conv(_)
                    | Value::Int(_)
                    | Value::Float(_)
                    | Value::Bool(_)
                    | Value::None
            )
        };
        let bad = |v: &Value| {
            self.err(
                range,
                format!("`%` formatting with {}", v.kind()),
                "format only strings and numbers, or use an f-string",
            )
        };
        let result = match &args {
            Value::Tuple(items) => {
                if let Some(v) = items.iter().find(|v| !scalar(v)) {
                    return Err(bad(v));
                }
                let items: Vec<Scalar> = items.iter().cloned().map(Scalar).collect();
                percent_format(format, FormatArgs::Positional(&items))
            }
            Value::Dict(entries) => {
                if let Some((_, v)) = entries.iter().find(|(_, v)| !scalar(v)) {
                    return Err(bad(v));
                }
                let lookup = |key: &str| {
                    entries.iter().find_map(|(k, v)| match k {
                        Value::Str(k) if k == key => Some(Scalar(v.clone())),
                        _ => None,
                    })
                };
                percent_format(format, FormatArgs::Mapping(&lookup))
            }
            v if scalar(v) => percent_format(format, FormatArgs::Positional(&[Scalar(v.clone())])),
            v => return Err(bad(v)),
        };
        result.map_err(|e| {
            self.err(
                range,
                format!("`%` formatting failed: {e}"),
                "Python raises the same error here",
            )
        })
    }

    /// The module's `__name__` as Alembic imports a revision file: its
    /// file name with every character that is not a letter, digit or `_`
    /// made `_` (`1a2b_add_x.py` → `1a2b_add_x_py`).
    fn module_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }

    pub(crate) fn lookup(&self, name: &str, range: TextRange) -> Result<Value, BodyError> {
        let found = self
            .locals
            .as_ref()
            .and_then(|l| l.get(name))
            .or_else(|| self.globals.get(name));
        match found {
            Some(Value::Error(e)) => Err((**e).clone()),
            Some(v) => Ok(v.clone()),
            None if BUILTINS.contains(&name) => Ok(Value::Path(Rc::from(format!("builtins.{name}").as_str()))),
            None if name == "__name__" => Ok(Value::Str(self.module_name())),
            None => Err(self.fails(
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
        // Deeply nested expressions would exhaust the stack; no migration needs them.
        if self.depth >= MAX_DEPTH {
            return Err(self.err(
                expr.range(),
                "this expression is nested too deeply for aludel",
                "split it into several statements with intermediate variables",
            ));
        }
        self.depth += 1;
        let result = self.eval_node(expr);
        self.depth -= 1;
        result
    }

    /// A call: arguments evaluated (with `*` and `**` spread), then dispatched.
    /// Kept out of `eval_node` so that deep expressions use small stack frames.
    #[inline(never)]
    fn eval_call(&mut self, c: &ruff_python_ast::ExprCall) -> Result<Value, BodyError> {
        let func = self.eval(&c.func)?;
        let mut pos = Vec::with_capacity(c.arguments.args.len());
        for arg in c.arguments.args.iter() {
            if let Expr::Starred(s) = arg {
                match self.eval(&s.value)? {
                    Value::List(v) | Value::Tuple(v) => {
                        pos.extend(v.into_iter().map(|v| Some((v, s.range))))
                    }
                    other => {
                        return Err(self.err(
                            s.range,
                            format!("`*` over {}", other.kind()),
                            "spread only literal lists or tuples",
                        ))
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
                                return Err(self.err(
                                    k.range,
                                    "`**` over a dict with non-string keys",
                                    "use string keys",
                                ));
                            };
                            kw.push(Some((key, (v, k.range))));
                        }
                    }
                    other => {
                        return Err(self.err(
                            k.range,
                            format!("`**` over {}", other.kind()),
                            "spread only literal dicts",
                        ))
                    }
                },
            }
        }
        let range = TextRange::new(c.range_start, c.arguments.range.end());
        let args = Args::new(range, pos, kw);
        self.call(func, args, c.func.range())
    }

    fn eval_node(&mut self, expr: &Expr) -> Result<Value, BodyError> {
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
            Expr::Call(c) => self.eval_call(c)?,
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
            Expr::ListComp(c) => Value::List(self.comprehension(&c.generators, &c.elt)?),
            Expr::Generator(g) => Value::List(self.comprehension(&g.generators, &g.elt)?),
            Expr::SetComp(_) | Expr::DictComp(_) => {
                return Err(self.err(
                    expr.range(),
                    "set and dict comprehensions are not supported by aludel",
                    "write the items out as a literal, or use a list comprehension or a `for` loop over a literal list",
                ))
            }
            Expr::Lambda(l) => Value::Lambda(lambda_shape(l)),
            Expr::Await(_) => return Err(self.unsupported(expr.range(), "`await`")),
            Expr::Starred(_) => return Err(self.unsupported(expr.range(), "`*` here")),
            other => return Err(self.unsupported(other.range(), describe_expr(other))),
        })
    }

    pub(crate) fn eval_items(&mut self, elts: &[Expr]) -> Result<Vec<Value>, BodyError> {
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

    pub(crate) fn fstring(
        &mut self,
        f: &ruff_python_ast::ExprFString,
    ) -> Result<String, BodyError> {
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

    pub(crate) fn binop(
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
            (Operator::Mod, Value::Str(format), args) => {
                Value::Str(self.percent(&format, args, range)?)
            }
            (op, l, r) => {
                return Err(self.unsupported(
                    range,
                    format!("`{}` between {} and {}", op.as_str(), l.kind(), r.kind()),
                ))
            }
        })
    }

    pub(crate) fn compare(
        &self,
        op: CmpOp,
        l: Value,
        r: Value,
        range: TextRange,
    ) -> Result<Value, BodyError> {
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

    pub(crate) fn subscript(
        &self,
        base: Value,
        index: Value,
        range: TextRange,
    ) -> Result<Value, BodyError> {
        match (base, index) {
            (Value::List(v) | Value::Tuple(v), Value::Int(i)) => {
                let n = v.len() as i64;
                let idx = if i < 0 { i + n } else { i };
                usize::try_from(idx)
                    .ok()
                    .and_then(|i| v.get(i).cloned())
                    .ok_or_else(|| {
                        self.fails(
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
                    self.fails(
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

/// How deep expressions and blocks may nest.
pub(crate) const MAX_DEPTH: usize = 24;

/// A scalar value as a `%` formatting argument.
#[derive(Clone)]
struct Scalar(Value);

/// The most values one comprehension may produce.
const MAX_COMPREHENSION_ITEMS: usize = 100_000;

impl crate::percent_format::FormatArg for Scalar {
    fn py_str(&self) -> String {
        match &self.0 {
            Value::Str(s) | Value::Conv(s) => s.clone(),
            other => self.py_repr_of(other),
        }
    }

    fn py_repr(&self) -> String {
        self.py_repr_of(&self.0)
    }

    fn py_int(&self) -> Result<i64, &'static str> {
        match &self.0 {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Float(_) => Err("float"),
            Value::None => Err("NoneType"),
            _ => Err("str"),
        }
    }
}

impl Scalar {
    fn py_repr_of(&self, v: &Value) -> String {
        match v {
            Value::Str(s) | Value::Conv(s) => crate::pystr::repr_str(s),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => super::pyfloat::repr(*f),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            _ => "None".into(),
        }
    }
}

/// Recognises `lambda e: [m.value for m in e]` (and `.name`), the
/// `values_callable` idiom of `sa.Enum`.
fn lambda_shape(l: &ruff_python_ast::ExprLambda) -> super::value::LambdaShape {
    use super::value::LambdaShape;
    let param = match l.parameters.as_deref() {
        Some(p) if p.args.len() == 1 && p.posonlyargs.is_empty() => {
            p.args[0].parameter.name.as_str()
        }
        _ => return LambdaShape::Other,
    };
    let Expr::ListComp(c) = &*l.body else {
        return LambdaShape::Other;
    };
    let [generator] = c.generators.as_slice() else {
        return LambdaShape::Other;
    };
    let (Expr::Name(target), Expr::Name(iter)) = (&generator.target, &generator.iter) else {
        return LambdaShape::Other;
    };
    if iter.id.as_str() != param || !generator.ifs.is_empty() {
        return LambdaShape::Other;
    }
    match &*c.elt {
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id == target.id) => {
            match a.attr.as_str() {
                "value" => LambdaShape::MemberValues,
                "name" => LambdaShape::MemberNames,
                _ => LambdaShape::Other,
            }
        }
        _ => LambdaShape::Other,
    }
}
