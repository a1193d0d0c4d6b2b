//! Which attributes of a model class become columns, and in what order:
//! pydantic's field collection over the MRO, then SQLAlchemy's
//! `merge_lists_w_ordering` of those fields with the class's own
//! annotations (relationships first), as SQLModel's metaclass arranges them.

use std::collections::HashSet;

use ruff_python_ast::{Expr, Stmt};

use super::classes::{Base, ClassGraph, ClassInfo};
use super::error::ModelError;
use super::resolve::ClassKey;

/// One attribute written in a class body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr<'m> {
    /// The attribute name.
    pub name: &'m str,
    /// Its annotation (`None` for a plain assignment).
    pub annotation: Option<&'m Expr>,
    /// The assigned value.
    pub value: Option<&'m Expr>,
    /// The class it is written in.
    pub owner: &'m ClassInfo<'m>,
}

/// The attributes a class body writes, in source order.
pub(crate) fn own_attrs<'m>(info: &'m ClassInfo<'m>) -> Vec<Attr<'m>> {
    let mut out = Vec::new();
    for stmt in &info.def.body {
        match stmt {
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    out.push(Attr {
                        name: n.id.as_str(),
                        annotation: Some(&a.annotation),
                        value: a.value.as_deref(),
                        owner: info,
                    });
                }
            }
            Stmt::Assign(a) => {
                if let [Expr::Name(n)] = a.targets.as_slice() {
                    out.push(Attr {
                        name: n.id.as_str(),
                        annotation: None,
                        value: Some(&a.value),
                        owner: info,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// True for attributes pydantic never makes fields of.
pub(crate) fn is_private(name: &str) -> bool {
    name.starts_with('_') || name == "model_config"
}

/// The ordered attributes that are a SQLModel class's fields and
/// relationships: `fields` in column order (each with its most derived
/// definition), then un-annotated `Column` attributes of plain mixins.
pub(crate) struct FieldPlan<'m> {
    pub fields: Vec<Attr<'m>>,
}

/// Orders the fields of `key` as SQLModel does; `is_relationship` tells
/// which definitions are `Relationship(...)`, `is_class_var` which
/// annotations are `ClassVar`, `is_column` which plain assignments are
/// `Column(...)` objects SQLAlchemy copies from mixins.
pub(crate) fn plan_fields<'m>(
    graph: &'m ClassGraph<'m>,
    key: &ClassKey,
    is_relationship: &dyn Fn(&Attr<'m>) -> bool,
    is_class_var: &dyn Fn(&Attr<'m>) -> bool,
    is_column: &dyn Fn(&Attr<'m>) -> bool,
) -> Result<FieldPlan<'m>, ModelError> {
    let mro = graph.mro(key)?;
    let classes: Vec<&'m ClassInfo<'m>> = mro
        .iter()
        .filter_map(|b| match b {
            Base::Class(k) => graph.get(k),
            _ => None,
        })
        .collect();
    let Some(this) = classes.first().copied() else {
        return Ok(FieldPlan { fields: Vec::new() });
    };
    // The most derived definition of each name.
    let definition = |name: &str| -> Option<Attr<'m>> {
        classes.iter().find_map(|c| {
            own_attrs(c)
                .into_iter()
                .find(|a| a.name == name && a.annotation.is_some())
        })
    };
    // pydantic: from the farthest base to the class, first appearance wins.
    let mut field_order: Vec<&'m str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for c in classes.iter().rev() {
        for a in own_attrs(c) {
            if a.annotation.is_none() || is_private(a.name) || is_class_var(&a) {
                continue;
            }
            if seen.insert(a.name) {
                field_order.push(a.name);
            }
        }
    }
    let relationship = |name: &str| definition(name).is_some_and(|d| is_relationship(&d));
    let fields_only: Vec<&'m str> = field_order
        .iter()
        .copied()
        .filter(|n| !relationship(n))
        .collect();
    let own: Vec<Attr<'m>> = own_attrs(this)
        .into_iter()
        .filter(|a| a.annotation.is_some() && !is_private(a.name) && !is_class_var(a))
        .collect();
    let own_rels: Vec<&'m str> = own
        .iter()
        .filter(|a| is_relationship(a))
        .map(|a| a.name)
        .collect();
    let mut v: Vec<&'m str> = fields_only.clone();
    v.extend(own_rels.iter().copied());
    let mut a_list: Vec<&'m str> = own_rels.clone();
    a_list.extend(own.iter().filter(|a| !is_relationship(a)).map(|a| a.name));
    let merged = merge_lists_w_ordering(&v, &a_list);
    let field_set: HashSet<&str> = fields_only.iter().copied().collect();
    let mut fields: Vec<Attr<'m>> = merged
        .into_iter()
        .filter(|n| field_set.contains(n))
        .filter_map(definition)
        .collect();
    // Columns SQLAlchemy copies from plain (non-pydantic) mixins come last.
    let mut copied: HashSet<&str> = fields.iter().map(|f| f.name).collect();
    for c in classes.iter().skip(1) {
        for a in own_attrs(c) {
            if a.annotation.is_none() && is_column(&a) && copied.insert(a.name) {
                fields.push(a);
            }
        }
    }
    Ok(FieldPlan { fields })
}

/// SQLAlchemy's `merge_lists_w_ordering(a, b)`: walk one list; at a name
/// both lists hold, switch to walking the other; a shared name is emitted
/// the second time it is met; when one list ends, the rest of the other
/// follows.
pub(crate) fn merge_lists_w_ordering<'s>(a: &[&'s str], b: &[&'s str]) -> Vec<&'s str> {
    let mut overlap: HashSet<&str> = a.iter().filter(|x| b.contains(x)).copied().collect();
    let mut result = Vec::with_capacity(a.len() + b.len());
    let (mut current, mut other) = (a.iter(), b.iter());
    loop {
        let mut switched = false;
        for &element in current.by_ref() {
            if overlap.remove(element) {
                switched = true;
                break;
            }
            result.push(element);
        }
        if !switched {
            result.extend(other.copied());
            break;
        }
        std::mem::swap(&mut current, &mut other);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::merge_lists_w_ordering;

    #[test]
    fn merge_follows_sqlalchemy() {
        // fields: is_active, full_name, id, email, hashed_password + rel items;
        // own annotations: items (rel), id, email, hashed_password
        let v = [
            "email",
            "is_active",
            "full_name",
            "id",
            "hashed_password",
            "items",
        ];
        let a = ["items", "id", "email", "hashed_password"];
        let merged = merge_lists_w_ordering(&v, &a);
        let fields: Vec<&str> = merged.into_iter().filter(|n| *n != "items").collect();
        assert_eq!(
            fields,
            ["is_active", "full_name", "id", "email", "hashed_password"]
        );
        // no bases: source order
        let v = ["id", "name", "team_id", "team"];
        let a = ["team", "id", "name", "team_id"];
        let merged = merge_lists_w_ordering(&v, &a);
        let fields: Vec<&str> = merged.into_iter().filter(|n| *n != "team").collect();
        assert_eq!(fields, ["id", "name", "team_id"]);
    }
}
