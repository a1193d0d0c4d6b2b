# squawk: adding-required-field, safe form: nullable first
# target: postgresql
# expect: AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute('ALTER TABLE "recipe" ADD COLUMN "public" boolean')
