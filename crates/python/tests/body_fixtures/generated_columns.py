"""Columns the database computes: sa.Identity (an identity column on
PostgreSQL, an ordinary auto-increment key elsewhere) and sa.Computed."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "t",
        sa.Column("id", sa.Integer(), sa.Identity(always=True, start=10, increment=5), primary_key=True),
        sa.Column("a", sa.Integer(), nullable=True),
        sa.Column("b", sa.Integer(), sa.Computed("a * 2"), nullable=True),
        sa.Column("c", sa.Integer(), sa.Computed("a + 1", persisted=True)),
        sa.Column("d", sa.Integer(), sa.Computed("a + 2", persisted=True), nullable=False),
    )
    op.create_table(
        "u",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("n", sa.Integer(), sa.Identity(start=1, minvalue=1, maxvalue=1000, cycle=True, cache=5), nullable=True),
    )
    op.add_column("t", sa.Column("e", sa.Integer(), sa.Computed("a * 3", persisted=True)))


def downgrade():
    op.drop_column("t", "e")
    op.drop_table("u")
    op.drop_table("t")
