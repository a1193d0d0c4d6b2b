"""A table with a plain column."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Login(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=120)
