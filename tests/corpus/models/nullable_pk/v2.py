"""A column of each table made nullable / required."""

from typing import Optional

from sqlmodel import Field, SQLModel


class OptionalPk(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, nullable=True)
    name: Optional[str] = Field(default=None, max_length=20)


class StrPk(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=8)
    label: str = Field(default="", max_length=20)
