# squawk: adding-required-field / adding-field-with-default, safe form on PostgreSQL 11+: a constant default
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "recipe" ADD COLUMN "public" boolean NOT NULL DEFAULT false')
    op.execute('ALTER TABLE "recipe" ADD COLUMN "foo" integer DEFAULT 10 NOT NULL')
