# squawk: changing-column-type (INT to BIGINT rewrites the table)
# target: postgresql
# expect: AL108 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("user_email", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("user_id", sa.Integer()))

def upgrade():
    op.alter_column("user_email", "user_id", existing_type=sa.Integer(), type_=sa.BigInteger())
