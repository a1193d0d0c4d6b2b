# squawk: disallowed-unique-constraint
# target: postgresql
# expect: AL114 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("distributors", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("dist_id", sa.Integer()))

def upgrade():
    op.execute("ALTER TABLE distributors ADD CONSTRAINT dist_id_uniq UNIQUE (dist_id)")
