"""Explicit naive and aware DateTime through sa_type: a change for one
SQLModel version and not for the other."""

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Log(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime.datetime = Field(sa_type=sa.DateTime())
    seen: Optional[datetime.datetime] = Field(default=None, sa_type=sa.DateTime(timezone=True))
    day: datetime.date
    clock: datetime.time
    took: datetime.timedelta
