# squawk: constraint-missing-not-valid
# target: postgresql
# expect: AL104 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("balance", sa.Integer()))

def upgrade():
    op.execute('ALTER TABLE "accounts" ADD CONSTRAINT "positive_balance" CHECK ("balance" >= 0)')
