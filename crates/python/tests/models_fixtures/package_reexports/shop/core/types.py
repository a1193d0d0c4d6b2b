"""Annotated aliases shared by the models (options inside Annotated)."""

import decimal
from typing import Annotated

from sqlmodel import Field

Email = Annotated[str, Field(max_length=320, index=True)]
ShortText = Annotated[str, Field(max_length=40)]
Money = Annotated[decimal.Decimal, Field(max_digits=12, decimal_places=2)]
