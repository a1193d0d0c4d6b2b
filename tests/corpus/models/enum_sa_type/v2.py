"""The table dropped: on PostgreSQL drop_table leaves the enum type
behind, so downgrade + upgrade recreates a type that exists."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Other(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
