"""v2 with the v1 columns removed again except the key (drop_column of
every type; the downgrade re-adds them with reflected types)."""

import datetime
import decimal
import uuid
from typing import Optional

from sqlmodel import Field, SQLModel


class Scalars(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
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
