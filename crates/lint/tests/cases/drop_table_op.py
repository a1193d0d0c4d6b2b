# alembic autogenerate: a model removed
# target: postgresql mysql sqlite
# expect: AL110 AL117
# expect sqlite: AL110
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.drop_table("users")
