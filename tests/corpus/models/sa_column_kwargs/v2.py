"""Server defaults changed ("0" -> "3", false -> true) and removed, a
comment changed, a renamed column renamed again (drop + add)."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Setting(SQLModel, table=True):
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    retries: int = Field(default=0, sa_column_kwargs={"server_default": "3"})
    label: str = Field(max_length=30, sa_column_kwargs={"comment": "label in the UI"})
    display: str = Field(max_length=30, index=True, sa_column_kwargs={"name": "title"})
    enabled: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    touched_at: Optional[datetime.datetime] = None
