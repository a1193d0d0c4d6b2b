"""More data statement shapes."""
import sqlalchemy as sa
from alembic import op

revision = "d2"
down_revision = None

t = sa.table("items", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("qty", sa.Integer), sa.column("ok", sa.Boolean), schema="inv")


def upgrade():
    op.execute(t.update().where(1 < t.c.id).values(qty=sa.func.coalesce(t.c.qty, 0) + 1))
    op.execute(t.update().where(t.c.name.is_not(None), t.c.ok == sa.false()).values(ok=True))
    op.execute(t.update().where(t.c.name.ilike("%a%")).values(name=sa.func.upper(t.c.name)))
    op.execute(t.delete().where(sa.or_(t.c.qty <= 0, sa.and_(t.c.ok == False, t.c.name == "x"))))
    op.execute(t.update().values({t.c.qty: t.c.qty * 2 - 1}))
    op.execute(t.insert().values(id=1, name='50% "off"', qty=-3, ok=None))
    op.execute(sa.text("UPDATE inv.items SET name = :n, qty = :q WHERE name = 'a\\:b'").bindparams(n="it's", q=2))
    op.execute(sa.text("SELECT 1::int"))
    op.execute(t.update().where(t.c.id.in_((1, 2, 3))).values(name=sa.case((t.c.qty > 10, "many"), (t.c.qty > 0, "some"), else_="none")))
    op.execute(t.update().where(t.c.name != "").values(qty=sa.literal(5)))
    op.execute(t.update().where(-t.c.qty > 2).values(qty=t.c.qty - 2))
