"""Values bound to typed columns, as SQLAlchemy prints them offline."""
import sqlalchemy as sa
from alembic import op

revision = "t1"
down_revision = None

t = sa.table(
    "d",
    sa.column("b", sa.Boolean),
    sa.column("i", sa.Integer),
    sa.column("n", sa.Numeric()),
    sa.column("s", sa.String),
    sa.column("f", sa.Float),
)


def upgrade():
    op.bulk_insert(t, [{"b": 1, "i": "5", "n": 5, "s": "x", "f": 2}, {"b": 0, "i": True, "n": 0.1, "s": None, "f": 1e20}])
    op.execute(t.update().where(t.c.i == 1).values(b=1, i="7"))
    op.execute(t.insert().values(b=0, s="y"))


def downgrade():
    op.bulk_insert(t, [{"s": 5}])
