# one UPDATE over every row inside the migration's transaction
# target: postgresql mysql
# expect: AL119
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("active", sa.Boolean()))

def upgrade():
    op.execute("UPDATE users SET active = true")
