"""account columns through batch: add (placed), retype, rename

Revision ID: 0003
Revises: 0002
Create Date: 2026-10-02 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )
        batch_op.add_column(sa.Column("nickname", sa.String(length=30), nullable=True))
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=50),
            type_=sa.String(length=80),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "balance",
            new_column_name="balance_cents",
            existing_type=sa.Integer(),
            existing_server_default="0",
            existing_nullable=False,
        )

    # Column placement needs a rebuild on every database.
    with op.batch_alter_table("label", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("color", sa.String(length=7)), insert_before="title")
        batch_op.add_column(
            sa.Column("position", sa.Integer(), server_default="0", nullable=False),
            insert_after="id",
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("label", recreate="always") as batch_op:
        batch_op.drop_column("position")
        batch_op.drop_column("color")

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.alter_column(
            "balance_cents",
            new_column_name="balance",
            existing_type=sa.Integer(),
            existing_server_default="0",
            existing_nullable=False,
        )
        batch_op.alter_column(
            "name",
            existing_type=sa.String(length=80),
            type_=sa.String(length=50),
            existing_nullable=False,
        )
        batch_op.drop_column("nickname")
        batch_op.drop_column("status")
