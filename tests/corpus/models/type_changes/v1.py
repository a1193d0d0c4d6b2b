"""Columns whose types change in v2."""

import decimal
from typing import Optional

from sqlmodel import Field, SQLModel


class Item(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    note: str
    views: int
    price: float
    total: decimal.Decimal = Field(max_digits=8, decimal_places=2)
    code: str = Field(max_length=10)
