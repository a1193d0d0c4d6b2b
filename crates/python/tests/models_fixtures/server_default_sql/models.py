"""Server defaults in every spelling, compiled per database."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import func, text
from sqlmodel import Column, Field, SQLModel


class Defaults(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    created: datetime.datetime = Field(sa_column_kwargs={"server_default": func.now()})
    stamp: datetime.datetime = Field(sa_column_kwargs={"server_default": func.current_timestamp()})
    today: datetime.date = Field(sa_column_kwargs={"server_default": func.current_date()})
    flag_on: bool = Field(sa_column_kwargs={"server_default": sa.true()})
    flag_off: bool = Field(sa_column_kwargs={"server_default": sa.false()})
    count: int = Field(sa_column_kwargs={"server_default": text("0")})
    label: str = Field(max_length=20, sa_column_kwargs={"server_default": "it's"})
    quoted: str = Field(max_length=20, sa_column_kwargs={"server_default": text("'none'")})
    ratio: float = Field(sa_column_kwargs={"server_default": "1.5"})
    lowered: str = Field(max_length=20, sa_column_kwargs={"server_default": func.lower("ABC")})
    raw: Optional[str] = Field(default=None, sa_column=Column(sa.String(10), server_default=sa.text("'x'"), comment="a raw column"))
    updated: Optional[datetime.datetime] = Field(
        default=None, sa_column=Column(sa.DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
    )
