"""A UUID written as a string: PostgreSQL prints it, SQLite and MySQL cannot."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "t2"
down_revision = None


def upgrade():
    t = sa.table("d", sa.column("u", postgresql.UUID), sa.column("at", sa.DateTime))
    op.bulk_insert(t, [{"u": "0b7e9a2c-0000-4000-8000-000000000000"}])


def downgrade():
    t = sa.table("d", sa.column("u", postgresql.UUID), sa.column("at", sa.DateTime))
    op.bulk_insert(t, [{"at": "2024-01-01 10:00:00"}])
