# a model field with server_default=sa.text("gen_random_uuid()") added to a populated table
# target: postgresql
# expect: AL113 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("hero", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.add_column("hero", sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False))
