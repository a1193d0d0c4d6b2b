# squawk: adding-required-field (a populated table gets a NOT NULL column without a default)
# target: postgresql
# expect: AL101 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute('ALTER TABLE "recipe" ADD COLUMN "public" boolean NOT NULL')
