# op.create_check_constraint on an existing table
# target: postgresql mysql
# expect: AL104 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("balance", sa.Integer()))

def upgrade():
    op.create_check_constraint("positive_balance", "accounts", '"balance" >= 0')
