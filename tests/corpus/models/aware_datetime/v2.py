"""aware <-> naive swapped: a type change on PostgreSQL."""

from typing import Optional

from pydantic import AwareDatetime, NaiveDatetime
from sqlmodel import Field, SQLModel


class Stamp(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    aware: NaiveDatetime
    naive: AwareDatetime
    maybe_naive: Optional[AwareDatetime] = None
