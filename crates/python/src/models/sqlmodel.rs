//! SQLModel table classes → tables: the rules of `SQLModelMetaclass`,
//! `get_sqlalchemy_type` and `get_column_from_field`, as measured on real
//! SQLModel releases (`crates/python/tests/models_differential.rs` checks
//! them against SQLModel itself), for the SQLModel version the project uses.

use aludel_core::schema::{Column, ColumnForeignKey, Constraint, SqlType};
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use super::annotation::{Annotation, AnnotationReader, TypeRef};
use super::classes::{resolve_expr, ClassInfo};
use super::error::ModelError;
use super::eval::Evaluator;
use super::fields::{plan_fields, Attr};
use super::resolve::Target;
use super::table::{ColumnSpec, TableSpec};
use super::version::SqlModelVersion;
use crate::body::{Args, BodyError, Interp, Value};

/// The outside classes a SQLModel model derives from.
pub(crate) const SQLMODEL_ROOTS: &[&str] = &["sqlmodel.SQLModel", "sqlmodel.main.SQLModel"];

const FIELD: &[&str] = &["sqlmodel.Field", "sqlmodel.main.Field"];
const RELATIONSHIP: &[&str] = &[
    "sqlmodel.Relationship",
    "sqlmodel.main.Relationship",
    "sqlalchemy.orm.relationship",
    "sqlalchemy.orm.relation",
];

/// Reads SQLModel table classes.
pub(crate) struct SqlModelReader<'a, 'm> {
    pub ev: &'a Evaluator<'m>,
    pub version: SqlModelVersion,
}

/// The options of one field, from `Field(...)` (and `Annotated` metadata).
#[derive(Default)]
struct FieldOptions {
    primary_key: Option<bool>,
    nullable: Option<bool>,
    index: Option<bool>,
    unique: Option<bool>,
    foreign_key: Option<(String, TextRange)>,
    ondelete: Option<(String, TextRange)>,
    max_length: Option<u32>,
    max_digits: Option<u32>,
    decimal_places: Option<u32>,
    sa_type: Option<(Value, TextRange)>,
    sa_column: Option<(Value, TextRange)>,
    sa_column_args: Vec<(Value, TextRange)>,
    sa_column_kwargs: Vec<(String, (Value, TextRange))>,
    /// Where `Field(...)` is written, for messages.
    at: Option<TextRange>,
}

impl<'a, 'm> SqlModelReader<'a, 'm> {
    /// Whether `attr`'s value is a call to one of `paths`.
    fn calls(&self, attr: &Attr<'_>, paths: &[&str]) -> bool {
        attr.value
            .is_some_and(|v| self.is_call_to(attr.owner, v, paths))
    }

    fn is_call_to(&self, owner: &ClassInfo<'_>, expr: &Expr, paths: &[&str]) -> bool {
        let Expr::Call(c) = expr else { return false };
        match resolve_expr(self.ev.modules, self.ev.symbols, owner.module, &c.func) {
            Target::External(p) => paths.contains(&p.as_str()),
            _ => false,
        }
    }

    fn annotation(&self, attr: &Attr<'_>) -> Result<Option<Annotation>, ModelError> {
        let Some(ann) = attr.annotation else {
            return Ok(None);
        };
        let reader = AnnotationReader {
            modules: self.ev.modules,
            symbols: self.ev.symbols,
        };
        reader.read(attr.owner.module, ann).map(Some)
    }

