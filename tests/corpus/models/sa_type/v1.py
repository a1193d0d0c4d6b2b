"""sa_type= overrides: Text (max_length ignored), BigInteger (key too),
DateTime(timezone=True), JSON, a String with a length, a type instance."""

import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import JSON, Field, SQLModel


class Event(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, sa_type=sa.BigInteger)
    body: str = Field(sa_type=sa.Text, max_length=5)
    counter: int = Field(sa_type=sa.BigInteger)
    at: datetime.datetime = Field(sa_type=sa.DateTime(timezone=True))
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    code: str = Field(sa_type=sa.String(12))
    small: int = Field(sa_type=sa.SmallInteger())
