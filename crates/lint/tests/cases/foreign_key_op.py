# alembic autogenerate: a foreign key added to an existing table
# target: postgresql mysql
# expect: AL103 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("team", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("team_id", sa.Integer()))

def upgrade():
    op.create_foreign_key(None, "hero", "team", ["team_id"], ["id"])
