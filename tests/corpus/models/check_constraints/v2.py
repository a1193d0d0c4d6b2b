"""The named CHECK removed and an unnamed one added on the existing table:
Alembic's default autogenerate compares no CHECK constraints, so neither
change reaches the database (it keeps ck_stock_qty and lacks the new
one); the CHECK of a new table comes with its create_table."""

from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    __table_args__ = (CheckConstraint("low <= high"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = 0
    low: int = 0
    high: int = 10


class Warehouse(SQLModel, table=True):
    __table_args__ = (CheckConstraint("capacity > 0", name="ck_warehouse_capacity"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    capacity: int
