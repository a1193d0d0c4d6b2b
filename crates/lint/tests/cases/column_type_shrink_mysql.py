# a VARCHAR shortened, or widened past 63 characters, copies a MySQL table
# target: mysql mariadb
# expect: AL108 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("code", sa.String(50)))

def upgrade():
    op.alter_column("t", "code", existing_type=sa.String(50), type_=sa.String(100))
