# squawk: adding-field-with-default (a stored generated column is computed for every row)
# target: postgresql
# expect: AL113
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("core_recipe", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("bar", sa.Integer()), sa.Column("baz", sa.Integer()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "core_recipe" ADD COLUMN "foo" integer GENERATED ALWAYS AS ("bar" + "baz") STORED')
