# squawk: require-concurrent-index-creation, a table created in the same migration is empty
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    pass

def upgrade():
    op.execute("CREATE TABLE users (id integer PRIMARY KEY, email text)")
    op.execute('CREATE INDEX "email_idx" ON "users" ("email")')
