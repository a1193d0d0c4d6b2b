"""pydantic types that map like their base: constrained ints / floats /
decimals, IP addresses, paths; constr() and StringConstraints lose their
max_length, Annotated MaxLen keeps it."""

import decimal
import ipaddress
import pathlib
from typing import Annotated, Optional

from pydantic import PositiveInt, StrictStr, StringConstraints, condecimal, confloat, conint, constr
from sqlmodel import Field, SQLModel


class Host(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    port: conint(gt=0, lt=65536)
    workers: PositiveInt = 1
    load: confloat(ge=0) = 0.0
    price: condecimal(max_digits=8, decimal_places=3) = decimal.Decimal("0")
    address: ipaddress.IPv4Address
    address6: Optional[ipaddress.IPv6Address] = None
    network: Optional[ipaddress.IPv4Network] = None
    root: pathlib.Path
    name: constr(max_length=40)
    alias: Annotated[str, StringConstraints(max_length=30)]
    strict: StrictStr = Field(max_length=15)
