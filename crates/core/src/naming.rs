//! SQLAlchemy's naming conventions (`MetaData(naming_convention=...)`):
//! the names indexes and constraints get from `%(token)s` templates, with
//! SQLAlchemy's default `{"ix": "ix_%(column_0_label)s"}` when none is set,
//! and the hash-suffixed shortening of names too long for the database.

use std::collections::BTreeMap;

use crate::dialect::{generated_index_name, DialectKind};

/// The kinds of object a convention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConventionKind {
    /// `ix`: indexes.
    Index,
    /// `uq`: unique constraints.
    Unique,
    /// `ck`: check constraints.
    Check,
    /// `fk`: foreign keys.
    ForeignKey,
    /// `pk`: primary keys.
    PrimaryKey,
}

impl ConventionKind {
    fn key(self) -> &'static str {
        match self {
            ConventionKind::Index => "ix",
            ConventionKind::Unique => "uq",
            ConventionKind::Check => "ck",
            ConventionKind::ForeignKey => "fk",
            ConventionKind::PrimaryKey => "pk",
        }
    }
}

/// A metadata's naming convention: template per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingConvention {
    templates: BTreeMap<String, String>,
}

impl Default for NamingConvention {
    /// SQLAlchemy's `DEFAULT_NAMING_CONVENTION`.
    fn default() -> Self {
        let mut templates = BTreeMap::new();
        templates.insert("ix".to_string(), "ix_%(column_0_label)s".to_string());
        NamingConvention { templates }
    }
}

/// What the tokens of a template are filled from.
#[derive(Debug, Clone, Default)]
pub struct NameParts<'a> {
    /// The table's name.
    pub table: &'a str,
    /// The table's schema.
    pub schema: Option<&'a str>,
    /// The constrained columns' names, in order.
    pub columns: Vec<&'a str>,
    /// The constrained columns' attribute keys (as in the model class).
    pub keys: Vec<&'a str>,
    /// The name written in the model, if any.
    pub name: Option<&'a str>,
    /// A foreign key's referred table.
    pub referred_table: Option<&'a str>,
    /// A foreign key's referred columns.
    pub referred_columns: Vec<&'a str>,
}

/// Why a template could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamingError {
    /// `%(constraint_name)s` in a template for an unnamed object.
    NeedsName(String),
    /// A token SQLAlchemy does not know.
    UnknownToken(String),
}

impl NamingConvention {
    /// A convention from the dict given to `MetaData(naming_convention=...)`
    /// (keys other than the five kinds — the class-keyed form — are kept
    /// but never used).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        NamingConvention {
            templates: pairs.into_iter().collect(),
        }
    }

    /// True when the convention names `kind` objects.
    pub fn names(&self, kind: ConventionKind) -> bool {
        self.templates.contains_key(kind.key())
    }

    /// The name an object of `kind` gets: `Ok(None)` keeps the written name
    /// (the convention has no template for it), else the filled template,
    /// shortened for `dialect` as SQLAlchemy shortens convention names.
    pub fn apply(
        &self,
        kind: ConventionKind,
        parts: &NameParts<'_>,
        dialect: DialectKind,
    ) -> Result<Option<String>, NamingError> {
        let Some(template) = self.templates.get(kind.key()) else {
            return Ok(None);
        };
        // A written name is kept unless the template is built from it.
        if parts.name.is_some() && !template.contains("%(constraint_name)s") {
            return Ok(None);
        }
        let filled = fill(template, parts)?;
        Ok(Some(generated_index_name(dialect, &filled)))
    }
}

impl NamingConvention {
    /// Names `table`'s unnamed constraints the convention has a template
    /// for, as SQLAlchemy names a table reflected into a metadata with a
    /// naming convention (what `batch_alter_table(naming_convention=...)`
    /// does before a rebuild, so the block can drop them by name). A
    /// template that needs a name the constraint lacks leaves it unnamed.
    pub fn name_unnamed(&self, table: &mut crate::schema::Table, dialect: DialectKind) {
        let (name, schema) = (table.name.clone(), table.schema.clone());
        for c in &mut table.constraints {
            self.name_constraint(c, &name, schema.as_deref(), dialect);
        }
    }

