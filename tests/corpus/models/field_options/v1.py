"""Field options: index, unique, unique+index (one unique index), a
key with index=True, primary_key on a string."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Product(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, index=True)
    sku: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=80, index=True)
    code: str = Field(max_length=8, unique=True, index=True)
    color: str = Field(max_length=10)
    size: str = Field(max_length=5)


class Country(SQLModel, table=True):
    iso: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=60)
