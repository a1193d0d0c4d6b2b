"""PostgreSQL dialect types (rendered on every database, as Alembic does)."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a5"
down_revision = "a4"


def upgrade():
    op.create_table(
        "pg_typed",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text())),
        sa.Column("tags", postgresql.ARRAY(sa.String(20))),
        sa.Column("at", postgresql.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("ip", postgresql.INET()),
        sa.Column("raw", postgresql.BYTEA()),
        sa.Column("ratio", postgresql.DOUBLE_PRECISION(precision=53)),
        sa.Column("ints", sa.ARRAY(sa.Integer())),
        sa.Column("u2", sa.UUID()),
    )
    op.create_index("ix_pg_typed_at", "pg_typed", ["at"], postgresql_where=sa.text("at IS NOT NULL"), postgresql_using="btree")
    op.create_index("ix_pg_typed_doc", "pg_typed", ["doc"], postgresql_using="gin", if_not_exists=True)
    op.create_index("ix_pg_typed_ip", "pg_typed", ["ip"], postgresql_concurrently=True)


def downgrade():
    op.drop_index("ix_pg_typed_ip", table_name="pg_typed", postgresql_concurrently=True)
    op.drop_index("ix_pg_typed_doc", table_name="pg_typed", if_exists=True)
    op.drop_table("pg_typed")