    /// Names the unnamed constraints `ops` create, as Alembic's operations
    /// do when env.py gives `target_metadata` a naming convention (each
    /// operation builds its objects in a `MetaData` with that convention):
    /// `create_table`'s primary key, unique constraints and foreign keys
    /// (the columns' `unique=True` and `ForeignKey(...)` included),
    /// `create_foreign_key(None, ...)`, `create_unique_constraint(None,
    /// ...)`, `create_primary_key(None, ...)`, the same inside batch blocks.
    pub fn name_ops(&self, ops: &mut [crate::ops::Op], dialect: DialectKind) {
        use crate::ops::Op;
        use crate::schema::Constraint;
        for op in ops {
            match op {
                Op::CreateTable {
                    table,
                    schema,
                    columns,
                    constraints,
                    ..
                } => {
                    let has_pk = constraints
                        .iter()
                        .any(|c| matches!(c, Constraint::PrimaryKey { .. }));
                    let pk_columns: Vec<String> = columns
                        .iter()
                        .filter(|c| c.primary_key)
                        .map(|c| c.name.clone())
                        .collect();
                    if !has_pk && !pk_columns.is_empty() && self.names(ConventionKind::PrimaryKey) {
                        constraints.insert(
                            0,
                            Constraint::PrimaryKey {
                                name: None,
                                columns: pk_columns,
                            },
                        );
                    }
                    for c in columns.iter_mut() {
                        self.name_column_keys(c, table, schema.as_deref(), dialect);
                        if c.unique && !c.index && self.names(ConventionKind::Unique) {
                            c.unique = false;
                            constraints.push(Constraint::Unique {
                                name: None,
                                columns: vec![c.name.clone()],
                            });
                        }
                    }
                    for c in constraints.iter_mut() {
                        self.name_constraint(c, table, schema.as_deref(), dialect);
                    }
                }
                Op::AddColumn {
                    table,
                    schema,
                    column,
                    ..
                } => self.name_column_keys(column, table, schema.as_deref(), dialect),
                Op::CreateForeignKey {
                    table, schema, key, ..
                } if key.name.is_none() => {
                    let mut c = Constraint::ForeignKey(key.clone());
                    self.name_constraint(&mut c, table, schema.as_deref(), dialect);
                    if let Constraint::ForeignKey(named) = c {
                        *key = named;
                    }
                }
                Op::CreateUniqueConstraint {
                    name: name @ None,
                    table,
                    schema,
                    columns,
                } => {
                    let c = Constraint::Unique {
                        name: None,
                        columns: columns.clone(),
                    };
                    *name = self.name_of(c, table, schema.as_deref(), dialect);
                }
                Op::CreatePrimaryKey {
                    name: name @ None,
                    table,
                    schema,
                    columns,
                } => {
                    let c = Constraint::PrimaryKey {
                        name: None,
                        columns: columns.clone(),
                    };
                    *name = self.name_of(c, table, schema.as_deref(), dialect);
                }
                Op::Batch(b) => self.name_ops(&mut b.ops, dialect),
                Op::Autocommit(inner) => self.name_ops(inner, dialect),
                _ => {}
            }
        }
    }

    /// The name the convention gives the unnamed constraint `c` of `table`.
    fn name_of(
        &self,
        mut c: crate::schema::Constraint,
        table: &str,
        schema: Option<&str>,
        dialect: DialectKind,
    ) -> Option<String> {
        self.name_constraint(&mut c, table, schema, dialect);
        crate::schema::constraint_name(&c).map(str::to_string)
    }

    /// Names a column's unnamed `ForeignKey(...)`s.
    fn name_column_keys(
        &self,
        column: &mut crate::schema::Column,
        table: &str,
        schema: Option<&str>,
        dialect: DialectKind,
    ) {
        for fk in column.foreign_keys.iter_mut().filter(|f| f.name.is_none()) {
            let (_, referred, remote) = crate::schema::split_target(&fk.target);
            let parts = NameParts {
                table,
                schema,
                columns: vec![&column.name],
                keys: vec![&column.name],
                name: None,
                referred_table: Some(&referred),
                referred_columns: vec![&remote],
            };
            if let Ok(Some(given)) = self.apply(ConventionKind::ForeignKey, &parts, dialect) {
                fk.name = Some(given);
            }
        }
    }

