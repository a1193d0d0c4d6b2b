"""seed teams

Revision ID: 9a8b7c6d5e4f
Revises: c24d934f47fe
Create Date: 2026-11-22 04:38:43.570381

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '9a8b7c6d5e4f'
down_revision: Union[str, Sequence[str], None] = 'c24d934f47fe'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    team = sa.table("team", sa.column("name", sa.String), sa.column("headquarters", sa.String))
    op.bulk_insert(
        team,
        [
            {"name": "Preventers", "headquarters": "Sharp Tower"},
            {"name": "Z-Force", "headquarters": "Sister Margaret's Bar"},
        ],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM team WHERE name IN ('Preventers', 'Z-Force')")
