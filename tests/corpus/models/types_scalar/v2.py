"""v1 plus the same annotations as nullable columns added to the existing
table (add_column of every type)."""

import datetime
import decimal
import uuid
from typing import Optional

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
    opt_str: Optional[str] = None
    opt_short_str: str | None = Field(default=None, max_length=20)
    opt_number: Optional[int] = None
    opt_ratio: float | None = None
    opt_flag: Optional[bool] = None
    opt_happened_at: datetime.datetime | None = None
    opt_day: Optional[datetime.date] = None
    opt_clock: datetime.time | None = None
    opt_span: Optional[datetime.timedelta] = None
    opt_amount: decimal.Decimal | None = None
    opt_money: Optional[decimal.Decimal] = Field(default=None, max_digits=8, decimal_places=3)
    opt_token: uuid.UUID | None = None
    opt_blob: Optional[bytes] = None
