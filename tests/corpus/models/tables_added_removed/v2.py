"""A table added that others point at, one that points at it."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Alpha(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=20, index=True)


class Beta(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    alpha_id: Optional[int] = Field(default=None, foreign_key="alpha.id")


class Gamma(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    label: str = Field(max_length=20, unique=True)


class Delta(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    gamma_id: int = Field(foreign_key="gamma.id")
    beta_id: Optional[int] = Field(default=None, foreign_key="beta.id")
