"""seeded documents

Revision ID: 0002
Revises: 0001
Create Date: 2024-02-12 16:15:40.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
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
    op.bulk_insert(
        document,
        [
            {
                "id": 1,
                "slug": "intro",
                "body": "Hello, it's me",
                "score": 4.5,
                "ratio": 0.125,
                "is_public": True,
                "meta": None,
            },
            {
                "id": 2,
                "slug": "draft-100%",
                "body": None,
                "score": None,
                "ratio": None,
                "is_public": False,
                "meta": None,
            },
        ],
    )
    op.execute(
        document.update()
        .where(document.c.slug == "intro")
        .values(body=document.c.body + " again", score=document.c.score * 2)
    )


def downgrade() -> None:
    op.execute(document.delete().where(document.c.id.in_([1, 2])))
