"""sa_column_kwargs: server_default (string, text(), sa.false()),
comment, name (the attribute keeps the field name, the index the column
name), onupdate (not rendered), autoincrement=False on the key."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Setting(SQLModel, table=True):
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    retries: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    label: str = Field(max_length=30, sa_column_kwargs={"comment": "shown in the UI"})
    display: str = Field(max_length=30, index=True, sa_column_kwargs={"name": "display_name"})
    enabled: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    touched_at: Optional[datetime.datetime] = Field(
        default=None,
        sa_column_kwargs={"server_default": sa.text("CURRENT_TIMESTAMP"), "onupdate": sa.func.now()},
    )
