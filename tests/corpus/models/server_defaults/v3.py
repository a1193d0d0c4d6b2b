"""Server defaults changed (0 -> 1, 'new' -> 'queued') and removed
(queued_at, weight)."""

import datetime
import uuid
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class Job(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": sa.text("1")})
    state: str = Field(default="new", max_length=10, sa_column_kwargs={"server_default": "queued"})
    token: uuid.UUID = Field(default_factory=uuid.uuid4)
    queued_at: datetime.datetime = Field(default_factory=utcnow)
    weight: float = Field(default=1.5)
