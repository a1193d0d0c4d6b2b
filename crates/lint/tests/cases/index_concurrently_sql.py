# squawk: require-concurrent-index-creation, safe form (outside the transaction)
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))

def upgrade():
    with op.get_context().autocommit_block():
        op.execute('CREATE INDEX CONCURRENTLY "email_idx" ON "users" ("email")')
