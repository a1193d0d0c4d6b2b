from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from sqlalchemy import Text
from sqlmodel import JSON, Column, Field, Relationship, SQLModel

from langflow.services.database.models.base import utc_now

if TYPE_CHECKING:
    from langflow.services.database.models.flow import Flow


class MessageBase(SQLModel):
    timestamp: datetime = Field(default_factory=utc_now)
    sender: str
    sender_name: str
    session_id: str
    text: str = Field(sa_column=Column(Text))
    files: list[str] = Field(default_factory=list)


class MessageTable(MessageBase, table=True):  # type: ignore[call-arg]
    __tablename__ = "message"

    id: UUID = Field(default_factory=uuid4, primary_key=True)
    flow_id: UUID | None = Field(default=None, foreign_key="flow.id")
    flow: "Flow" = Relationship(back_populates="messages")
    files: list[str] = Field(sa_column=Column(JSON))


class MessageRead(MessageBase):
    id: UUID
    flow_id: UUID | None = Field()
