"""A column of plain sa.String (no length: MySQL cannot compile it), the
AutoString column removed (its downgrade re-adds the reflected type)."""

from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Page(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    slug: Optional[str] = Field(default=None, sa_type=sa.String)
