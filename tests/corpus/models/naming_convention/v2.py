"""With names, the changes that fail unnamed work both ways: a unique
added and one dropped, an FK's ondelete changed, an FK added."""

from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Org(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40)
    name: str = Field(max_length=80, index=True, unique=True)


class Seat(SQLModel, table=True):
    __table_args__ = (CheckConstraint("number > 0", name="positive"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org.id", ondelete="RESTRICT")
    number: int
    parent_id: Optional[int] = Field(default=None, foreign_key="seat.id")
