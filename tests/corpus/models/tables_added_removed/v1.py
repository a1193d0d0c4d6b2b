"""Two tables."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Alpha(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=20, index=True)


class Beta(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    alpha_id: Optional[int] = Field(default=None, foreign_key="alpha.id")
