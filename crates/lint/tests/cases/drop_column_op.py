# alembic autogenerate: a field removed from the model
# target: postgresql mysql sqlite
# expect: AL109 AL117
# expect sqlite: AL109
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("legacy", sa.Text()))

def upgrade():
    op.drop_column("users", "legacy")
