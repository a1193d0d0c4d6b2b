"""constraints and indexes added after the fact

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2026-11-07 08:55:40.003871

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4d5e6f708192"
down_revision: Union[str, Sequence[str], None] = "3c4d5e6f7081"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        op.f("ix_user_display_name"), "user", ["display_name"], unique=True, if_not_exists=True
    )
    op.create_index(
        "ix_order_paid",
        "order",
        ["status", "user_id"],
        postgresql_where=sa.text("status = 'paid'"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        with op.batch_alter_table("task") as batch_op:
            batch_op.create_unique_constraint("uq_task_title", ["title"])
            batch_op.create_foreign_key(
                "fk_task_owner", "user", ["owner_id"], ["id"], ondelete="SET NULL"
            )
        with op.batch_alter_table("user") as batch_op:
            batch_op.create_check_constraint("ck_user_age", "age >= 0")
        with op.batch_alter_table("tag_link") as batch_op:
            batch_op.create_primary_key("pk_tag_link", ["task_id", "tag"])
    else:
        op.create_unique_constraint("uq_task_title", "task", ["title"])
        if dialect == "postgresql":
            op.create_foreign_key(
                "fk_task_owner",
                "task",
                "user",
                ["owner_id"],
                ["id"],
                ondelete="SET NULL",
                onupdate="CASCADE",
                deferrable=True,
                initially="DEFERRED",
            )
        else:
            op.create_foreign_key(
                "fk_task_owner",
                "task",
                "user",
                ["owner_id"],
                ["id"],
                ondelete="SET NULL",
                onupdate="CASCADE",
            )
        op.create_check_constraint("ck_user_age", "user", "age >= 0")
        op.create_primary_key("pk_tag_link", "tag_link", ["task_id", "tag"])


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("tag_link") as batch_op:
            batch_op.drop_constraint("pk_tag_link", type_="primary")
        with op.batch_alter_table("user") as batch_op:
            batch_op.drop_constraint("ck_user_age", type_="check")
        with op.batch_alter_table("task") as batch_op:
            batch_op.drop_constraint("fk_task_owner", type_="foreignkey")
            batch_op.drop_constraint("uq_task_title", type_="unique")
    else:
        op.drop_constraint("pk_tag_link", "tag_link", type_="primary")
        op.drop_constraint("ck_user_age", "user", type_="check")
        op.drop_constraint("fk_task_owner", "task", type_="foreignkey")
        op.drop_constraint("uq_task_title", "task", type_="unique")
    op.drop_index("ix_order_paid", table_name="order")
    op.drop_index(op.f("ix_user_display_name"), table_name="user")
