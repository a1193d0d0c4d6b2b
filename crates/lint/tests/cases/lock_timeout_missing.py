# squawk: require-lock-timeout (the ALTER waits behind running queries, and everything waits behind it)
# target: postgresql mysql
# expect: AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
