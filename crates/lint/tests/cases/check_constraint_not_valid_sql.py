# squawk: constraint-missing-not-valid, safe form
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("balance", sa.Integer()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "accounts" ADD CONSTRAINT "positive_balance" CHECK ("balance" >= 0) NOT VALID')
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE accounts VALIDATE CONSTRAINT positive_balance")
