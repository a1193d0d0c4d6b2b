"""Data statements: sa.table()/sa.column() statements, text with binds, bulk_insert."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql import table, column

revision = "d1"
down_revision = None

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("flag", sa.Boolean),
    sa.column("score", sa.Float),
)


def upgrade():
    op.execute(users.insert().values(id=1, name="a'b%c", flag=True))
    op.execute(users.update().where(users.c.id == 1).values(name="x"))
    op.execute(users.update().where(sa.and_(users.c.id > 1, users.c.name.is_(None))).values({"name": op.inline_literal("y"), "flag": False}))
    op.execute(users.delete().where(users.c.name.in_(["a", "b"])))
    op.execute(users.update().values(name=sa.case((users.c.id == 1, "one"), else_="other")))
    op.execute(users.update().where(users.c.id != None).values(flag=sa.true()))
    op.execute(sa.text("UPDATE users SET score = :v").bindparams(v=5))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET name = :v WHERE id = :w"), {"v": "q", "w": 1.5})
    op.execute(users.delete())
    op.execute(users.update().where(users.c.name.like("a%")).values(id=users.c.id + 1))
    op.execute(users.insert().values([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]))
    op.execute(users.update().where(users.c.name == sa.func.lower(users.c.name)).values(name=sa.func.now()))
    op.execute(users.update().where(users.c.name.isnot(None)).values(name=sa.literal_column("'z'")))
    op.execute(users.update().where(sa.or_(users.c.id < 1, ~(users.c.id >= 5))).values(name=None))
    op.execute(users.update().where(users.c.flag == True).values(name=sa.null()))
    op.execute(users.update().where(users.c.id.not_in([1, 2])).values(score=1.50))
    op.execute(users.update().where(users.c.id.notin_([3]), users.c.id > 0).values(score=1e20))
    op.execute(users.update().where(sa.not_(users.c.flag == False)).values(score=0.0001))
    op.execute(users.update().where(users.c.name == "it's :x").values(score=1e-05))
    op.execute(users.update().where(users.c.id.in_([1, 2]) | (users.c.id == 7)).values(score=-2.5))
    op.execute("UPDATE users SET name = 'plain' WHERE id = 3")
    op.execute(sa.text("DELETE FROM users WHERE name LIKE '%x%'"))
    accounts = table("accounts", column("id", sa.Integer), column("owner", sa.String), column("ok", sa.Boolean))
    op.bulk_insert(
        accounts,
        [
            {"id": 1, "owner": "ann", "ok": True},
            {"id": 2, "owner": None, "ok": False},
            {"id": 3, "owner": "o'brien"},
        ],
    )
    op.execute(accounts.update().where(accounts.c.owner == op.inline_literal("ann")).values(ok=op.inline_literal(False)))


def downgrade():
    op.execute(sa.delete(users).where(users.c.id.in_([1, 2])))
    op.execute(sa.update(users).where(users.c.id == 3).values(name="three"))
    op.execute(sa.insert(users).values(id=9))
