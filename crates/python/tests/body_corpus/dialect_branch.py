"""extension and search index

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2024-05-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded'")
        op.create_index("ix_team_slug_trgm", "team", [sa.text("slug gin_trgm_ops")], postgresql_using="gin")
    else:
        op.create_index("ix_team_slug", "team", ["slug"])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_team_slug_trgm", table_name="team")
    else:
        op.drop_index("ix_team_slug", table_name="team")
