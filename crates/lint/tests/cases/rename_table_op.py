# op.rename_table
# target: postgresql mysql sqlite
# expect: AL112 AL117
# expect sqlite: AL112
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.rename_table("users", "customers")
