"""documents: the column types real projects use

Revision ID: 0001
Revises:
Create Date: 2024-01-05 09:30:12.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A module-level enum object, created and dropped by hand on PostgreSQL.
doc_status = postgresql.ENUM("draft", "live", "archived", name="doc_status", create_type=False)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        doc_status.create(bind, checkfirst=True)
        status_type = doc_status
    else:
        status_type = sa.Enum("draft", "live", "archived", name="doc_status")
    op.create_table(
        "document",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=10 * 12), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("status", status_type, server_default="draft", nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("ratio", sa.Numeric(precision=5, scale=3), nullable=True),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.TIMESTAMP(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("is_public", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("at", sa.Time(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("slug", name=op.f("uq_document_slug")),
    )
    if bind.dialect.name == "mysql":
        op.add_column("document", sa.Column("notes", mysql.MEDIUMTEXT(), nullable=True))
    else:
        op.add_column("document", sa.Column("notes", sa.Text(), nullable=True))
    if bind.dialect.name == "postgresql":
        op.create_index("ix_document_slug_hash", "document", ["slug"], postgresql_using="hash")
        op.create_index("ix_document_lower_body", "document", [sa.text("lower(body)")])
    elif bind.dialect.name == "sqlite":
        op.create_index("ix_document_lower_body", "document", [sa.text("lower(body)")])
    op.create_index(
        op.f("ix_document_status_day"), "document", ["status", "day"], unique=False
    )


def downgrade() -> None:
    op.drop_table("document")
    if op.get_bind().dialect.name == "postgresql":
        doc_status.drop(op.get_bind(), checkfirst=True)
