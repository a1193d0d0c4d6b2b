# alembic autogenerate: a required field added to a model whose table has rows
# target: postgresql mysql sqlite
# expect: AL101 AL117
# expect sqlite: AL101
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))

def upgrade():
    op.add_column("hero", sa.Column("age", sa.Integer(), nullable=False))
