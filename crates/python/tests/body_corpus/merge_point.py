"""merge heads

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192, 2b3c4d5e6f70
Create Date: 2024-05-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e6f708192a3'
down_revision = ('4d5e6f708192', '2b3c4d5e6f70')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
