"""An unnamed FK added to the existing table (batch mode on SQLite:
create_foreign_key(None, ...) inside batch_alter_table), and the unnamed
unique dropped (the upgrade needs the reflected name)."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Folder(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    path: str = Field(max_length=200)


class File(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    folder_id: Optional[int] = Field(default=None, foreign_key="folder.id")
    name: str = Field(max_length=100)
