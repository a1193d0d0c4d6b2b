# a primary key added to an existing table
# target: postgresql mysql
# expect: AL118 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("events", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.Text()))

def upgrade():
    op.create_primary_key("pk_events", "events", ["id"])
