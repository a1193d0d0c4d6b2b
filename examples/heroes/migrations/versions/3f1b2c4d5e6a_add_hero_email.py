"""add hero email

Revision ID: 3f1b2c4d5e6a
Revises: c24d934f47fe
Create Date: 2026-11-22 04:38:43.546625

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '3f1b2c4d5e6a'
down_revision: Union[str, Sequence[str], None] = 'c24d934f47fe'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("hero", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.create_index(batch_op.f("ix_hero_email"), ["email"], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("hero", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hero_email"))
        batch_op.drop_column("email")
