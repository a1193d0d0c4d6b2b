"""drop a column, make email required, fill it first

Revision ID: 0005
Revises: 0004
Create Date: 2026-10-04 08:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("UPDATE account SET email = 'unknown@example.com' WHERE email IS NULL")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("nickname")
        batch_op.alter_column(
            "email",
            existing_type=sa.String(length=100),
            nullable=False,
            server_default="unknown@example.com",
        )

    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.alter_column(
            "memo", existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=True
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.alter_column(
            "memo", existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=True
        )

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.alter_column(
            "email",
            existing_type=sa.String(length=100),
            nullable=True,
            server_default=None,
            existing_server_default="unknown@example.com",
        )
        batch_op.add_column(sa.Column("nickname", sa.String(length=30), nullable=True))
