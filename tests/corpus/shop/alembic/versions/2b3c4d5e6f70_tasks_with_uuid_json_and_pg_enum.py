"""tasks: UUID ids, JSON payloads, a PostgreSQL enum created by hand

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2026-11-03 16:40:51.902113

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = "2b3c4d5e6f70"
down_revision: Union[str, Sequence[str], None] = "1a2b3c4d5e6f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        postgresql.ENUM("low", "normal", "high", name="priority").create(bind)
        priority = postgresql.ENUM("low", "normal", "high", name="priority", create_type=False)
        payload = postgresql.JSONB(astext_type=sa.Text())
    else:
        priority = sa.Enum("low", "normal", "high", name="priority")
        payload = sa.JSON()
    op.create_table(
        "task",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("priority", priority, nullable=False),
        sa.Column("payload", payload, nullable=True),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("legacy_code", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # Literal UUIDs without dashes: PostgreSQL reads them as uuid, and they
    # fit the CHAR(32) that sa.Uuid is elsewhere.
    op.execute(
        "INSERT INTO task (id, title, priority, legacy_code) "
        "VALUES ('0f8fad5bd9cb469fa16570867728950e', '', 'high', '42')"
    )
    op.execute(
        "INSERT INTO task (id, title, priority) "
        "VALUES ('7c9e6679742540de944be07fc1f90ae7', 'write docs', 'low')"
    )
    op.create_table(
        "tag_link",
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sa.String(length=30), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("tag_link")
    op.drop_table("task")
    if op.get_bind().dialect.name == "postgresql":
        postgresql.ENUM(name="priority").drop(op.get_bind())
