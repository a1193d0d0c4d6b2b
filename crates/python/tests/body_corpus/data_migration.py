"""backfill slugs

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2024-05-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3c4d5e6f7081"
down_revision = "2b3c4d5e6f70"
branch_labels = None
depends_on = None

TABLE = "team"
team = sa.table(TABLE, sa.column("id", sa.Integer), sa.column("slug", sa.String), sa.column("active", sa.Boolean))


def upgrade():
    op.add_column(TABLE, sa.Column("slug", sa.String(length=120), nullable=True))
    op.add_column(TABLE, sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(f"UPDATE {TABLE} SET slug = lower(replace(name, ' ', '-'))")
    op.execute(team.update().where(team.c.slug.is_(None)).values(slug="unnamed"))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE team SET active = :a WHERE slug = :s").bindparams(a=False, s="unnamed"))
    op.bulk_insert(team, [{"id": 100, "slug": "admins", "active": True}])
    op.alter_column(TABLE, "slug", existing_type=sa.String(length=120), nullable=False)
    op.create_unique_constraint("uq_team_slug", TABLE, ["slug"])


def downgrade():
    op.drop_constraint("uq_team_slug", TABLE, type_="unique")
    op.execute(team.delete().where(team.c.id == 100))
    op.drop_column(TABLE, "active")
    op.drop_column(TABLE, "slug")
