# postgresql_concurrently=True without an autocommit_block()
# target: postgresql
# expect: AL107
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))

def upgrade():
    op.create_index("email_idx", "users", ["email"], postgresql_concurrently=True)
