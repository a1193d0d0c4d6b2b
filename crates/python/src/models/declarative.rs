//! Plain SQLAlchemy declarative models: classes under a `DeclarativeBase`
//! subclass or a `declarative_base()` base, with `Column(...)` attributes
//! or SQLAlchemy 2's `Mapped[...] = mapped_column(...)`.

use aludel_core::schema::{Column, SqlType};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::annotation::{AnnotationReader, TypeRef};
use super::classes::{resolve_expr, Base, ClassInfo};
use super::error::ModelError;
use super::eval::Evaluator;
use super::fields::{is_private, own_attrs, Attr};
use super::resolve::Target;
use super::table::{apply_table_args, class_attr, ColumnSpec, TableSpec};
use crate::body::Value;
use aludel_core::naming::NamingConvention;

/// The library classes a declarative base derives from.
const DECLARATIVE_ROOTS: &[&str] = &[
    "sqlalchemy.orm.DeclarativeBase",
    "sqlalchemy.orm.DeclarativeBaseNoMeta",
    "sqlalchemy.orm.decl_api.DeclarativeBase",
    "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta",
];

const RELATIONSHIP: &[&str] = &[
    "sqlalchemy.orm.relationship",
    "sqlalchemy.orm.relation",
    "sqlalchemy.orm.backref",
    "sqlalchemy.orm.synonym",
    "sqlalchemy.orm.column_property",
    "sqlalchemy.orm.composite",
    "sqlalchemy.orm.deferred",
    "sqlalchemy.ext.associationproxy.association_proxy",
];

/// The declarative base of a class's MRO: the application class that
/// directly subclasses `DeclarativeBase`, or a `declarative_base()` result.
pub(crate) fn declarative_root(mro: &[Base]) -> Option<Base> {
    let mut previous: Option<&Base> = None;
    for b in mro {
        match b {
            Base::Declarative(_) => return Some(b.clone()),
            Base::External(p) if DECLARATIVE_ROOTS.contains(&p.as_str()) => {
                return previous.cloned()
            }
            _ => {}
        }
        if matches!(b, Base::Class(_)) {
            previous = Some(b);
        }
    }
    None
}

fn identity(base: &Base) -> String {
    match base {
        Base::Class(k) => k.dotted(),
        Base::Declarative(p) | Base::External(p) | Base::Unknown(p) => p.clone(),
    }
}

/// Whether the base is one of the metadata owners env.py names.
pub(crate) fn selected(ev: &Evaluator<'_>, base: &Base, named: &[String]) -> bool {
    let id = identity(base);
    named.iter().any(|n| {
        if *n == id {
            return true;
        }
        match ev.symbols.resolve_path(ev.modules, n) {
            Target::Class(k, rest) if rest.is_empty() => k.dotted() == id,
            Target::Assigned { module, name, rest } if rest.is_empty() => {
                format!("{module}.{name}") == id
            }
            _ => false,
        }
    })
}

/// The naming convention of the base's metadata.
pub(crate) fn naming(ev: &Evaluator<'_>, base: &Base) -> Result<NamingConvention, ModelError> {
    match base {
        Base::Class(k) => {
            let Some(info) = ev.classes.get(k) else {
                return Ok(NamingConvention::default());
            };
            let Some((owner, expr)) = class_attr(ev, info, "metadata")? else {
                return Ok(NamingConvention::default());
            };
            convention_of(ev, owner.module, expr)
        }
        Base::Declarative(path) => {
            let Some((module, name)) = path.rsplit_once('.') else {
                return Ok(NamingConvention::default());
            };
            let (Some(m), Some(Expr::Call(call))) =
                (ev.modules.get(module), ev.symbols.assigned(module, name))
            else {
                return Ok(NamingConvention::default());
            };
            for k in call.arguments.keywords.iter() {
                if k.arg.as_ref().is_some_and(|a| a.as_str() == "metadata") {
                    return convention_of(ev, m, &k.value);
                }
            }
            Ok(NamingConvention::default())
        }
        _ => Ok(NamingConvention::default()),
    }
}

