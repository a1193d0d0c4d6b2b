"""Named unique dropped and another added, the multi-column index
changes columns, the unique index becomes plain, the CHECK changes
(Alembic compares no CHECKs), table comments changed and removed."""

from typing import Optional

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Booking(SQLModel, table=True):
    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("ref", "day", name="uq_bookings_ref_day"),
        Index("ix_bookings_guest_day", "guest", "day", "room"),
        Index("ix_bookings_ref", "ref"),
        CheckConstraint("nights > 0 AND nights < 100", name="ck_bookings_nights_range"),
        {"comment": "bookings of rooms"},
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    room: int
    day: str = Field(max_length=10)
    guest: str = Field(max_length=50)
    ref: str = Field(max_length=12)
    nights: int = 1


class Room(SQLModel, table=True):
    __tablename__ = "rooms"

    number: int = Field(primary_key=True)
    floor: int
