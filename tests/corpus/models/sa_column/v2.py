"""Column changes inside sa_column: server default removed, nullable
flipped, the index made unique, a comment changed, the unique dropped,
a new column with an onupdate (not rendered)."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, String, func
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    created_at: datetime.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=True))
    slug: str = Field(sa_column=Column("url_slug", String(80), nullable=False, index=True, unique=True))
    handle: str = Field(sa_column=Column(String(30)))
    body: Optional[str] = Field(default=None, sa_column=Column(sa.Text, comment="markdown source"))
    rank: int = Field(sa_column=Column(sa.Integer, nullable=False, server_default="0"))
    updated_at: Optional[datetime.datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now()),
    )
