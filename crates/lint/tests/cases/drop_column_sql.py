# squawk: ban-drop-column
# target: postgresql
# expect: AL109 AL117
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("legacy", sa.Text()))

def upgrade():
    op.execute('ALTER TABLE "users" DROP COLUMN "legacy"')
