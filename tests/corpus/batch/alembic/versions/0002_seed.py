"""seed rows that must survive the table rebuilds that follow

Revision ID: 0002
Revises: 0001
Create Date: 2026-10-01 12:05:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

account = sa.table(
    "account",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("email", sa.String),
    sa.column("balance", sa.Integer),
)
entry = sa.table(
    "entry",
    sa.column("id", sa.Integer),
    sa.column("account_id", sa.Integer),
    sa.column("amount", sa.Integer),
    sa.column("memo", sa.String),
)
label = sa.table("label", sa.column("id", sa.Integer), sa.column("title", sa.String))


def upgrade() -> None:
    """Upgrade schema."""
    op.bulk_insert(
        account,
        [
            {"id": 1, "name": "cash", "email": "cash@example.com", "balance": 100},
            {"id": 2, "name": "bank", "email": "bank@example.com", "balance": 2500},
            {"id": 3, "name": "card", "email": "card@example.com", "balance": 0},
        ],
    )
    op.bulk_insert(
        entry,
        [
            {"id": 1, "account_id": 1, "amount": 40, "memo": "coffee"},
            {"id": 2, "account_id": 2, "amount": -300, "memo": "rent"},
            {"id": 3, "account_id": 2, "amount": 12, "memo": None},
        ],
        multiinsert=False,
    )
    for label_id, title in [(1, "home"), (2, "work"), (3, "travel")]:
        op.execute(label.insert().values(id=label_id, title=title))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(label.delete())
    op.execute(entry.delete())
    op.execute(account.delete())
