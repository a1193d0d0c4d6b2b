//! Type annotations of model fields, read the way SQLModel and SQLAlchemy
//! read them: `Optional[X]`, `X | None` and `Union[X, None]` make the field
//! "noneable", `Annotated[X, ...]` carries metadata (a `Field(...)`, an
//! `annotated_types.MaxLen`), `Mapped[X]` wraps SQLAlchemy 2 columns,
//! string annotations are parsed, aliases are followed across modules.

use ruff_python_ast::{Expr, Operator};
use ruff_text_size::{Ranged, TextRange};

use super::classes::resolve_expr;
use super::error::ModelError;
use super::modules::{ModuleSet, ParsedModule};
use super::resolve::{ClassKey, Symbols, Target};

/// What an annotation names once its wrappers are taken off.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeRef {
    /// A class outside the application (`builtins.str`, `datetime.datetime`).
    External(String),
    /// A class of the application (an enum, or another model).
    Class(ClassKey),
    /// A call used as a type: pydantic's `constr(...)`, `condecimal(...)`.
    Call {
        /// The function's dotted path.
        path: String,
        /// The call, and the module it is written in.
        call: Box<Expr>,
        /// Module the call is written in.
        module: String,
    },
    /// `None`.
    NoneType,
    /// `Literal[...]`.
    Literal,
    /// A union of several types other than `None`.
    Union,
    /// Something the reader cannot name.
    Unknown(String),
}

/// A field's annotation, taken apart.
#[derive(Debug, Clone)]
pub(crate) struct Annotation {
    /// The type, without `Optional` / `Annotated` / `Mapped`.
    pub type_: TypeRef,
    /// A union with `None` (`Optional[X]`, `X | None`).
    pub optional: bool,
    /// `Annotated[...]` metadata items, each with the module it is written in.
    pub metadata: Vec<(String, Expr)>,
    /// Wrapped in `Mapped[...]` (SQLAlchemy 2).
    pub mapped: bool,
    /// `ClassVar[...]`: not a field.
    pub class_var: bool,
    /// Where it is written.
    pub range: TextRange,
}

/// Reads annotations in the context of the loaded modules.
pub(crate) struct AnnotationReader<'a> {
    pub modules: &'a ModuleSet,
    pub symbols: &'a Symbols,
}

