"""A lookup table created and seeded in one step, as the Alembic docs show."""
import sqlalchemy as sa
from alembic import op

revision = "d3"
down_revision = None


def upgrade():
    kinds = op.create_table(
        "kinds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("weight", sa.Float()),
        sa.Column("active", sa.Boolean(), server_default=sa.true()),
    )
    op.bulk_insert(
        kinds,
        [
            {"id": 1, "name": "small", "weight": 0.5, "active": True},
            {"id": 2, "name": "big", "weight": 12.25},
            {"id": 3, "name": "it's", "weight": 1e-7, "active": None},
        ],
        multiinsert=False,
    )
    op.execute(sa.text("UPDATE kinds SET weight = :w, active = :a WHERE name = :n").bindparams(w=2.5, a=False, n="big"))
    op.execute(sa.text("SELECT '\\:literal', :missing"))
