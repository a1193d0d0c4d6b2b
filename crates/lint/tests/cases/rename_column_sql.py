# squawk: renaming-column
# target: postgresql
# expect: AL111 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(100)))

def upgrade():
    op.execute('ALTER TABLE "users" RENAME COLUMN "name" TO "full_name"')
