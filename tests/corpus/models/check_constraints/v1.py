"""A table without CHECKs."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = 0
    low: int = 0
    high: int = 10
