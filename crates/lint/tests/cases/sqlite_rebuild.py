# render_as_batch: a NOT NULL change rebuilds the SQLite table
# target: sqlite
# expect: AL116
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50), nullable=True))

def upgrade():
    with op.batch_alter_table("hero", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(50), nullable=False)
