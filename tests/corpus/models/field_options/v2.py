"""Index added (color) and removed (name), an index made unique (size:
plain -> unique+index), unique added (Country.name) and removed (sku),
unique index back to plain unique (code)."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Product(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, index=True)
    sku: str = Field(max_length=20)
    name: str = Field(max_length=80)
    code: str = Field(max_length=8, unique=True)
    color: str = Field(max_length=10, index=True)
    size: str = Field(max_length=5, unique=True, index=True)


class Country(SQLModel, table=True):
    iso: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=60, unique=True)
