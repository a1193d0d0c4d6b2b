# squawk: ban-concurrent-index-creation-in-transaction
# target: postgresql
# expect: AL107
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))

def upgrade():
    op.execute('CREATE INDEX CONCURRENTLY "email_idx" ON "users" ("email")')
