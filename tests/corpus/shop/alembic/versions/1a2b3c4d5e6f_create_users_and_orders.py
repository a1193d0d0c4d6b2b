"""create user and order tables

Reserved words as table names (`user`, `order`), a mixed-case table, an
enum, a check constraint, a foreign key with ON DELETE, server defaults and
comments.

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2026-11-02 09:14:03.118274

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "1a2b3c4d5e6f"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="anon", nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_user_email"),
        comment="people who order",
    )
    op.create_table(
        "order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Numeric(precision=10, scale=2), server_default="0", nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "paid", "shipped", name="order_status"),
            server_default="new",
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="free text"),
        sa.CheckConstraint("total >= 0", name="ck_order_total_positive"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_order_user", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_order_user_id"), "order", ["user_id"], unique=False)
    op.create_table(
        "MixedCase",
        sa.Column("Id", sa.Integer(), nullable=False),
        sa.Column("CamelValue", sa.String(length=20), nullable=True),
        sa.Column("select", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("Id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("MixedCase")
    # Not drop_index first: MariaDB refuses to drop the index its foreign
    # key needs; dropping the table drops it everywhere.
    op.drop_table("order")
    op.drop_table("user")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TYPE order_status")
