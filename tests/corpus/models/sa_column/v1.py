"""sa_column=Column(...), the common real-world spelling: a server-side
clock, a renamed column with an index, a unique column, a comment; the
annotation is ignored (Column's own nullable default applies)."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, String, func
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    created_at: datetime.datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    slug: str = Field(sa_column=Column("url_slug", String(80), nullable=False, index=True))
    handle: str = Field(sa_column=Column(String(30), unique=True))
    body: Optional[str] = Field(default=None, sa_column=Column(sa.Text, comment="markdown"))
    rank: int = Field(sa_column=Column(sa.Integer))
