"""constraints and indexes through batch

Revision ID: 0004
Revises: 0003
Create Date: 2026-10-03 17:45:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_account_email", ["email"])
        batch_op.create_check_constraint("ck_account_balance", "balance_cents >= 0")
        batch_op.create_index("ix_account_status", ["status"], unique=False)
        batch_op.drop_index(batch_op.f("ix_account_name"))

    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counter_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_entry_counter", "account", ["counter_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_entry_counter_id"), ["counter_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("entry", schema=None) as batch_op:
        # The key first: MariaDB will not drop an index a foreign key uses.
        batch_op.drop_constraint("fk_entry_counter", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_entry_counter_id"))
        batch_op.drop_column("counter_id")

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_name"), ["name"], unique=False)
        batch_op.drop_index("ix_account_status")
        batch_op.drop_constraint("ck_account_balance", type_="check")
        batch_op.drop_constraint("uq_account_email", type_="unique")
