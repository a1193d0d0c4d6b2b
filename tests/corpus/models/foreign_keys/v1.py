"""Unnamed foreign keys, one with ON DELETE CASCADE."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Owner(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", ondelete="CASCADE")
    vet_id: Optional[int] = None
    keeper_id: Optional[int] = Field(default=None, foreign_key="owner.id")
