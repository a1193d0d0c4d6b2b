"""ALTER TYPE ... ADD VALUE outside the transaction (offline: COMMIT/BEGIN around it on PostgreSQL)."""
from alembic import op

revision = "ac1"
down_revision = None


def upgrade():
    op.execute("SELECT 0")
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE doc_status ADD VALUE IF NOT EXISTS 'review'")
    op.execute("SELECT 2")
