# squawk: changing-column-type, the binary-coercible changes: VARCHAR(5) to VARCHAR(10), VARCHAR to TEXT
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("code", sa.String(5)), sa.Column("note", sa.String(50)))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.alter_column("t", "code", existing_type=sa.String(5), type_=sa.String(10))
    op.execute('ALTER TABLE "t" ALTER COLUMN "note" TYPE text')
