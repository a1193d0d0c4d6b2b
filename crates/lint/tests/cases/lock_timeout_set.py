# squawk: require-lock-timeout, safe form: the timeout first
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute("SET lock_timeout = '1s'")
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
