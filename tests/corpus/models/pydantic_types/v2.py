"""Lengths given the way SQLModel reads them (Field(max_length=)), so
the VARCHARs change on PostgreSQL/SQLite; conint -> int stays INTEGER."""

import decimal
import ipaddress
import pathlib
from typing import Annotated, Optional

from annotated_types import MaxLen
from pydantic import PositiveInt, StrictStr, condecimal, confloat
from sqlmodel import Field, SQLModel


class Host(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    port: int
    workers: PositiveInt = 1
    load: confloat(ge=0) = 0.0
    price: condecimal(max_digits=10, decimal_places=3) = decimal.Decimal("0")
    address: ipaddress.IPv4Address = Field(max_length=15)
    address6: Optional[ipaddress.IPv6Address] = None
    network: Optional[ipaddress.IPv4Network] = None
    root: pathlib.Path
    name: str = Field(max_length=40)
    alias: Annotated[str, MaxLen(30)]
    strict: StrictStr = Field(max_length=25)
