//! Unit tests of the model reader on small in-memory projects.

use std::path::PathBuf;

use aludel_core::dialect::DialectKind;
use aludel_core::schema::{Constraint, SqlType, Table};

use super::*;

fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, ModuleSet) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let roots = ModuleRoots::new(vec![dir.path().to_path_buf()]);
    let start: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".py"))
        .map(|(p, _)| {
            p.trim_end_matches(".py")
                .trim_end_matches("/__init__")
                .replace('/', ".")
        })
        .collect();
    let set = ModuleSet::load(&roots, &start).unwrap();
    (dir, set)
}

fn read(files: &[(&str, &str)]) -> Result<Models, ModelError> {
    let (_dir, set) = project(files);
    read_models(
        &set,
        &[],
        &ModelOptions {
            dialect: DialectKind::Postgresql,
            mariadb: false,
            version: SqlModelVersion::NEWEST,
            sqlalchemy_20: false,
        },
    )
}

fn table<'a>(m: &'a Models, name: &str) -> &'a Table {
    m.schema
        .get(None, name)
        .unwrap_or_else(|| panic!("no table {name}: {:?}", m.origins))
}

fn columns(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn hero_and_team() {
    let m = read(&[(
        "app/models.py",
        r#"
from typing import Optional
from sqlmodel import Field, SQLModel, Relationship

class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    headquarters: str
    heroes: list["Hero"] = Relationship(back_populates="team")

class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    age: Optional[int] = None
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    team: Optional[Team] = Relationship(back_populates="heroes")
"#,
    )])
    .unwrap();
    let team = table(&m, "team");
    assert_eq!(columns(team), ["id", "name", "headquarters"]);
    assert_eq!(
        team.columns[1].type_,
        SqlType::AutoString { length: Some(100) }
    );
    assert!(!team.columns[0].nullable && team.columns[0].primary_key);
    assert!(!team.columns[2].nullable);
    assert_eq!(team.indexes.len(), 1);
    assert_eq!(team.indexes[0].name.as_deref(), Some("ix_team_name"));
    assert!(team.indexes[0].unique);
    let hero = table(&m, "hero");
    assert_eq!(columns(hero), ["id", "name", "age", "team_id"]);
    assert!(hero.columns[2].nullable);
    let fk = hero
        .constraints
        .iter()
        .find_map(|c| match c {
            Constraint::ForeignKey(fk) => Some(fk),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (fk.referent_table.as_str(), fk.ondelete.as_deref()),
        ("team", Some("SET NULL"))
    );
    assert_eq!(m.origins.len(), 2);
}

#[test]
fn bases_mixins_and_column_order() {
    let m = read(&[(
        "app/models.py",
        r#"
import uuid
from datetime import datetime
from sqlmodel import Field, SQLModel, Relationship

class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow)
    updated_at: datetime | None = None

class UserBase(SQLModel):
    email: str = Field(unique=True, index=True, max_length=255)
    is_active: bool = True
    full_name: str | None = Field(default=None, max_length=255)

class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=320)
    hashed_password: str
    items: list["Item"] = Relationship(back_populates="owner")

class PlainMixin:
    plain_field: int = 0

class Item(TimestampMixin, PlainMixin, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
"#,
    )])
    .unwrap();
    let user = table(&m, "user");
    assert_eq!(
        columns(user),
        ["is_active", "full_name", "id", "email", "hashed_password"]
    );
    assert_eq!(
        user.columns[3].type_,
        SqlType::AutoString { length: Some(320) }
    );
    assert_eq!(user.columns[2].type_, SqlType::Uuid { as_uuid: true });
    let item = table(&m, "item");
    assert_eq!(
        columns(item),
        ["plain_field", "created_at", "updated_at", "id", "title"]
    );
    assert_eq!(item.columns[1].type_, SqlType::UtcDateTime);
}

#[test]
fn enums_sa_column_and_table_args_across_modules() {
    let m = read(&[
        ("app/__init__.py", ""),
        (
            "app/enums.py",
            "import enum\nclass Status(str, enum.Enum):\n    ACTIVE = 'active'\n    BANNED = 'banned'\n",
        ),
        (
            "app/models.py",
            r#"
from sqlmodel import Field, SQLModel, Column, DateTime, func
import sqlalchemy as sa
from .enums import Status

SQLModel.metadata.naming_convention = {"uq": "uq_%(table_name)s_%(column_0_name)s", "pk": "pk_%(table_name)s"}

class Account(SQLModel, table=True):
    __tablename__ = "accounts"
    __table_args__ = (sa.UniqueConstraint("a", "b"), sa.CheckConstraint("a >= 0", name="ck_a_pos"), {"comment": "t"})
    id: int = Field(primary_key=True)
    status: Status = Field(default=Status.ACTIVE)
    a: int
    b: int = Field(sa_column_kwargs={"server_default": "0", "comment": "bee"})
    when: str = Field(sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False))
    code: str = Field(sa_type=sa.Text, max_length=5)
    kind: Status = Field(sa_type=sa.Enum(Status, values_callable=lambda e: [m.value for m in e], name="status_values"))
"#,
        ),
    ])
    .unwrap();
    let t = table(&m, "accounts");
    assert_eq!(
        columns(t),
        ["id", "status", "a", "b", "when", "code", "kind"]
    );
    let status = t.columns[1].type_.as_enum().unwrap();
    assert_eq!(
        (status.name.as_deref(), status.values.clone()),
        (
            Some("status"),
            vec!["ACTIVE".to_string(), "BANNED".to_string()]
        )
    );
    let kind = t.columns[6].type_.as_enum().unwrap();
    assert_eq!(kind.values, ["active", "banned"]);
    assert_eq!(kind.name.as_deref(), Some("status_values"));
    assert_eq!(t.columns[3].comment.as_deref(), Some("bee"));
    assert!(t.columns[3].server_default.is_some());
    assert_eq!(t.columns[4].type_, SqlType::DateTime { timezone: true });
    assert!(!t.columns[4].nullable);
    assert_eq!(t.columns[5].type_, SqlType::Text { collation: None });
    assert_eq!(t.comment.as_deref(), Some("t"));
    assert_eq!(t.primary_key().0, Some("pk_accounts"));
    assert!(t
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::Unique { name: Some(n), .. } if n == "uq_accounts_a")));
    assert!(t
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::Check { name: Some(n), .. } if n == "ck_a_pos")));
    assert_eq!(
        m.schema.enum_type(None, "status").unwrap(),
        ["ACTIVE", "BANNED"]
    );
}

