"""sa_type= enums: labels from the values (values_callable, own type name),
and a non-native enum (VARCHAR with a length)."""

import enum
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Status(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Kind(enum.Enum):
    NOTE = "note"
    TASK = "task"


class Post(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    status: Status = Field(
        default=Status.DRAFT,
        sa_type=sa.Enum(Status, values_callable=lambda e: [m.value for m in e], name="post_status"),
    )
    kind: Kind = Field(sa_type=sa.Enum(Kind, native_enum=False, length=20))
