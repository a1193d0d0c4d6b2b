"""Tables in a schema: schema-qualified foreign keys, index names that
include the schema, an enum column in a schema table."""

import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Plan(str, enum.Enum):
    BASIC = "basic"
    PRO = "pro"


class Org(SQLModel, table=True):
    __table_args__ = {"schema": "app", "comment": "organisations"}
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)
    plan: Plan = Plan.BASIC


class Member(SQLModel, table=True):
    __table_args__ = {"schema": "app"}
    id: Optional[int] = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="app.org.id", ondelete="CASCADE")
    handle: str = Field(max_length=30, unique=True)


class Audit(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    member_id: Optional[int] = Field(default=None, foreign_key="app.member.id")
