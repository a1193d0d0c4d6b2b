# squawk: ban-drop-table
# target: postgresql
# expect: AL110 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute('DROP TABLE "users"')
