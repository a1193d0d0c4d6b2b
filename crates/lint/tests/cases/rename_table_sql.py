# squawk: renaming-table
# target: postgresql
# expect: AL112 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute('ALTER TABLE "users" RENAME TO "customers"')
