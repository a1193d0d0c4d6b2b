# squawk: disallowed-unique-constraint, a new column with UNIQUE
# target: postgresql
# expect: AL114 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("distributors", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute("ALTER TABLE distributors ADD COLUMN dist_id text CONSTRAINT dist_id_uniq UNIQUE")
