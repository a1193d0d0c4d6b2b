# squawk: adding-not-nullable-field, safe form: CHECK NOT VALID, VALIDATE, then SET NOT NULL
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("view_count", sa.BigInteger()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "recipe" ADD CONSTRAINT view_count_not_null CHECK ("view_count" IS NOT NULL) NOT VALID')
    with op.get_context().autocommit_block():
        op.execute('ALTER TABLE "recipe" VALIDATE CONSTRAINT view_count_not_null')
    op.alter_column("recipe", "view_count", existing_type=sa.BigInteger(), nullable=False)
