"""table comments, a renamed mixed-case table, a dropped column, a USING cast

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192
Create Date: 2026-11-09 13:21:09.561730

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5e6f708192a3"
down_revision: Union[str, Sequence[str], None] = "4d5e6f708192"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.rename_table("MixedCase", "RenamedMixed")
    op.drop_column("user", "legacy_flag")
    dialect = op.get_bind().dialect.name
    if dialect != "sqlite":
        op.create_table_comment("order", "customer orders", existing_comment=None)
        op.drop_table_comment("user", existing_comment="people who order")
    if dialect == "postgresql":
        op.alter_column(
            "task",
            "legacy_code",
            existing_type=sa.String(length=10),
            type_=sa.Integer(),
            postgresql_using="legacy_code::integer",
            existing_nullable=True,
        )
    elif dialect == "sqlite":
        with op.batch_alter_table("task") as batch_op:
            batch_op.alter_column(
                "legacy_code", existing_type=sa.String(length=10), type_=sa.Integer()
            )
    else:
        op.alter_column(
            "task",
            "legacy_code",
            existing_type=sa.String(length=10),
            type_=sa.Integer(),
            existing_nullable=True,
        )


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        with op.batch_alter_table("task") as batch_op:
            batch_op.alter_column(
                "legacy_code", existing_type=sa.Integer(), type_=sa.String(length=10)
            )
    else:
        op.alter_column(
            "task",
            "legacy_code",
            existing_type=sa.Integer(),
            type_=sa.String(length=10),
            existing_nullable=True,
        )
    if dialect != "sqlite":
        op.create_table_comment("user", "people who order", existing_comment=None)
        op.drop_table_comment("order", existing_comment="customer orders")
    op.add_column("user", sa.Column("legacy_flag", sa.SmallInteger(), nullable=True))
    op.rename_table("RenamedMixed", "MixedCase")
