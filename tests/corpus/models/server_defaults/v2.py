"""Server defaults added: integer text, string literal, func.now(), a
float; the Python defaults stay."""

import datetime
import uuid
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class Job(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": sa.text("0")})
    state: str = Field(default="new", max_length=10, sa_column_kwargs={"server_default": "new"})
    token: uuid.UUID = Field(default_factory=uuid.uuid4)
    queued_at: datetime.datetime = Field(
        default_factory=utcnow, sa_column_kwargs={"server_default": sa.func.now()}
    )
    weight: float = Field(default=1.5, sa_column_kwargs={"server_default": "1.5"})
