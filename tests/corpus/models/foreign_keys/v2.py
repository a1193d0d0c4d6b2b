"""FK added (vet_id, SET NULL), FK removed (keeper_id), ondelete changed
(CASCADE -> no action): on existing tables Alembic creates them as
create_foreign_key(None, ...) and drops reflected names."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Owner(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    vet_id: Optional[int] = Field(default=None, foreign_key="owner.id", ondelete="SET NULL")
    keeper_id: Optional[int] = None
