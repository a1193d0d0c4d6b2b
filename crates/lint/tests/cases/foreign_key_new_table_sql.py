# squawk: adding-foreign-key-constraint, a new table needs no NOT VALID
# target: postgresql
# expect:
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))

def upgrade():
    op.execute('CREATE TABLE email (id BIGINT GENERATED ALWAYS AS IDENTITY, user_id BIGINT, PRIMARY KEY (id), CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES "user" (id))')
