"""A named and an unnamed CHECK added to the existing table: Alembic's
default autogenerate compares no CHECK constraints, so the revision is
empty and the database differs from create_all."""

from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("qty >= 0", name="ck_stock_qty"),
        CheckConstraint("low <= high"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = 0
    low: int = 0
    high: int = 10


class Warehouse(SQLModel, table=True):
    __table_args__ = (CheckConstraint("capacity > 0", name="ck_warehouse_capacity"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    capacity: int
