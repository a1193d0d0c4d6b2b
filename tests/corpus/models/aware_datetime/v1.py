"""pydantic AwareDatetime / NaiveDatetime (sqlmodel >= 0.0.45 only:
UTCDateTime / DateTime; 0.0.24 raises ValueError)."""

from typing import Optional

from pydantic import AwareDatetime, NaiveDatetime
from sqlmodel import Field, SQLModel


class Stamp(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    aware: AwareDatetime
    naive: NaiveDatetime
    maybe_naive: Optional[NaiveDatetime] = None
