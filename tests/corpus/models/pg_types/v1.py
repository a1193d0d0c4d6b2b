"""PostgreSQL-only types through sa_type: JSONB, ARRAY, UUID with
as_uuid, a native JSON."""

import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel


class Doc(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=postgresql.JSONB)
    tags: list[str] = Field(default_factory=list, sa_type=postgresql.ARRAY(sa.String))
    raw: Optional[dict] = Field(default=None, sa_type=sa.JSON)
