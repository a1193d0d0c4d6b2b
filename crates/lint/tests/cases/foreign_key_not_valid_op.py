# squawk's Alembic form: postgresql_not_valid=True, then VALIDATE in an autocommit block
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("team", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("team_id", sa.Integer()), sa.Column("power", sa.Integer()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.create_foreign_key("fk_hero_team", "hero", "team", ["team_id"], ["id"], postgresql_not_valid=True)
    op.create_check_constraint("ck_hero_power", "hero", "power >= 0", postgresql_not_valid=True)
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE hero VALIDATE CONSTRAINT fk_hero_team")
        op.execute("ALTER TABLE hero VALIDATE CONSTRAINT ck_hero_power")
