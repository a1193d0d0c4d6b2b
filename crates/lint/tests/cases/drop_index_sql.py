# squawk: require-concurrent-index-deletion
# target: postgresql
# expect: AL106 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))
    op.create_index("email_idx", "users", ["email"])

def upgrade():
    op.execute('DROP INDEX IF EXISTS "email_idx"')
