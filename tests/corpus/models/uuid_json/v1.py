"""UUID keys (Python-side default_factory only), a UUID foreign key, JSON
columns through sa_type=JSON."""

import uuid
from typing import Any, Optional

from sqlmodel import JSON, Field, SQLModel


class Tenant(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class Device(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id")
    meta: Optional[dict] = Field(default=None, sa_type=JSON)
