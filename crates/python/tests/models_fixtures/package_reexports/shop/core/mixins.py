import datetime as dt
from typing import Optional

from sqlmodel import Field, SQLModel

__all__ = ["Stamped", "Keyed"]


class Keyed(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)


class Stamped(SQLModel):
    created: dt.datetime = Field(default_factory=dt.datetime.now)
    changed: Optional[dt.datetime] = None


class _Hidden(SQLModel):
    secret: str