impl AnnotationReader<'_> {
    /// Takes apart the annotation `expr` written in `module`.
    pub fn read(&self, module: &ParsedModule, expr: &Expr) -> Result<Annotation, ModelError> {
        let mut a = Annotation {
            type_: TypeRef::Unknown(String::new()),
            optional: false,
            metadata: Vec::new(),
            mapped: false,
            class_var: false,
            range: expr.range(),
        };
        self.walk(module, expr, &mut a, 0)?;
        Ok(a)
    }

    fn walk(
        &self,
        module: &ParsedModule,
        expr: &Expr,
        a: &mut Annotation,
        depth: usize,
    ) -> Result<(), ModelError> {
        if depth > 30 {
            return Err(ModelError::located(
                module.loc(expr.range()),
                "this annotation nests too deeply",
                "simplify the annotation",
            ));
        }
        match expr {
            Expr::StringLiteral(s) => {
                let text = s.value.to_str();
                let parsed = ruff_python_parser::parse_expression(text).map_err(|e| {
                    ModelError::located(
                        module.loc(s.range),
                        format!(
                            "the string annotation {text:?} is not a Python expression: {}",
                            e.error
                        ),
                        "fix the annotation; pydantic cannot resolve it either",
                    )
                })?;
                // Positions inside the string are relative to it: errors point at the string.
                let inner = shift(parsed.into_expr(), s.range);
                return self.walk(module, &inner, a, depth + 1);
            }
            Expr::NoneLiteral(_) => {
                a.type_ = TypeRef::NoneType;
                return Ok(());
            }
            Expr::BinOp(b) if b.op == Operator::BitOr => {
                return self.union(module, &[&b.left, &b.right], a, depth);
            }
            Expr::Subscript(s) => {
                let origin = self.target(module, &s.value);
                let items: Vec<&Expr> = match &*s.slice {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let origin_path = match &origin {
                    Target::External(p) => p.clone(),
                    _ => String::new(),
                };
                match typing_name(&origin_path) {
                    Some("Optional") => {
                        a.optional = true;
                        return self.walk(module, items[0], a, depth + 1);
                    }
                    Some("Union") => return self.union(module, &items, a, depth),
                    Some("Annotated") => {
                        for m in &items[1..] {
                            a.metadata.push((module.name.clone(), (*m).clone()));
                        }
                        return self.walk(module, items[0], a, depth + 1);
                    }
                    Some("Mapped") => {
                        a.mapped = true;
                        return self.walk(module, items[0], a, depth + 1);
                    }
                    Some("ClassVar") => {
                        a.class_var = true;
                        return Ok(());
                    }
                    Some("Literal") => {
                        a.type_ = TypeRef::Literal;
                        return Ok(());
                    }
                    _ => {}
                }
                // Any other generic is its origin (`list[str]` is `list`).
                a.type_ = self.type_of(module, origin, &s.value);
                return Ok(());
            }
            Expr::Call(c) => {
                if let Target::External(path) = self.target(module, &c.func) {
                    a.type_ = TypeRef::Call {
                        path,
                        call: Box::new(expr.clone()),
                        module: module.name.clone(),
                    };
                    return Ok(());
                }
            }
            _ => {}
        }
        let target = self.target(module, expr);
        // A module-level alias (`Id = Annotated[int, Field(primary_key=True)]`).
        if let Target::Assigned {
            module: m,
            name,
            rest,
        } = &target
        {
            if rest.is_empty() {
                if let (Some(value), Some(owner)) =
                    (self.symbols.assigned(m, name), self.modules.get(m))
                {
                    if !matches!(value, Expr::Call(_)) {
                        return self.walk(owner, value, a, depth + 1);
                    }
                }
            }
        }
        a.type_ = self.type_of(module, target, expr);
        Ok(())
    }

    fn union(
        &self,
        module: &ParsedModule,
        items: &[&Expr],
        a: &mut Annotation,
        depth: usize,
    ) -> Result<(), ModelError> {
        let mut kept = Vec::new();
        for item in items {
            let mut part = Annotation {
                type_: TypeRef::Unknown(String::new()),
                optional: false,
                metadata: Vec::new(),
                mapped: false,
                class_var: false,
                range: item.range(),
            };
            self.walk(module, item, &mut part, depth + 1)?;
            if part.type_ == TypeRef::NoneType {
                a.optional = true;
            } else {
                a.optional |= part.optional;
                kept.push(part);
            }
        }
        match kept.len() {
            0 => a.type_ = TypeRef::NoneType,
            1 => {
                let part = kept.pop().expect("one part");
                a.type_ = part.type_;
                a.metadata.extend(part.metadata);
                a.mapped |= part.mapped;
            }
            _ => a.type_ = TypeRef::Union,
        }
        Ok(())
    }

    fn target(&self, module: &ParsedModule, expr: &Expr) -> Target {
        resolve_expr(self.modules, self.symbols, module, expr)
    }

    fn type_of(&self, module: &ParsedModule, target: Target, expr: &Expr) -> TypeRef {
        match target {
            Target::External(p) => TypeRef::External(p),
            Target::Class(k, rest) if rest.is_empty() => TypeRef::Class(k),
            _ => TypeRef::Unknown(module.source[expr.range()].to_string()),
        }
    }
}

/// The `typing` construct a dotted path names (`typing.Optional`,
/// `typing_extensions.Annotated`, `sqlalchemy.orm.Mapped`...).
fn typing_name(path: &str) -> Option<&'static str> {
    let last = path.rsplit('.').next()?;
    let module = path.rsplit_once('.').map_or("", |(m, _)| m);
    let typing = matches!(module, "typing" | "typing_extensions");
    match last {
        "Optional" if typing => Some("Optional"),
        "Union" if typing => Some("Union"),
        "Annotated" if typing => Some("Annotated"),
        "ClassVar" if typing => Some("ClassVar"),
        "Literal" if typing => Some("Literal"),
        "Mapped" if module.starts_with("sqlalchemy") => Some("Mapped"),
        _ => None,
    }
}

/// Moves every position in a parsed string annotation onto the string
/// literal it came from, so errors inside it point at the annotation (and
/// no range points past the module's text).
fn shift(mut expr: Expr, at: TextRange) -> Expr {
    ruff_python_ast::relocate::relocate_expr(&mut expr, at);
    expr
}