/// The convention of a `MetaData(...)` expression, or of a name bound to one.
fn convention_of(
    ev: &Evaluator<'_>,
    module: &super::ParsedModule,
    expr: &Expr,
) -> Result<NamingConvention, ModelError> {
    let mut at_module = module;
    let mut expr = expr;
    for _ in 0..10 {
        if let Expr::Call(_) = expr {
            return match super::metadata_convention(ev, at_module, expr)? {
                Some(v) => super::convention_from(at_module, expr.range(), v),
                None => Ok(NamingConvention::default()),
            };
        }
        match resolve_expr(ev.modules, ev.symbols, at_module, expr) {
            Target::Assigned {
                module: m,
                name,
                rest,
            } if rest.is_empty() => {
                let (Some(owner), Some(value)) =
                    (ev.modules.get(&m), ev.symbols.assigned(&m, &name))
                else {
                    break;
                };
                at_module = owner;
                expr = value;
            }
            _ => break,
        }
    }
    Ok(NamingConvention::default())
}

/// The table of declarative class `info`, or `None` when the class maps no
/// table of its own (the base itself, abstract classes, single-table
/// inheritance).
pub(crate) fn read<'m>(
    ev: &Evaluator<'m>,
    info: &'m ClassInfo<'m>,
    mro: &[Base],
) -> Result<Option<TableSpec>, ModelError> {
    if info
        .bases
        .iter()
        .any(|b| matches!(b, Base::External(p) if DECLARATIVE_ROOTS.contains(&p.as_str())))
    {
        return Ok(None);
    }
    let own = own_attrs(info);
    if own.iter().any(|a| a.name == "__abstract__") {
        if let Some(a) = own.iter().find(|a| a.name == "__abstract__") {
            if let Some(v) = a.value {
                if matches!(ev.eval(info.module, v)?, Value::Bool(true)) {
                    return Ok(None);
                }
            }
        }
    }
    if own.iter().any(|a| a.name == "__table__") {
        let a = own.iter().find(|a| a.name == "__table__").expect("found");
        return Err(ModelError::located(
            info.module.loc(a.value.map_or(info.def.name.range, Ranged::range)),
            "__table__ = Table(...) on a declarative class is not read by aludel",
            "declare the columns as class attributes, or name the table in a module-level Table(...)",
        ));
    }
    let Some((owner, _)) = class_attr(ev, info, "__tablename__")? else {
        return Ok(None);
    };
    // Inherited from a mapped class: single-table inheritance, no new table.
    if owner.key != info.key && is_mapped(ev, owner)? {
        return Ok(None);
    }
    let name = super::table::table_name(ev, info)?;
    let mut spec = TableSpec::new(info, name);
    // Columns of plain mixins first (farthest first), then the class's own.
    let mut holders: Vec<&'m ClassInfo<'m>> = mro
        .iter()
        .filter_map(|b| match b {
            Base::Class(k) => ev.classes.get(k),
            _ => None,
        })
        .collect();
    holders.reverse();
    let mut seen = std::collections::HashSet::new();
    let mut attrs: Vec<Attr<'m>> = Vec::new();
    for holder in holders.iter().rev() {
        for a in own_attrs(holder) {
            if seen.insert(a.name) {
                attrs.push(a);
            }
        }
    }
    // Most derived definitions, in farthest-first declaration order.
    let mut ordered: Vec<Attr<'m>> = Vec::new();
    for holder in &holders {
        for a in own_attrs(holder) {
            if let Some(def) = attrs
                .iter()
                .find(|d| d.name == a.name && std::ptr::eq(d.owner, a.owner))
            {
                ordered.push(*def);
            }
        }
    }
    for attr in ordered {
        if is_private(attr.name) {
            continue;
        }
        if let Some(c) = column_of(ev, &attr)? {
            spec.columns.push(c);
        }
    }
    apply_table_args(ev, info, &mut spec)?;
    Ok(Some(spec))
}

fn is_mapped(ev: &Evaluator<'_>, info: &ClassInfo<'_>) -> Result<bool, ModelError> {
    Ok(own_attrs(info).iter().any(|a| a.name == "__tablename__")
        && !own_attrs(info).iter().any(|a| a.name == "__abstract__"))
    .map(|m| m && ev.classes.get(&info.key).is_some())
}

