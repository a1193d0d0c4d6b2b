# an UPDATE of chosen rows is not a whole-table backfill
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("settings", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("value", sa.Text()))

def upgrade():
    op.execute("UPDATE settings SET value = 'on' WHERE id = 1")
