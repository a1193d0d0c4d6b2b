"""Alpha renamed to Omega (Alembic: drop + create, the FK of Beta moves
with it), Delta removed."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Omega(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=20, index=True)


class Beta(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    alpha_id: Optional[int] = Field(default=None, foreign_key="omega.id")


class Gamma(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    label: str = Field(max_length=20, unique=True)