/// The column an attribute declares, if any.
fn column_of(ev: &Evaluator<'_>, attr: &Attr<'_>) -> Result<Option<ColumnSpec>, ModelError> {
    let module = attr.owner.module;
    let ann = match attr.annotation {
        Some(a) => Some(
            AnnotationReader {
                modules: ev.modules,
                symbols: ev.symbols,
            }
            .read(module, a)?,
        ),
        None => None,
    };
    if ann.as_ref().is_some_and(|a| a.class_var) {
        return Ok(None);
    }
    let value = match attr.value {
        Some(Expr::Call(c)) => {
            let target = resolve_expr(ev.modules, ev.symbols, module, &c.func);
            match target {
                Target::External(p) if RELATIONSHIP.contains(&p.as_str()) => return Ok(None),
                Target::External(p) if is_column_factory(&p) => {
                    Some(ev.eval(module, attr.value.expect("value"))?)
                }
                _ if ann.as_ref().is_some_and(|a| a.mapped) => {
                    return Err(ModelError::located(
                        module.loc(c.range()),
                        "a Mapped[...] attribute assigned something other than mapped_column(...)",
                        "assign mapped_column(...) or relationship(...)",
                    ))
                }
                // Anything else (MetaData, hybrid properties...) is no column.
                _ => return Ok(None),
            }
        }
        Some(other) => {
            // A plain value (a default, a hybrid) is no column, unless annotated Mapped.
            if ann.as_ref().is_some_and(|a| a.mapped) {
                return Err(ModelError::located(
                    module.loc(other.range()),
                    "a Mapped[...] attribute assigned something other than mapped_column(...)",
                    "assign mapped_column(...) or leave the value out",
                ));
            }
            return Ok(None);
        }
        None => None,
    };
    let mut spec = match value {
        Some(Value::Column(def)) => {
            let at = attr.value.map_or(attr.owner.def.name.range, Ranged::range);
            ColumnSpec::from_def(attr.name, *def, at)
        }
        Some(_) => return Ok(None),
        None => {
            // `name: Mapped[str]` alone is `mapped_column()`.
            let Some(a) = ann.as_ref().filter(|a| a.mapped) else {
                return Ok(None);
            };
            ColumnSpec {
                key: attr.name.to_string(),
                column: Column::new(attr.name, SqlType::Reflected(String::new())),
                type_given: false,
                nullable_given: false,
                checks: Vec::new(),
                at: a.range,
            }
        }
    };
    if let Some(a) = ann.as_ref().filter(|a| a.mapped) {
        if !spec.nullable_given {
            spec.column.nullable = a.optional && !spec.column.primary_key;
        }
        if !spec.type_given && spec.column.foreign_keys.is_empty() {
            spec.column.type_ = mapped_type(ev, attr, &a.type_)?;
            spec.type_given = true;
        }
    }
    Ok(Some(spec))
}

/// SQLAlchemy 2's default `type_annotation_map`.
fn mapped_type(ev: &Evaluator<'_>, attr: &Attr<'_>, ty: &TypeRef) -> Result<SqlType, ModelError> {
    let t = match ty {
        TypeRef::External(p) => match p.as_str() {
            "builtins.int" => Some(SqlType::Integer),
            "builtins.str" => Some(SqlType::String {
                length: None,
                collation: None,
            }),
            "builtins.bool" => Some(SqlType::Boolean),
            "builtins.float" => Some(SqlType::Float { precision: None }),
            "builtins.bytes" => Some(SqlType::LargeBinary { length: None }),
            "datetime.datetime" => Some(SqlType::DateTime { timezone: false }),
            "datetime.date" => Some(SqlType::Date),
            "datetime.time" => Some(SqlType::Time { timezone: false }),
            "datetime.timedelta" => Some(SqlType::Interval),
            "decimal.Decimal" => Some(SqlType::Numeric {
                precision: None,
                scale: None,
            }),
            "uuid.UUID" => Some(SqlType::Uuid { as_uuid: true }),
            _ => None,
        },
        TypeRef::Class(k) => ev.enum_class(k).map(|e| {
            SqlType::Enum(aludel_core::schema::EnumType::new(
                Some(&e.name.to_lowercase()),
                &e.members
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            ))
        }),
        _ => None,
    };
    t.ok_or_else(|| {
        ModelError::located(
            attr.owner.module.loc(
                attr.annotation
                    .map_or(attr.owner.def.name.range, Ranged::range),
            ),
            "this Mapped[...] annotation has no type in SQLAlchemy's default type map",
            "pass the type to mapped_column(...), e.g. mapped_column(sa.JSON)",
        )
    })
}

/// `Column` / `mapped_column` under any import spelling.
fn is_column_factory(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    matches!(last, "Column" | "mapped_column")
        && (path.starts_with("sqlalchemy.") || path.starts_with("sqlmodel."))
}
