"""audit log, a second root

Revision ID: aud000000001
Revises: 
Create Date: 2026-09-15 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "aud000000001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("audit",)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("feature_a_id", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