    /// The table of SQLModel class `key` (which has `table=True`).
    pub fn read(&self, info: &'m ClassInfo<'m>) -> Result<TableSpec, ModelError> {
        let is_rel = |a: &Attr<'m>| self.calls(a, RELATIONSHIP);
        let is_class_var = |a: &Attr<'m>| {
            self.annotation(a)
                .ok()
                .flatten()
                .is_some_and(|ann| ann.class_var)
        };
        let is_column = |a: &Attr<'m>| {
            self.calls(
                a,
                &[
                    "sqlalchemy.Column",
                    "sqlalchemy.schema.Column",
                    "sqlmodel.Column",
                ],
            )
        };
        let plan = plan_fields(
            self.ev.classes,
            &info.key,
            &is_rel,
            &is_class_var,
            &is_column,
        )?;
        let mut spec = TableSpec::new(info, super::table::table_name(self.ev, info)?);
        for attr in plan.fields {
            let column = if attr.annotation.is_none() {
                self.plain_column(&attr)?
            } else {
                self.field_column(&attr)?
            };
            spec.columns.push(column);
        }
        super::table::apply_table_args(self.ev, info, &mut spec)?;
        Ok(spec)
    }

    /// An un-annotated `Column(...)` copied from a mixin.
    fn plain_column(&self, attr: &Attr<'m>) -> Result<ColumnSpec, ModelError> {
        let value = attr.value.expect("a plain attribute has a value");
        let v = self.ev.eval(attr.owner.module, value)?;
        let Value::Column(def) = v else {
            return Err(located(attr, value.range(), "expected a Column(...)", ""));
        };
        Ok(ColumnSpec::from_def(attr.name, *def, value.range()))
    }

    /// The column of one annotated field.
    fn field_column(&self, attr: &Attr<'m>) -> Result<ColumnSpec, ModelError> {
        let module = attr.owner.module;
        let ann = self.annotation(attr)?.expect("annotated");
        let mut interp = self.ev.interp(module);
        let mut opts = FieldOptions::default();
        // `Annotated[..., Field(...)]` first; the assigned `Field(...)` wins.
        for (m, meta) in &ann.metadata {
            let Some(owner) = self.ev.modules.get(m) else {
                continue;
            };
            if let Expr::Call(c) = meta {
                let target = resolve_expr(self.ev.modules, self.ev.symbols, owner, &c.func);
                match target {
                    Target::External(p) if FIELD.contains(&p.as_str()) => {
                        let mut i = self.ev.interp(owner);
                        read_field(&mut i, c, &mut opts)?;
                    }
                    Target::External(p) if p.ends_with(".MaxLen") => {
                        let mut i = self.ev.interp(owner);
                        if let Some(arg) = c.arguments.args.first() {
                            if let Value::Int(n) = i.eval(arg)? {
                                opts.max_length = opts.max_length.or(u32::try_from(n).ok());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(Expr::Call(c)) = attr.value {
            if self.is_call_to(attr.owner, attr.value.unwrap(), FIELD) {
                read_field(&mut interp, c, &mut opts)?;
            }
        }
        let at = attr.value.map_or(ann.range, Ranged::range);
        // sa_column: the Column as written, named after the field unless it says.
        if let Some((value, range)) = opts.sa_column.take() {
            for (given, what) in [
                (opts.primary_key.is_some(), "primary_key"),
                (opts.nullable.is_some(), "nullable"),
                (opts.foreign_key.is_some(), "foreign_key"),
                (opts.unique.is_some(), "unique"),
                (opts.index.is_some(), "index"),
                (opts.sa_type.is_some(), "sa_type"),
                (!opts.sa_column_args.is_empty(), "sa_column_args"),
                (!opts.sa_column_kwargs.is_empty(), "sa_column_kwargs"),
            ] {
                if given {
                    return Err(fails(
                        attr,
                        range,
                        format!("Passing {what} is not supported when also passing a sa_column"),
                        "SQLModel raises RuntimeError here too; put the option into the Column(...)",
                    ));
                }
            }
            let Value::Column(def) = value else {
                return Err(located(
                    attr,
                    range,
                    format!("sa_column= is {}, not a Column(...)", value.kind()),
                    "pass sa_column=Column(...)",
                ));
            };
            let mut spec = ColumnSpec::from_def(attr.name, *def, range);
            if !spec.type_given {
                spec.column.type_ = self.annotation_type(attr, &ann, &opts, at)?;
                spec.type_given = true;
            }
            return Ok(spec);
        }
        let type_ = match opts.sa_type.take() {
            Some((v, r)) => interp.to_type(v, r)?,
            None => self.annotation_type(attr, &ann, &opts, at)?,
        };
        let primary_key = opts.primary_key.unwrap_or(false);
        let mut nullable = !primary_key && ann.optional;
        if let Some(n) = opts.nullable {
            nullable = n;
        }
        let mut column = Column::new(attr.name, type_);
        column.primary_key = primary_key;
        column.nullable = nullable;
        column.index = opts.index.unwrap_or(false);
        column.unique = opts.unique.unwrap_or(false);
        let mut checks = Vec::new();
        if let Some((target, _)) = &opts.foreign_key {
            column.foreign_keys.push(ColumnForeignKey {
                target: target.clone(),
                name: None,
                ondelete: opts.ondelete.as_ref().map(|(o, _)| o.clone()),
                onupdate: None,
            });
        } else if let Some((_, r)) = &opts.ondelete {
            return Err(fails(
                attr,
                *r,
                "ondelete can only be used with foreign_key",
                "SQLModel raises RuntimeError here too; add foreign_key=\"table.column\"",
            ));
        }
        for (v, r) in std::mem::take(&mut opts.sa_column_args) {
            match v {
                Value::ForeignKey(fk) => column.foreign_keys.push(*fk),
                Value::Constraint(c) if matches!(*c, Constraint::Check { .. }) => checks.push(*c),
                other => {
                    return Err(located(
                        attr,
                        r,
                        format!("sa_column_args item {} is not supported by aludel", other.kind()),
                        "pass ForeignKey(...) or CheckConstraint(...) objects, or map the column with sa_column=Column(...)",
                    ))
                }
            }
        }
        let mut name = attr.name.to_string();
        let mut kwargs = Args::new(
            opts.at.unwrap_or(at),
            Vec::new(),
            opts.sa_column_kwargs.into_iter().map(Some).collect(),
        );
        apply_column_kwargs(&interp, &mut kwargs, &mut column, &mut name, attr)?;
        column.name = name;
        if let Some((ondelete, r)) = &opts.ondelete {
            if ondelete.eq_ignore_ascii_case("SET NULL") && !column.nullable {
                return Err(fails(attr, *r, "ondelete=\"SET NULL\" requires nullable=True", "SQLModel raises RuntimeError here too; make the field Optional or nullable=True"));
            }
        }
        Ok(ColumnSpec {
            key: attr.name.to_string(),
            column,
            type_given: true,
            nullable_given: true,
            checks,
            at,
        })
    }

    /// The SQLAlchemy type SQLModel picks for the annotation.
    fn annotation_type(
        &self,
        attr: &Attr<'m>,
        ann: &Annotation,
        opts: &FieldOptions,
        at: TextRange,
    ) -> Result<SqlType, ModelError> {
        let v = self.version;
        let no_type = |what: &str| {
            fails(
                attr,
                ann.range,
                format!("{what} has no matching SQLAlchemy type"),
                "SQLModel raises ValueError here too; pass sa_type=... (e.g. sa_type=sa.JSON) or sa_column=Column(...); a custom type can be mapped in [tool.aludel.types]",
            )
        };
        let _ = at;
        Ok(match &ann.type_ {
            TypeRef::Class(k) => match self.ev.enum_class(k) {
                Some(e) => SqlType::Enum(aludel_core::schema::EnumType::new(
                    Some(&e.name.to_lowercase()),
                    &e.members.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
                )),
                None => return Err(no_type(&format!("the class `{}`", k.name))),
            },
            TypeRef::External(p) => match simple_type(p, v, opts) {
                Some(Ok(t)) => t,
                Some(Err(msg)) => return Err(fails(attr, ann.range, msg, "SQLModel fails here too")),
                None => return Err(no_type(&format!("`{p}`"))),
            },
            TypeRef::Call { path, call, module } => {
                let last = path.rsplit('.').next().unwrap_or(path);
                let owner = self.ev.modules.get(module).unwrap_or(attr.owner.module);
                let Expr::Call(c) = &**call else { unreachable!("a call") };
                match last {
                    "constr" | "EmailStr" => SqlType::AutoString { length: None },
                    "conint" => SqlType::Integer,
                    "confloat" => SqlType::Float { precision: None },
                    "conbytes" => SqlType::LargeBinary { length: None },
                    "condecimal" => {
                        let mut interp = self.ev.interp(owner);
                        let mut digits = None;
                        let mut places = None;
                        for k in c.arguments.keywords.iter() {
                            let name = k.arg.as_ref().map(|a| a.as_str());
                            let value = interp.eval(&k.value)?;
                            let n = match value {
                                Value::Int(n) => u32::try_from(n).ok(),
                                _ => None,
                            };
                            match name {
                                Some("max_digits") => digits = n,
                                Some("decimal_places") => places = n,
                                _ => {}
                            }
                        }
                        SqlType::Numeric { precision: digits.or(opts.max_digits), scale: places.or(opts.decimal_places) }
                    }
                    _ => return Err(no_type(&format!("`{path}(...)`"))),
                }
            }
            TypeRef::NoneType => return Err(no_type("`None`")),
            TypeRef::Literal => {
                return Err(fails(attr, ann.range, "a Literal[...] annotation", "SQLModel raises TypeError (issubclass() arg 1 must be a class) here too; use an Enum, or sa_type=..."))
            }
            TypeRef::Union => {
                return Err(fails(attr, ann.range, "Cannot have a (non-optional) union as a SQLAlchemy field", "SQLModel raises ValueError here too"))
            }
            TypeRef::Unknown(text) => {
                return Err(located(
                    attr,
                    ann.range,
                    format!("aludel cannot tell what type the annotation `{text}` names"),
                    "annotate with a builtin, datetime/uuid/decimal type, an Enum class of the application, or pass sa_type=...; if the name comes from a module aludel did not load, name the model modules in [tool.aludel] models = [...]",
                ))
            }
        })
    }
}

/// The column type of an annotation that names an outside class.
fn simple_type(
    path: &str,
    v: SqlModelVersion,
    opts: &FieldOptions,
) -> Option<Result<SqlType, String>> {
    let last = path.rsplit('.').next().unwrap_or(path);
    let module = path.rsplit_once('.').map_or("", |(m, _)| m);
    let pydantic = module.starts_with("pydantic");
    let string = || SqlType::AutoString {
        length: opts.max_length.filter(|&n| n > 0),
    };
    Some(Ok(match (module, last) {
        ("builtins", "str") => string(),
        (_, "EmailStr" | "NameEmail" | "StrictStr") if pydantic => string(),
        (
            "ipaddress",
            "IPv4Address" | "IPv6Address" | "IPv4Network" | "IPv6Network" | "IPv4Interface"
            | "IPv6Interface",
        ) => string(),
        ("pathlib", "Path" | "PurePath" | "PosixPath") => string(),
        ("builtins", "int") => SqlType::Integer,
        (_, "PositiveInt" | "NegativeInt" | "NonNegativeInt" | "NonPositiveInt" | "StrictInt")
            if pydantic =>
        {
            SqlType::Integer
        }
        ("builtins", "float") => SqlType::Float { precision: None },
        (
            _,
            "PositiveFloat" | "NegativeFloat" | "NonNegativeFloat" | "NonPositiveFloat"
            | "StrictFloat" | "FiniteFloat",
        ) if pydantic => SqlType::Float { precision: None },
        ("builtins", "bool") => SqlType::Boolean,
        (_, "StrictBool") if pydantic => SqlType::Boolean,
        ("datetime", "datetime") => {
            if v.utc_datetime() {
                SqlType::UtcDateTime
            } else {
                SqlType::DateTime { timezone: false }
            }
        }
        (_, "AwareDatetime" | "FutureDatetime" | "PastDatetime") if pydantic => {
            if !v.utc_datetime() {
                return Some(Err(format!("{path} has no matching SQLAlchemy type before sqlmodel 0.0.45 (this project uses {v})")));
            }
            SqlType::UtcDateTime
        }
        (_, "NaiveDatetime") if pydantic => {
            if !v.utc_datetime() {
                return Some(Err(format!("{path} has no matching SQLAlchemy type before sqlmodel 0.0.45 (this project uses {v})")));
            }
            SqlType::DateTime { timezone: false }
        }
        ("datetime", "date") => SqlType::Date,
        (_, "PastDate" | "FutureDate") if pydantic => SqlType::Date,
        ("datetime", "time") => SqlType::Time { timezone: false },
        ("datetime", "timedelta") => SqlType::Interval,
        ("decimal", "Decimal") => {
            if opts.max_length.is_some() {
                // pydantic lists the MaxLen object first; SQLModel reads only it.
                SqlType::Numeric {
                    precision: None,
                    scale: None,
                }
            } else {
                SqlType::Numeric {
                    precision: opts.max_digits,
                    scale: opts.decimal_places,
                }
            }
        }
        ("uuid", "UUID") => uuid(v),
        (_, "UUID1" | "UUID3" | "UUID4" | "UUID5") if pydantic => uuid(v),
        ("builtins", "bytes") => SqlType::LargeBinary { length: None },
        _ => return None,
    }))
}

fn uuid(v: SqlModelVersion) -> SqlType {
    if v.uuid_is_guid() {
        SqlType::Guid
    } else {
        SqlType::Uuid { as_uuid: true }
    }
}

/// Reads the keyword arguments of `Field(...)` that decide the column.
fn read_field(
    interp: &mut Interp<'_>,
    call: &ExprCall,
    opts: &mut FieldOptions,
) -> Result<(), ModelError> {
    opts.at = Some(call.range());
    for k in call.arguments.keywords.iter() {
        let Some(name) = k.arg.as_ref().map(|a| a.as_str()) else {
            return Err(ModelError::located(
                loc(interp, k.range),
                "`**` in Field(...)",
                "write the Field options out as keywords",
            ));
        };
        let range = k.value.range();
        let uint = |v: &Value| match v {
            Value::Int(n) => u32::try_from(*n).ok(),
            _ => None,
        };
        match name {
            "primary_key" | "nullable" | "index" | "unique" => {
                let v = interp.eval(&k.value)?;
                let b = match v {
                    Value::Bool(b) => Some(b),
                    Value::None => None,
                    other => {
                        return Err(ModelError::located(
                            loc(interp, range),
                            format!("{name}= is {}, not True/False", other.kind()),
                            "write a literal True or False",
                        ));
                    }
                };
                match name {
                    "primary_key" => opts.primary_key = b,
                    "nullable" => opts.nullable = b,
                    "index" => opts.index = b,
                    _ => opts.unique = b,
                }
            }
            "foreign_key" | "ondelete" => {
                let v = interp.eval(&k.value)?;
                let s = match v {
                    Value::Str(s) => Some((s, range)),
                    Value::None => None,
                    other => {
                        return Err(ModelError::located(
                            loc(interp, range),
                            format!("{name}= is {}, not a string", other.kind()),
                            "write the target as \"table.column\"",
                        ));
                    }
                };
                if name == "foreign_key" {
                    opts.foreign_key = s;
                } else {
                    opts.ondelete = s;
                }
            }
            "max_length" | "max_digits" | "decimal_places" => {
                let v = interp.eval(&k.value)?;
                let n = uint(&v);
                match name {
                    "max_length" => opts.max_length = n,
                    "max_digits" => opts.max_digits = n,
                    _ => opts.decimal_places = n,
                }
            }
            "sa_type" => opts.sa_type = Some((interp.eval(&k.value)?, range)),
            "sa_column" => opts.sa_column = Some((interp.eval(&k.value)?, range)),
            "sa_column_args" => match interp.eval(&k.value)? {
                Value::List(items) | Value::Tuple(items) => {
                    opts.sa_column_args = items.into_iter().map(|v| (v, range)).collect()
                }
                other => {
                    return Err(ModelError::located(
                        loc(interp, range),
                        format!("sa_column_args= is {}, not a list", other.kind()),
                        "pass a list: sa_column_args=[...]",
                    ));
                }
            },
            "sa_column_kwargs" => match interp.eval(&k.value)? {
                Value::Dict(items) => {
                    for (key, v) in items {
                        let Value::Str(key) = key else {
                            return Err(ModelError::located(
                                loc(interp, range),
                                "sa_column_kwargs= keys must be strings",
                                "write string keys",
                            ));
                        };
                        opts.sa_column_kwargs.push((key, (v, range)));
                    }
                }
                other => {
                    return Err(ModelError::located(
                        loc(interp, range),
                        format!("sa_column_kwargs= is {}, not a dict", other.kind()),
                        "pass a dict: sa_column_kwargs={...}",
                    ));
                }
            },
            // Python-side and validation options: they make no DDL.
            _ => {}
        }
    }
    Ok(())
}

/// Applies `sa_column_kwargs` (last, as SQLModel does) to a column.
fn apply_column_kwargs(
    interp: &Interp<'_>,
    kwargs: &mut Args,
    column: &mut Column,
    name: &mut String,
    attr: &Attr<'_>,
) -> Result<(), ModelError> {
    if let Some(a) = kwargs.kw("nullable") {
        column.nullable = interp.boolean(a, "nullable")?;
    }
    if let Some(a) = kwargs.kw("primary_key") {
        column.primary_key = interp.boolean(a, "primary_key")?;
    }
    if let Some(a) = kwargs.kw("unique") {
        column.unique = interp.opt_bool(a, "unique")?.unwrap_or(false);
    }
    if let Some(a) = kwargs.kw("index") {
        column.index = interp.opt_bool(a, "index")?.unwrap_or(false);
    }
    if let Some(a) = kwargs.kw("server_default") {
        column.server_default = match a.0 {
            Value::None => None,
            _ => Some(interp.server_default(a)?),
        };
    }
    if let Some(a) = kwargs.kw("comment") {
        column.comment = interp.opt_string(a, "comment")?;
    }
    if let Some(a) = kwargs.kw("name") {
        *name = interp.string(a, "name")?;
    }
    if let Some(a) = kwargs.kw("autoincrement") {
        column.autoincrement = match a.0 {
            Value::Str(ref s) if s == "auto" || s == "ignore_fk" => None,
            _ => Some(interp.boolean(a, "autoincrement")?),
        };
    }
    if let Some((_, r)) = kwargs.kw("type_") {
        return Err(fails(
            attr,
            r,
            "sa_column_kwargs cannot hold type_",
            "SQLModel raises RuntimeError here too (since 0.0.43); use sa_type=...",
        ));
    }
    for ignored in [
        "default",
        "onupdate",
        "info",
        "doc",
        "key",
        "insert_default",
        "quote",
        "system",
    ] {
        let _ = kwargs.kw(ignored);
    }
    interp
        .finish(kwargs, "sa_column_kwargs")
        .map_err(ModelError::from)
}

fn loc(interp: &Interp<'_>, range: TextRange) -> crate::location::SourceLocation {
    interp.loc(range)
}

fn located(
    attr: &Attr<'_>,
    range: TextRange,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ModelError {
    ModelError::located(attr.owner.module.loc(range), message, hint)
}

fn fails(
    attr: &Attr<'_>,
    range: TextRange,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ModelError {
    ModelError::Located(Box::new(
        BodyError::new(attr.owner.module.loc(range), message, hint)
            .with_kind(crate::body::BodyErrorKind::Fails),
    ))
}

/// The class keyword `table=True` (or `model_config` with `table=True`).
pub(crate) fn has_table_keyword(
    ev: &Evaluator<'_>,
    info: &ClassInfo<'_>,
) -> Result<bool, ModelError> {
    if let Some(args) = &info.def.arguments {
        for k in args.keywords.iter() {
            if k.arg.as_ref().is_some_and(|a| a.as_str() == "table") {
                return match ev.eval(info.module, &k.value)? {
                    Value::Bool(b) => Ok(b),
                    other => Err(ModelError::located(
                        info.module.loc(k.range),
                        format!("table= is {}, not True/False", other.kind()),
                        "write table=True",
                    )),
                };
            }
        }
    }
    for a in super::fields::own_attrs(info) {
        if a.name == "model_config" {
            if let Some(Expr::Call(c)) = a.value {
                for k in c.arguments.keywords.iter() {
                    if k.arg.as_ref().is_some_and(|n| n.as_str() == "table") {
                        return Ok(matches!(ev.eval(info.module, &k.value)?, Value::Bool(true)));
                    }
                }
            }
            if let Some(Expr::Dict(d)) = a.value {
                for item in &d.items {
                    if matches!(&item.key, Some(Expr::StringLiteral(s)) if s.value.to_str() == "table")
                    {
                        return Ok(matches!(
                            ev.eval(info.module, &item.value)?,
                            Value::Bool(true)
                        ));
                    }
                }
            }
        }
    }
    Ok(false)
}