#[test]
fn subclasses_of_tables_and_non_tables_make_no_tables() {
    let m = read(&[(
        "m.py",
        "from sqlmodel import SQLModel, Field\nclass Base(SQLModel):\n    name: str\nclass P(Base, table=True):\n    id: int = Field(primary_key=True)\nclass C(P, table=True):\n    extra: str = ''\n",
    )])
    .unwrap();
    assert_eq!(m.schema.table_count(), 1);
    assert_eq!(columns(table(&m, "p")), ["name", "id"]);
}

#[test]
fn errors_point_at_the_field() {
    let e = read(&[(
        "m.py",
        "from sqlmodel import SQLModel, Field\nclass T(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    tags: list[str]\n",
    )])
    .unwrap_err();
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (4, 11));
    assert!(e.message().contains("no matching SQLAlchemy type"), "{e}");
    let e = read(&[(
        "m.py",
        "from sqlmodel import SQLModel\nclass T(SQLModel, table=True):\n    x: int\n",
    )])
    .unwrap_err();
    assert!(e.message().contains("primary key"), "{e}");
}

#[test]
fn declarative_models() {
    let m = read(&[(
        "db.py",
        r#"
from typing import Optional
from sqlalchemy import String, ForeignKey, Integer, Column, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s"})

class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    fullname: Mapped[Optional[str]]
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")

class Address(Base):
    __tablename__ = "address"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("user_account.id"), nullable=False)
"#,
    )])
    .unwrap();
    let u = table(&m, "user_account");
    assert_eq!(columns(u), ["id", "name", "fullname"]);
    assert_eq!(
        u.columns[1].type_,
        SqlType::String {
            length: Some(30),
            collation: None
        }
    );
    assert!(!u.columns[1].nullable && u.columns[2].nullable);
    let a = table(&m, "address");
    assert_eq!(columns(a), ["id", "user_id"]);
    assert_eq!(a.columns[1].type_, SqlType::Integer);
    assert!(a.constraints.iter().any(|c| matches!(c, Constraint::ForeignKey(fk) if fk.name.as_deref() == Some("fk_address_user_id"))));
}

#[test]
fn env_py_names_modules_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("app")).unwrap();
    std::fs::write(dir.path().join("app/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("app/models.py"), "").unwrap();
    let roots = ModuleRoots::new(vec![dir.path().to_path_buf()]);
    let env = "from alembic import context\nfrom sqlmodel import SQLModel\nfrom app.models import *\nimport app.models\ntarget_metadata = SQLModel.metadata\n";
    let found = models_from_env(&PathBuf::from("env.py"), env, &roots).unwrap();
    assert_eq!(found.modules, ["app.models"]);
    assert_eq!(found.metadata, [MetadataRef::SqlModel]);
    // The FastAPI template's idiom: sqlmodel's class through the app.
    let reexport = "from app.models import SQLModel\ntarget_metadata = SQLModel.metadata\n";
    let found = models_from_env(&PathBuf::from("env.py"), reexport, &roots).unwrap();
    assert_eq!(found.modules, ["app.models"]);
    assert_eq!(found.metadata, [MetadataRef::SqlModel]);
    let none =
        models_from_env(&PathBuf::from("env.py"), "target_metadata = None\n", &roots).unwrap_err();
    assert!(none.message().contains("does not provide a MetaData"));
}
