# sa.Computed(..., persisted=True) added to a populated table computes every row
# target: postgresql
# expect: AL113
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("a", sa.Integer()))

def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.add_column("t", sa.Column("b", sa.Integer(), sa.Computed("a * 2", persisted=True), nullable=False))
