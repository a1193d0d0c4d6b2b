//! The values template expressions compute with: the Python types that
//! `script.py.mako` templates use, and the few runtime objects (functions,
//! `config`, `context`, the `re` module, a loop's `loop`) they call.

use std::fmt;

use crate::percent_format::FormatArg;
use crate::pydatetime::PyDateTime;
use crate::pystr;

/// A Python value in a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` (64-bit).
    Int(i64),
    /// A `str`.
    Str(String),
    /// A `tuple`.
    Tuple(Vec<Value>),
    /// A `list`.
    List(Vec<Value>),
    /// A `datetime.datetime`.
    DateTime(PyDateTime),
    /// Mako's `UNDEFINED`: the value of a name the caller did not pass.
    /// Falsy; rendering it is an error.
    Undefined,
    /// A function or object of the template runtime.
    Object(Object),
}

/// A runtime object; made by the renderer, not by callers (except through
/// [`Value::comma_function`] and [`Value::config_object`]).
#[derive(Clone, PartialEq)]
pub struct Object(pub(crate) ObjectKind);

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.describe())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ObjectKind {
    /// A built-in or runtime function, by name (`repr`, `comma`, ...).
    Function(Function),
    /// Alembic's `Config`.
    Config,
    /// Mako's `context`.
    Context,
    /// The `re` module.
    ReModule,
    /// A `for` loop's `loop` object.
    Loop { index: usize, length: usize },
    /// A method bound to its receiver, by name.
    Method(Box<Value>, String),
}

/// The functions templates may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Function {
    Repr,
    Str,
    Len,
    Bool,
    Int,
    List,
    Tuple,
    Sorted,
    /// Alembic's `util.format_as_comma`, passed as the `comma` variable.
    Comma,
}

impl Function {
    pub(crate) fn builtin(name: &str) -> Option<Function> {
        Some(match name {
            "repr" => Function::Repr,
            "str" => Function::Str,
            "len" => Function::Len,
            "bool" => Function::Bool,
            "int" => Function::Int,
            "list" => Function::List,
            "tuple" => Function::Tuple,
            "sorted" => Function::Sorted,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Function::Repr => "repr",
            Function::Str => "str",
            Function::Len => "len",
            Function::Bool => "bool",
            Function::Int => "int",
            Function::List => "list",
            Function::Tuple => "tuple",
            Function::Sorted => "sorted",
            Function::Comma => "format_as_comma",
        }
    }
}

impl ObjectKind {
    fn describe(&self) -> String {
        match self {
            ObjectKind::Function(f) => format!("<function {}>", f.name()),
            ObjectKind::Config => "<alembic.config.Config object>".into(),
            ObjectKind::Context => "<mako.runtime.Context object>".into(),
            ObjectKind::ReModule => "<module 're'>".into(),
            ObjectKind::Loop { .. } => "<mako.runtime.LoopContext object>".into(),
            ObjectKind::Method(_, name) => format!("<bound method {name}>"),
        }
    }
}

impl Value {
    /// A `str` value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A tuple of strings.
    pub fn str_tuple<S: AsRef<str>>(items: &[S]) -> Value {
        Value::Tuple(items.iter().map(|s| Value::str(s.as_ref())).collect())
    }

    /// A list of strings.
    pub fn str_list<S: AsRef<str>>(items: &[S]) -> Value {
        Value::List(items.iter().map(|s| Value::str(s.as_ref())).collect())
    }

    /// Alembic's `comma` template variable (`util.format_as_comma`).
    pub fn comma_function() -> Value {
        Value::Object(Object(ObjectKind::Function(Function::Comma)))
    }

    /// Alembic's `config` template variable; its lookups are answered by
    /// the context's [`ConfigLookup`](super::ConfigLookup).
    pub fn config_object() -> Value {
        Value::Object(Object(ObjectKind::Config))
    }

    pub(crate) fn object(kind: ObjectKind) -> Value {
        Value::Object(Object(kind))
    }

    /// Python truthiness (`UNDEFINED` is falsy, like Mako's).
    pub fn truthy(&self) -> bool {
        match self {
            Value::None | Value::Undefined => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(v) | Value::List(v) => !v.is_empty(),
            Value::DateTime(_) | Value::Object(_) => true,
        }
    }

    /// Python's type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::DateTime(_) => "datetime",
            Value::Undefined => "Undefined",
            Value::Object(o) => match o.0 {
                ObjectKind::Function(_) | ObjectKind::Method(..) => "function",
                ObjectKind::Config => "Config",
                ObjectKind::Context => "Context",
                ObjectKind::ReModule => "module",
                ObjectKind::Loop { .. } => "LoopContext",
            },
        }
    }

    /// Python's `repr()`.
    pub fn repr(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Str(s) => pystr::repr_str(s),
            Value::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(Value::repr).collect();
                if inner.len() == 1 {
                    format!("({},)", inner[0])
                } else {
                    format!("({})", inner.join(", "))
                }
            }
            Value::List(items) => {
                let inner: Vec<String> = items.iter().map(Value::repr).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::DateTime(dt) => dt.py_repr(),
            Value::Undefined => "<mako.runtime.Undefined object>".into(),
            Value::Object(o) => o.0.describe(),
        }
    }

    /// Python's `str()`; `None` for `UNDEFINED`, whose `str()` raises.
    pub fn to_py_str(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::DateTime(dt) => Some(dt.py_str()),
            Value::Undefined => None,
            other => Some(other.repr()),
        }
    }

    /// Python's `==`.
    pub fn py_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Bool(a), Value::Int(b)) | (Value::Int(b), Value::Bool(a)) => {
                i64::from(*a) == *b
            }
            (Value::Tuple(a), Value::Tuple(b)) | (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (a, b) => a == b,
        }
    }

    /// The items of a tuple, list or str (its characters); `None` for
    /// values that are not iterable.
    pub fn iter_items(&self) -> Option<Vec<Value>> {
        match self {
            Value::Tuple(v) | Value::List(v) => Some(v.clone()),
            Value::Str(s) => Some(s.chars().map(|c| Value::Str(c.to_string())).collect()),
            _ => None,
        }
    }
}

impl FormatArg for Value {
    fn py_str(&self) -> String {
        self.to_py_str().unwrap_or_default()
    }

    fn py_repr(&self) -> String {
        self.repr()
    }

    fn py_int(&self) -> Result<i64, &'static str> {
        match self {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            other => Err(other.type_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_of_sequences_matches_python() {
        assert_eq!(Value::str_tuple(&["a"]).repr(), "('a',)");
        assert_eq!(Value::str_tuple(&["a", "b"]).repr(), "('a', 'b')");
        assert_eq!(Value::Tuple(vec![]).repr(), "()");
        assert_eq!(Value::str_list(&["x", "it's"]).repr(), "['x', \"it's\"]");
        assert_eq!(Value::List(vec![]).repr(), "[]");
        assert_eq!(Value::None.repr(), "None");
        assert_eq!(
            Value::Tuple(vec![Value::None, Value::Bool(true), Value::Int(-3)]).repr(),
            "(None, True, -3)"
        );
    }

    #[test]
    fn truthiness_and_equality() {
        assert!(!Value::Undefined.truthy());
        assert!(!Value::str("").truthy());
        assert!(Value::str_tuple(&["a"]).truthy());
        assert!(Value::Int(1).py_eq(&Value::Bool(true)));
        assert!(!Value::str_tuple(&["a"]).py_eq(&Value::str_list(&["a"])));
        assert_eq!(Value::Undefined.to_py_str(), None);
        assert_eq!(Value::None.to_py_str().unwrap(), "None");
    }
}
