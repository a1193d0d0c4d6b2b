"""The base of every table: tables are named after their class (a
declared_attr, so "User", "Hero", ...), keyed by an indexed UUID and stamped
with naive creation / update times.  The real project's keys are UUID v7
from its own helper; uuid4 makes the same columns."""

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.orm import declared_attr
from sqlmodel import Field
from sqlmodel import SQLModel as _SQLModel


class SQLModel(_SQLModel):
    @declared_attr  # type: ignore
    def __tablename__(cls) -> str:
        return cls.__name__


class BaseUUIDModel(SQLModel):
    id: UUID = Field(default_factory=uuid4, primary_key=True, index=True, nullable=False)
    updated_at: datetime | None = Field(
        default_factory=datetime.utcnow, sa_column_kwargs={"onupdate": datetime.utcnow}
    )
    created_at: datetime | None = Field(default_factory=datetime.utcnow)
