"""Enum columns: a plain Enum, a str-Enum, an IntEnum and a StrEnum (labels are the
member NAMES; the type is named after the class, lowercased)."""

import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


class Role(str, enum.Enum):
    ADMIN = "admin"
    USER = "user"


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
