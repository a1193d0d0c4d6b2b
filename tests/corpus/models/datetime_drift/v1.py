"""Plain `datetime` columns: sqlmodel >= 0.0.45 makes them UTCDateTime
(TIMESTAMP WITH TIME ZONE on PostgreSQL), 0.0.24 DateTime (naive)."""

import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class Log(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime.datetime
    seen: Optional[datetime.datetime] = None
    day: datetime.date
    clock: datetime.time
    took: datetime.timedelta
