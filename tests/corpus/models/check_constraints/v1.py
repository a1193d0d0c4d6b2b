"""A named CHECK created with its table."""

from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    __table_args__ = (CheckConstraint("qty >= 0", name="ck_stock_qty"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = 0
    low: int = 0
    high: int = 10
