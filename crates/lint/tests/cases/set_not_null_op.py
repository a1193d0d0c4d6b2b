# alembic autogenerate: Optional[int] became int
# target: postgresql mysql
# expect: AL102 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("recipe", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("view_count", sa.BigInteger(), nullable=True))

def upgrade():
    op.alter_column("recipe", "view_count", existing_type=sa.BigInteger(), nullable=False)
