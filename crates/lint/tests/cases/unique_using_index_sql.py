# squawk: disallowed-unique-constraint, safe form: a concurrent index, then the constraint over it
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("distributors", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("dist_id", sa.Integer()))

def upgrade():
    with op.get_context().autocommit_block():
        op.create_index(op.f("dist_id_uniq"), "distributors", ["dist_id"], unique=True, postgresql_concurrently=True)
    op.execute("SET lock_timeout = '2s'")
    op.execute("ALTER TABLE distributors ADD CONSTRAINT distributors_dist_id_key UNIQUE USING INDEX dist_id_uniq")
