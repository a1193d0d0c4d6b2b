"""Length 100 -> 200, str -> Text, int -> BigInteger, float -> Numeric,
Numeric(8, 2) -> Numeric(12, 4), VARCHAR(10) -> int."""

import decimal
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Item(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    note: str = Field(sa_type=sa.Text)
    views: int = Field(sa_type=sa.BigInteger)
    price: decimal.Decimal = Field(max_digits=10, decimal_places=2)
    total: decimal.Decimal = Field(max_digits=12, decimal_places=4)
    code: int
