# squawk: require-concurrent-index-deletion, safe form
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))
    op.create_index("email_idx", "users", ["email"])

def upgrade():
    with op.get_context().autocommit_block():
        op.execute('DROP INDEX CONCURRENTLY IF EXISTS "email_idx"')
