"""Reserved words and mixed case as table and column names: `user`,
`order`, "Members", columns `select`, `group`, "CamelCase"."""

from typing import Optional

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    select: str = Field(max_length=20)
    group: Optional[str] = Field(default=None, max_length=20)


class Order(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    desc: str = Field(default="", max_length=40)


class Members(SQLModel, table=True):
    __tablename__ = "Members"

    id: Optional[int] = Field(default=None, primary_key=True)
    CamelCase: int = 0
