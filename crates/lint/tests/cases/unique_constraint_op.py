# alembic autogenerate: unique=True on an existing column
# target: postgresql mysql sqlite
# expect: AL114 AL117
# expect sqlite: AL114 AL116
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))

def upgrade():
    op.create_unique_constraint(op.f("uq_hero_name"), "hero", ["name"])
