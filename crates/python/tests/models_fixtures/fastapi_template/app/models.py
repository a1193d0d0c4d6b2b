"""The shape of the FastAPI full-stack template's models (written for this
test): API schemas beside the tables, uuid keys with default_factory,
EmailStr, a field redeclared in the table class, Relationship with
cascade_delete, a timezone-aware clock through sa_type, and a foreign key
with ondelete CASCADE and nullable=False."""

import uuid
from datetime import datetime, timezone

from pydantic import EmailStr
from sqlalchemy import DateTime
from sqlmodel import Field, Relationship, SQLModel


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


class AccountBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=255)
    active: bool = True
    admin: bool = False
    display_name: str | None = Field(default=None, max_length=255)


class AccountCreate(AccountBase):
    password: str = Field(min_length=8, max_length=128)


class AccountUpdate(AccountBase):
    email: EmailStr | None = Field(default=None, max_length=255)  # type: ignore
    password: str | None = Field(default=None, min_length=8, max_length=128)


class Account(AccountBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    password_hash: str
    joined_at: datetime | None = Field(
        default_factory=now_utc,
        sa_type=DateTime(timezone=True),  # type: ignore
    )
    notes: list["Note"] = Relationship(back_populates="author", cascade_delete=True)


class AccountPublic(AccountBase):
    id: uuid.UUID
    joined_at: datetime | None = None


class AccountsPublic(SQLModel):
    data: list[AccountPublic]
    count: int


class NoteBase(SQLModel):
    headline: str = Field(min_length=1, max_length=255)
    body: str | None = Field(default=None, max_length=255)


class NoteUpdate(NoteBase):
    headline: str | None = Field(default=None, min_length=1, max_length=255)  # type: ignore


class Note(NoteBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    joined_at: datetime | None = Field(
        default_factory=now_utc,
        sa_type=DateTime(timezone=True),  # type: ignore
    )
    headline: str = Field(max_length=255)
    author_id: uuid.UUID = Field(foreign_key="account.id", nullable=False, ondelete="CASCADE")
    author: Account | None = Relationship(back_populates="notes")


class NotePublic(NoteBase):
    id: uuid.UUID
    author_id: uuid.UUID


class Message(SQLModel):
    message: str


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
