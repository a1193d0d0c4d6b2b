"""A nullable UUID column and a list JSON column added, a JSON column made
NOT NULL, the UUID FK made nullable."""

import uuid
from typing import Any, Optional

from sqlmodel import JSON, Field, SQLModel


class Tenant(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    api_key: Optional[uuid.UUID] = Field(default=None, unique=True)


class Device(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: Optional[uuid.UUID] = Field(default=None, foreign_key="tenant.id")
    meta: dict = Field(default_factory=dict, sa_type=JSON)
    history: list[Any] = Field(default_factory=list, sa_type=JSON)
