"""Field(unique=True) on the existing column: create_unique_constraint(None,
...) upgrades; the downgrade's drop_constraint(None, ...) cannot work."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Login(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=120, unique=True)
