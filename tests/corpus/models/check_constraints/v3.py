"""The CHECKs removed again (also undetected), the table's CHECK kept."""

from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = 0
    low: int = 0
    high: int = 10


class Warehouse(SQLModel, table=True):
    __table_args__ = (CheckConstraint("capacity > 0", name="ck_warehouse_capacity"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    capacity: int
