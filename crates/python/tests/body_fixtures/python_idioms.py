"""Python idioms of real revision files that change nothing in the SQL:
a module logger, try / except / else / finally around operations, and
types chosen per database with with_variant()."""
import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql, postgresql

logger = logging.getLogger(__name__)

revision = "0001"
down_revision = None


def upgrade():
    logger.info("upgrading %s", revision)
    op.create_table(
        "doc",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        sa.Column("code", sa.String(20).with_variant(mysql.VARCHAR(30), "mysql")),
        sa.Column("note", sa.Text().with_variant(sa.String(200), "sqlite", "mysql")),
    )
    try:
        op.create_index("ix_doc_code", "doc", ["code"])
    except Exception:
        logger.warning("index exists")
    else:
        op.execute("SELECT 'created'")
    finally:
        op.execute("SELECT 'done'")


def downgrade():
    try:
        op.drop_index("ix_doc_code", table_name="doc")
    finally:
        logging.getLogger("alembic").info("dropping")
    op.drop_table("doc")
