"""A new enum column on the existing table: on PostgreSQL Alembic's
add_column does not create the type ('type "tier" does not exist')."""

import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Tier(str, enum.Enum):
    FREE = "free"
    PRO = "pro"


class Member(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    tier: Optional[Tier] = None
