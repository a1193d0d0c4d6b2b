# squawk: adding-foreign-key-constraint (validating blocks writes to both tables)
# target: postgresql
# expect: AL103 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("email", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("user_id", sa.Integer()))

def upgrade():
    op.execute('ALTER TABLE "email" ADD CONSTRAINT "fk_user" FOREIGN KEY ("user_id") REFERENCES "user" ("id")')
