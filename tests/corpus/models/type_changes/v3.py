"""Back to shorter: length 200 -> 50 (a narrowing)."""

import decimal
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Item(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=50)
    note: str = Field(sa_type=sa.Text)
    views: int = Field(sa_type=sa.BigInteger)
    price: decimal.Decimal = Field(max_digits=10, decimal_places=2)
    total: decimal.Decimal = Field(max_digits=12, decimal_places=4)
    code: int
