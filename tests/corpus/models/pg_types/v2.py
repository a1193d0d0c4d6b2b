"""An ARRAY(Integer) column added, JSON -> JSONB, a JSONB server default."""

import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel


class Doc(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    data: dict[str, Any] = Field(
        default_factory=dict,
        sa_type=postgresql.JSONB,
        sa_column_kwargs={"server_default": sa.text("'{}'::jsonb")},
    )
    tags: list[str] = Field(default_factory=list, sa_type=postgresql.ARRAY(sa.String))
    raw: Optional[dict] = Field(default=None, sa_type=postgresql.JSONB)
    scores: Optional[list[int]] = Field(default=None, sa_type=postgresql.ARRAY(sa.Integer))
