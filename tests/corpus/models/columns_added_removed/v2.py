"""Columns added (nullable, NOT NULL with a server default, indexed,
unique) and removed (pinned), one renamed (body -> text: drop + add)."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=50)
    text: str
    author: Optional[str] = Field(default=None, max_length=40, index=True)
    stars: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    handle: Optional[str] = Field(default=None, max_length=30, unique=True)
