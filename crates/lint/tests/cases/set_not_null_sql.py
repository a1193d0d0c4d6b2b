# squawk: adding-not-nullable-field (SET NOT NULL scans under an exclusive lock)
# target: postgresql
# expect: AL102 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("view_count", sa.BigInteger()))

def upgrade():
    op.execute('ALTER TABLE "recipe" ALTER COLUMN "view_count" SET NOT NULL')
