# render_as_batch: a plain add_column is done in place on SQLite
# target: sqlite
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    with op.batch_alter_table("hero", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(50), nullable=True))
