# MySQL's lock_wait_timeout set first
# target: mysql mariadb
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute("SET SESSION lock_wait_timeout = 5")
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
