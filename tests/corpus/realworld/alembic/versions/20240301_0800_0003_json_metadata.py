"""a document with JSON metadata

Revision ID: 0003
Revises: 0002
Create Date: 2024-03-01 08:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

document = sa.table(
    "document",
    sa.column("id", sa.BigInteger()),
    sa.column("slug", sa.String()),
    sa.column("body", sa.Text()),
    sa.column("score", sa.Float()),
    sa.column("ratio", sa.Numeric()),
    sa.column("is_public", sa.Boolean()),
    sa.column("day", sa.Date()),
    sa.column("meta", sa.JSON()),
)


def upgrade() -> None:
    # A dict for a JSON column: fine online, no literal form for --sql.
    op.bulk_insert(
        document,
        [{"id": 3, "slug": "tagged", "is_public": True, "meta": {"tags": ["a", "b"], "n": 1}}],
    )


def downgrade() -> None:
    op.execute(document.delete().where(document.c.id == 3))
