# MySQL: a value inserted before the end copies the table
# target: mysql mariadb
# expect: AL115 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("status", sa.Enum("new", "paid", name="status")))

def upgrade():
    op.alter_column("orders", "status", existing_type=sa.Enum("new", "paid", name="status"), type_=sa.Enum("new", "pending", "paid", name="status"))
