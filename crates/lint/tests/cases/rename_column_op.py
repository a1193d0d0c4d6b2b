# op.alter_column(new_column_name=...)
# target: postgresql mysql sqlite
# expect: AL111 AL117
# expect sqlite: AL111
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(100)))

def upgrade():
    op.alter_column("users", "name", new_column_name="full_name", existing_type=sa.String(100))
