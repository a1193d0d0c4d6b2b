"""Non-table SQLModel bases, a plain Python mixin (annotated field ->
column), a plain mixin with an un-annotated Column (goes last), a field
redeclared in the table class (moves to its subclass position), a
subclass of a table class (no table of its own)."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Column
from sqlmodel import Field, SQLModel


class TimestampMixin(SQLModel):
    created_at: Optional[datetime.datetime] = None
    updated_at: Optional[datetime.datetime] = None


class PlainMixin:
    plain_field: int = 0


class SAMixin:
    legacy = Column(sa.Integer, nullable=True)


class UserBase(SQLModel):
    email: str = Field(max_length=255, unique=True, index=True)
    is_active: bool = True
    full_name: Optional[str] = Field(default=None, max_length=255)


class User(UserBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=255, unique=True, index=True)
    hashed_password: str


class ItemBase(SQLModel):
    title: str = Field(max_length=255)
    description: Optional[str] = Field(default=None, max_length=255)


class Item(ItemBase, TimestampMixin, PlainMixin, SAMixin, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")


class SpecialItem(Item, table=True):
    extra: str = ""
