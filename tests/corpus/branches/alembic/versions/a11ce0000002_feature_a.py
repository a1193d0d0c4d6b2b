"""feature a

Revision ID: a11ce0000002
Revises: c0ffee000001
Create Date: 2026-09-12 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "a11ce0000002"
down_revision: Union[str, Sequence[str], None] = "c0ffee000001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "feature_a",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("core_id", sa.Integer(), sa.ForeignKey("core.id", ondelete="CASCADE")),
        sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute("INSERT INTO feature_a (id, core_id) VALUES (7, 1)")


def downgrade() -> None:
    op.drop_table("feature_a")
