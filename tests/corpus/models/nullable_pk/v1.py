"""A primary key declared nullable=True (PostgreSQL and MariaDB make it
NOT NULL anyway: every later autogenerate sees a NULL change), a string
key, a key without autoincrement."""

from typing import Optional

from sqlmodel import Field, SQLModel


class OptionalPk(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, nullable=True)
    name: str = Field(max_length=20)


class StrPk(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=8)
    label: Optional[str] = Field(default=None, max_length=20)
