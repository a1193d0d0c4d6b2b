"""A field added to a shared base (a new column on every table using
it: added columns at the end, whatever create_all's order), one removed
from the mixin, the redeclared field no longer redeclared (column order
differs from create_all but Alembic does not compare order)."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Column
from sqlmodel import Field, SQLModel


class TimestampMixin(SQLModel):
    created_at: Optional[datetime.datetime] = None


class PlainMixin:
    plain_field: int = 0


class SAMixin:
    legacy = Column(sa.Integer, nullable=True)


class UserBase(SQLModel):
    email: str = Field(max_length=255, unique=True, index=True)
    is_active: bool = True
    full_name: Optional[str] = Field(default=None, max_length=255)


class User(UserBase, TimestampMixin, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    hashed_password: str


class ItemBase(SQLModel):
    title: str = Field(max_length=255)
    description: Optional[str] = Field(default=None, max_length=255)
    archived: bool = False


class Item(ItemBase, TimestampMixin, PlainMixin, SAMixin, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")
