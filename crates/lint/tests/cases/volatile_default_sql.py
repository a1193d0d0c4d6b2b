# squawk: adding-field-with-default (volatile default rewrites the table)
# target: postgresql
# expect: AL113
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("core_recipe", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "core_recipe" ADD COLUMN "token" uuid DEFAULT gen_random_uuid()')
