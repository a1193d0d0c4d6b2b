"""after the merge

Revision ID: d0d000000004
Revises: 3e7e00000003
Create Date: 2026-09-14 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "d0d000000004"
down_revision: Union[str, Sequence[str], None] = "3e7e00000003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_core_b_score", "core", ["b_score"])
    op.create_table(
        "combined",
        sa.Column("a_id", sa.Integer(), sa.ForeignKey("feature_a.id"), primary_key=True),
        sa.Column("score", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("combined")
    op.drop_index("ix_core_b_score", table_name="core")
