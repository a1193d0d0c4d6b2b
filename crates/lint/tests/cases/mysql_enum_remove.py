# MySQL: removing an ENUM value
# target: mysql mariadb
# expect: AL115 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("status", sa.Enum("new", "paid", "void", name="status")))

def upgrade():
    op.alter_column("orders", "status", existing_type=sa.Enum("new", "paid", "void", name="status"), type_=sa.Enum("new", "paid", name="status"))
