"""Every scalar annotation of sqlmodel-mapping.md §3, required (NOT NULL)."""

import datetime
import decimal
import uuid

from sqlmodel import Field, SQLModel


class Scalars(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plain_str: str
    short_str: str = Field(max_length=50)
    zero_len: str = Field(max_length=0)
    number: int
    ratio: float
    flag: bool
    happened_at: datetime.datetime
    day: datetime.date
    clock: datetime.time
    span: datetime.timedelta
    amount: decimal.Decimal
    money: decimal.Decimal = Field(max_digits=10, decimal_places=2)
    scaled: decimal.Decimal = Field(decimal_places=3)
    token: uuid.UUID
    blob: bytes
