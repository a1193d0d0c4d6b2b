"""user columns: add, retype, rename, defaults, comments

SQLite cannot ALTER a column's type, nullability, default or comment, so
those go through a batch block there, as SQLite-first projects write them.

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2026-11-05 11:02:17.440019

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "3c4d5e6f7081"
down_revision: Union[str, Sequence[str], None] = "2b3c4d5e6f70"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("user", sa.Column("age", sa.Integer(), nullable=True, comment="in years"))
    op.add_column(
        "user",
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column("user", sa.Column("legacy_flag", sa.SmallInteger(), nullable=True))
    op.alter_column(
        "user",
        "name",
        new_column_name="display_name",
        existing_type=sa.String(length=100),
        existing_server_default="anon",
        existing_nullable=True,
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("user") as batch_op:
            batch_op.alter_column(
                "display_name",
                existing_type=sa.String(length=100),
                type_=sa.String(length=200),
                server_default="nobody",
                existing_server_default="anon",
                existing_nullable=True,
            )
        with op.batch_alter_table("task") as batch_op:
            batch_op.alter_column("title", existing_type=sa.String(), nullable=False)
    else:
        op.alter_column(
            "user",
            "display_name",
            existing_type=sa.String(length=100),
            type_=sa.String(length=200),
            server_default="nobody",
            existing_server_default="anon",
            existing_nullable=True,
            comment="shown in the shop",
        )
        op.alter_column(
            "task",
            "title",
            existing_type=sa.String(length=255),
            nullable=False,
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("task") as batch_op:
            batch_op.alter_column("title", existing_type=sa.String(), nullable=True)
        with op.batch_alter_table("user") as batch_op:
            batch_op.alter_column(
                "display_name",
                existing_type=sa.String(length=200),
                type_=sa.String(length=100),
                server_default="anon",
                existing_server_default="nobody",
                existing_nullable=True,
            )
    else:
        op.alter_column(
            "task",
            "title",
            existing_type=sa.String(length=255),
            nullable=True,
        )
        op.alter_column(
            "user",
            "display_name",
            existing_type=sa.String(length=200),
            type_=sa.String(length=100),
            server_default="anon",
            existing_server_default="nobody",
            existing_nullable=True,
            comment=None,
            existing_comment="shown in the shop",
        )
    op.alter_column(
        "user",
        "display_name",
        new_column_name="name",
        existing_type=sa.String(length=100),
        existing_server_default="anon",
        existing_nullable=True,
    )
    op.drop_column("user", "legacy_flag")
    op.drop_column("user", "is_active")
    op.drop_column("user", "age")
