"""Two tables, no foreign key yet; an unnamed unique."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Folder(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    path: str = Field(max_length=200, unique=True)


class File(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    folder_id: Optional[int] = None
    name: str = Field(max_length=100)
