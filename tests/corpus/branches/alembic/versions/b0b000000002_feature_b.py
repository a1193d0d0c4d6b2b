"""feature b on a branch of its own

Revision ID: b0b000000002
Revises: c0ffee000001
Create Date: 2026-09-12 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b0b000000002"
down_revision: Union[str, Sequence[str], None] = "c0ffee000001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("core", sa.Column("b_score", sa.Integer(), nullable=True))
    op.execute("UPDATE core SET b_score = 10")


def downgrade() -> None:
    op.drop_column("core", "b_score")
