"""__tablename__ and __table_args__: named UniqueConstraint, a
multi-column Index, a unique Index, a named CheckConstraint, a trailing
dict with the table comment; a dict-only __table_args__."""

from typing import Optional

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Booking(SQLModel, table=True):
    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("room", "day", name="uq_bookings_room_day"),
        Index("ix_bookings_guest_day", "guest", "day"),
        Index("ix_bookings_ref", "ref", unique=True),
        CheckConstraint("nights > 0", name="ck_bookings_nights"),
        {"comment": "room bookings"},
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    room: int
    day: str = Field(max_length=10)
    guest: str = Field(max_length=50)
    ref: str = Field(max_length=12)
    nights: int = 1


class Room(SQLModel, table=True):
    __tablename__ = "rooms"
    __table_args__ = {"comment": "rooms of the house"}

    number: int = Field(primary_key=True)
    floor: int
