"""Type changes through sa_type: Text -> String(200), BigInteger ->
Integer, String(12) -> String(30), SmallInteger -> Integer, naive
DateTime; JSON stays."""

import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel


class Event(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, sa_type=sa.BigInteger)
    body: str = Field(max_length=200)
    counter: int
    at: datetime.datetime = Field(sa_type=sa.DateTime())
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    code: str = Field(sa_type=sa.String(30))
    small: int
