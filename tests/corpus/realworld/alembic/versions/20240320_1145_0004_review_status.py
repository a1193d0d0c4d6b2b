"""a review status

Revision ID: 0004
Revises: 0003
Create Date: 2024-03-20 11:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # ADD VALUE is run outside the migration's transaction, as projects
        # write it.
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE doc_status ADD VALUE IF NOT EXISTS 'review'")
    elif op.get_bind().dialect.name == "mysql":
        op.alter_column(
            "document",
            "status",
            existing_type=sa.Enum("draft", "live", "archived", name="doc_status"),
            type_=sa.Enum("draft", "live", "archived", "review", name="doc_status"),
            existing_nullable=False,
            existing_server_default="draft",
        )


def downgrade() -> None:
    # PostgreSQL cannot drop an enum value; the type goes with 0001.
    if op.get_bind().dialect.name == "mysql":
        op.alter_column(
            "document",
            "status",
            existing_type=sa.Enum("draft", "live", "archived", "review", name="doc_status"),
            type_=sa.Enum("draft", "live", "archived", name="doc_status"),
            existing_nullable=False,
            existing_server_default="draft",
        )
