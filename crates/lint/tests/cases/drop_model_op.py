# alembic autogenerate: a model removed drops its indexes, then its table; only the drop matters
# target: postgresql mysql sqlite
# expect: AL110 AL117
# expect sqlite: AL110
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(100)))
    op.create_index("ix_users_email", "users", ["email"])

def upgrade():
    op.drop_index(op.f("ix_users_email"), table_name="users")
    op.drop_table("users")
