"""Indexes on the reserved names, a column added to "Members", an FK
from "Members" to `order`, `group` dropped."""

from typing import Optional

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    select: str = Field(max_length=20, index=True)


class Order(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    desc: str = Field(default="", max_length=40)


class Members(SQLModel, table=True):
    __tablename__ = "Members"

    id: Optional[int] = Field(default=None, primary_key=True)
    CamelCase: int = Field(default=0, index=True)
    order_id: Optional[int] = Field(default=None, foreign_key="order.id")
    Table: Optional[str] = Field(default=None, max_length=10)
