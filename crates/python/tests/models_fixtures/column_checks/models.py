"""Column-level CHECK and ForeignKey objects through sa_column_args and
inside sa_column=Column(...)."""

from typing import Optional

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class Parent(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    score: int = Field(default=1, sa_column_args=[CheckConstraint("score > 0", name="ck_score_pos")])


class Child(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    parent_id: Optional[int] = Field(default=None, sa_column_args=[ForeignKey("parent.id", ondelete="CASCADE")])
    other_id: int = Field(sa_column=Column(Integer, ForeignKey("parent.id", onupdate="SET NULL", name="fk_other"), nullable=False))
    age: int = Field(sa_column=Column(sa.Integer, CheckConstraint("age >= 0"), nullable=False, server_default="0"))
