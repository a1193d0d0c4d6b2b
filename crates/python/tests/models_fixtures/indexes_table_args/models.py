"""Expression and partial indexes, dialect options, table-args keys and
constraints of every kind."""

from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Index, PrimaryKeyConstraint, UniqueConstraint, func, text
from sqlmodel import Field, SQLModel


class Doc(SQLModel, table=True):
    __table_args__ = (
        Index("ix_doc_lower_title", func.lower(text("title"))),
        Index("ix_doc_live", "slug", unique=True, postgresql_where=text("deleted = false"), sqlite_where=text("deleted = 0")),
        Index("ix_doc_prefix", "title", mysql_length=10),
        Index("ix_doc_hash", "slug", postgresql_using="hash"),
        UniqueConstraint("slug", "version", name="uq_doc_slug_version"),
        {"comment": "documents", "sqlite_autoincrement": True, "mysql_engine": "InnoDB"},
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    slug: str = Field(max_length=80)
    version: int = 1
    deleted: bool = False


class Pair(SQLModel, table=True):
    __table_args__ = (PrimaryKeyConstraint("left", "right", name="pk_pair_custom"),)
    left: int = Field(primary_key=True)
    right: int = Field(primary_key=True)
    weight: float = 0.0
