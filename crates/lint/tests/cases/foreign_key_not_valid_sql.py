# squawk: adding-foreign-key-constraint, safe form: NOT VALID, then VALIDATE
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("email", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("user_id", sa.Integer()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.execute('ALTER TABLE "email" ADD CONSTRAINT "fk_user" FOREIGN KEY ("user_id") REFERENCES "user" ("id") NOT VALID')
    with op.get_context().autocommit_block():
        op.execute('ALTER TABLE "email" VALIDATE CONSTRAINT "fk_user"')
