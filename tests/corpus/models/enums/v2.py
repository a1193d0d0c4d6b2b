"""Enum members added (Role.GUEST, a longer name) and removed (Color.GREEN
gone, Color.BLUE new).  PostgreSQL native types: Alembic sees nothing;
MariaDB ENUM and SQLite VARCHAR lengths: detected."""

import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Color(enum.Enum):
    RED = "r"
    BLUE = "b"


class Role(str, enum.Enum):
    ADMIN = "admin"
    USER = "user"
    SUPERVISOR = "supervisor"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Shape(enum.StrEnum):
    ROUND = enum.auto()
    SQUARE = enum.auto()


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    color: Color
    role: Role = Role.USER
    level: Optional[Level] = None
    shape: Shape | None = None
