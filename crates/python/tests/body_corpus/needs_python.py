"""conditional column

Revision ID: 708192a3b4c5
Revises: 6f708192a3b4
Create Date: 2024-06-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "708192a3b4c5"
down_revision = "6f708192a3b4"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    columns = [c["name"] for c in inspector.get_columns("hero")]
    if "age" not in columns:
        op.add_column("hero", sa.Column("age", sa.Integer()))


def downgrade():
    op.drop_column("hero", "age")
