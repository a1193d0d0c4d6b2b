"""str columns without a length (AutoString: VARCHAR on PostgreSQL and
SQLite, VARCHAR(255) on MySQL/MariaDB)."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Page(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    subtitle: Optional[str] = None