    /// Names one unnamed constraint of `table`, where the convention can.
    fn name_constraint(
        &self,
        c: &mut crate::schema::Constraint,
        table: &str,
        schema: Option<&str>,
        dialect: DialectKind,
    ) {
        use crate::schema::Constraint;
        let (kind, name, columns, referred): (_, _, Vec<&str>, _) = match c {
            Constraint::PrimaryKey { name, columns } => (
                ConventionKind::PrimaryKey,
                name,
                columns.iter().map(String::as_str).collect(),
                None,
            ),
            Constraint::Unique { name, columns } => (
                ConventionKind::Unique,
                name,
                columns.iter().map(String::as_str).collect(),
                None,
            ),
            Constraint::Check { name, .. } => (ConventionKind::Check, name, Vec::new(), None),
            Constraint::ForeignKey(fk) => (
                ConventionKind::ForeignKey,
                &mut fk.name,
                fk.columns.iter().map(String::as_str).collect(),
                Some((fk.referent_table.as_str(), &fk.referent_columns)),
            ),
        };
        if name.is_some() {
            return;
        }
        let parts = NameParts {
            table,
            schema,
            keys: columns.clone(),
            columns,
            name: None,
            referred_table: referred.map(|r| r.0),
            referred_columns: referred
                .map(|r| r.1.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        };
        if let Ok(Some(given)) = self.apply(kind, &parts, dialect) {
            *name = Some(given);
        }
    }

    /// True when the convention has no templates.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }
}

fn fill(template: &str, parts: &NameParts<'_>) -> Result<String, NamingError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("%(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find(")s") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        out.push_str(&token(&after[..end], parts)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn token(name: &str, parts: &NameParts<'_>) -> Result<String, NamingError> {
    let label = |i: usize| -> String {
        let column = parts.columns.get(i).copied().unwrap_or("");
        match parts.schema {
            Some(s) => format!("{s}_{}_{column}", parts.table),
            None => format!("{}_{column}", parts.table),
        }
    };
    Ok(match name {
        "table_name" => parts.table.to_string(),
        "constraint_name" => match parts.name {
            Some(n) => n.to_string(),
            None => return Err(NamingError::NeedsName(name.to_string())),
        },
        "referred_table_name" => parts.referred_table.unwrap_or("").to_string(),
        _ => {
            // column_0_name, column_0N_name (joined), column_0_N_name (joined with _),
            // and the same for _label, _key, referred_column_.
            let (list, rest): (Vec<String>, &str) =
                if let Some(r) = name.strip_prefix("referred_column_0") {
                    (
                        parts
                            .referred_columns
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                        r,
                    )
                } else if let Some(r) = name.strip_prefix("column_0") {
                    let which = r.trim_start_matches('N').trim_start_matches("_N");
                    let list = match which {
                        "_label" => (0..parts.columns.len()).map(label).collect(),
                        "_key" => parts.keys.iter().map(|s| s.to_string()).collect(),
                        "_name" => parts.columns.iter().map(|s| s.to_string()).collect(),
                        _ => return Err(NamingError::UnknownToken(name.to_string())),
                    };
                    (list, r)
                } else {
                    return Err(NamingError::UnknownToken(name.to_string()));
                };
            if rest.starts_with("_N") {
                list.join("_")
            } else if rest.starts_with('N') {
                list.concat()
            } else {
                list.first().cloned().unwrap_or_default()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(table: &'a str, columns: Vec<&'a str>) -> NameParts<'a> {
        NameParts {
            table,
            keys: columns.clone(),
            columns,
            ..NameParts::default()
        }
    }

    #[test]
    fn default_convention_names_indexes_by_label() {
        let c = NamingConvention::default();
        let name = c
            .apply(
                ConventionKind::Index,
                &parts("team", vec!["name"]),
                DialectKind::Sqlite,
            )
            .unwrap();
        assert_eq!(name.as_deref(), Some("ix_team_name"));
        let mut p = parts("org", vec!["display_name"]);
        p.schema = Some("app");
        assert_eq!(
            c.apply(ConventionKind::Index, &p, DialectKind::Sqlite)
                .unwrap()
                .as_deref(),
            Some("ix_app_org_display_name")
        );
        assert_eq!(
            c.apply(
                ConventionKind::Unique,
                &parts("t", vec!["a"]),
                DialectKind::Sqlite
            )
            .unwrap(),
            None
        );
    }

    #[test]
    fn tokens_fill_and_written_names_stay() {
        let c = NamingConvention::from_pairs([
            (
                "uq".to_string(),
                "uq_%(table_name)s_%(column_0_name)s".to_string(),
            ),
            (
                "ck".to_string(),
                "ck_%(table_name)s_%(constraint_name)s".to_string(),
            ),
            (
                "fk".to_string(),
                "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s".to_string(),
            ),
            ("pk".to_string(), "pk_%(table_name)s".to_string()),
            ("ix".to_string(), "ix_%(column_0_N_name)s".to_string()),
        ]);
        let d = DialectKind::Postgresql;
        assert_eq!(
            c.apply(ConventionKind::Unique, &parts("org", vec!["slug", "x"]), d)
                .unwrap()
                .as_deref(),
            Some("uq_org_slug")
        );
        let mut named = parts("org", vec!["slug"]);
        named.name = Some("mine");
        assert_eq!(c.apply(ConventionKind::Unique, &named, d).unwrap(), None);
        assert_eq!(
            c.apply(ConventionKind::Check, &named, d)
                .unwrap()
                .as_deref(),
            Some("ck_org_mine")
        );
        assert_eq!(
            c.apply(ConventionKind::Check, &parts("org", vec![]), d),
            Err(NamingError::NeedsName("constraint_name".into()))
        );
        let mut fk = parts("Members", vec!["org_id"]);
        fk.referred_table = Some("org");
        assert_eq!(
            c.apply(ConventionKind::ForeignKey, &fk, d)
                .unwrap()
                .as_deref(),
            Some("fk_Members_org_id_org")
        );
        assert_eq!(
            c.apply(ConventionKind::Index, &parts("t", vec!["a", "b"]), d)
                .unwrap()
                .as_deref(),
            Some("ix_a_b")
        );
        assert_eq!(
            c.apply(ConventionKind::PrimaryKey, &parts("org", vec!["id"]), d)
                .unwrap()
                .as_deref(),
            Some("pk_org")
        );
    }

    #[test]
    fn long_convention_names_are_shortened_per_database() {
        let c = NamingConvention::default();
        let long = "a_table_with_a_rather_long_name_for_testing_truncation";
        let p = parts(long, vec!["and_a_long_column_name_as_well"]);
        let pg = c
            .apply(ConventionKind::Index, &p, DialectKind::Postgresql)
            .unwrap()
            .unwrap();
        assert_eq!(pg.len(), 60);
        let lite = c
            .apply(ConventionKind::Index, &p, DialectKind::Sqlite)
            .unwrap()
            .unwrap();
        assert_eq!(lite, format!("ix_{long}_and_a_long_column_name_as_well"));
    }

    #[test]
    fn operations_name_their_unnamed_constraints_by_the_convention() {
        use crate::ops::Op;
        use crate::schema::{Column, ColumnForeignKey, Constraint, SqlType};
        let convention = NamingConvention::from_pairs([
            ("pk".to_string(), "pk_%(table_name)s".to_string()),
            (
                "uq".to_string(),
                "uq_%(table_name)s_%(column_0_name)s".to_string(),
            ),
            (
                "fk".to_string(),
                "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s".to_string(),
            ),
        ]);
        let mut owner = Column::new("owner_id", SqlType::Integer);
        owner.foreign_keys.push(ColumnForeignKey {
            target: "user.id".into(),
            name: None,
            ondelete: None,
            onupdate: None,
        });
        let mut code = Column::new("code", SqlType::Integer);
        code.unique = true;
        let mut ops = vec![
            Op::CreateTable {
                table: "flow".into(),
                schema: None,
                columns: vec![
                    Column::new("id", SqlType::Integer).primary_key(),
                    owner,
                    code,
                ],
                constraints: vec![Constraint::Unique {
                    name: Some("kept".into()),
                    columns: vec!["id".into()],
                }],
                comment: None,
                if_not_exists: false,
            },
            Op::CreateUniqueConstraint {
                name: None,
                table: "flow".into(),
                schema: None,
                columns: vec!["owner_id".into()],
            },
        ];
        convention.name_ops(&mut ops, DialectKind::Sqlite);
        let Op::CreateTable {
            columns,
            constraints,
            ..
        } = &ops[0]
        else {
            panic!("{ops:?}")
        };
        let names: Vec<Option<&str>> = constraints
            .iter()
            .map(crate::schema::constraint_name)
            .collect();
        assert_eq!(names, [Some("pk_flow"), Some("kept"), Some("uq_flow_code")]);
        assert!(!columns[2].unique);
        assert_eq!(
            columns[1].foreign_keys[0].name.as_deref(),
            Some("fk_flow_owner_id_user")
        );
        assert!(matches!(
            &ops[1],
            Op::CreateUniqueConstraint { name: Some(n), .. } if n == "uq_flow_owner_id"
        ));
    }
}
