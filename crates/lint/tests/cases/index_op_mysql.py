# MySQL builds a secondary index in place, with writes going on
# target: mysql sqlite
# expect: AL117
# expect sqlite:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))

def upgrade():
    op.create_index(op.f("ix_hero_name"), "hero", ["name"], unique=False)
