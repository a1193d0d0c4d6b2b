"""merge email and seed branches

Revision ID: e1d2c3b4a596
Revises: 3f1b2c4d5e6a, 9a8b7c6d5e4f
Create Date: 2026-11-22 04:38:43.590287

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = 'e1d2c3b4a596'
down_revision: Union[str, Sequence[str], None] = ('3f1b2c4d5e6a', '9a8b7c6d5e4f')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
