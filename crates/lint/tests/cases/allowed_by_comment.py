# a finding the author accepts, silenced on its line and by a comment above
# target: postgresql
# expect: AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("legacy", sa.Text()), sa.Column("old", sa.Text()))

def upgrade():
    op.drop_column("users", "legacy")  # aludel: allow AL109
    # unused since the 2.0 release
    # aludel: allow dropping-column
    op.drop_column("users", "old")
