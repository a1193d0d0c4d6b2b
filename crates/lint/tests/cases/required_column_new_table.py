# a NOT NULL column on a table the same revision creates is fine
# target: postgresql mysql sqlite
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    pass

def upgrade():
    op.create_table("hero", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
    op.add_column("hero", sa.Column("age", sa.Integer(), nullable=False))
    op.create_index(op.f("ix_hero_age"), "hero", ["age"])
