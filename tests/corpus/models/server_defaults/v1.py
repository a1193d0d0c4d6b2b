"""Python-side defaults only (default=, default_factory=): Alembic never
renders them, the database has no DEFAULT."""

import datetime
import uuid
from typing import Optional

from sqlmodel import Field, SQLModel


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class Job(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    attempts: int = 0
    state: str = Field(default="new", max_length=10)
    token: uuid.UUID = Field(default_factory=uuid.uuid4)
    queued_at: datetime.datetime = Field(default_factory=utcnow)
    weight: float = Field(default=1.5)
