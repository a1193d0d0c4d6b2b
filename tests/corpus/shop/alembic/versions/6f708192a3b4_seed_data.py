"""seed data: bulk_insert, insert/update/delete through sa.table()

Revision ID: 6f708192a3b4
Revises: 5e6f708192a3
Create Date: 2026-11-10 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6f708192a3b4"
down_revision: Union[str, Sequence[str], None] = "5e6f708192a3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

user_table = sa.table(
    "user",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("display_name", sa.String),
    sa.column("age", sa.Integer),
)
order_table = sa.table(
    "order",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("total", sa.Numeric),
    sa.column("status", sa.Enum("new", "paid", "shipped", name="order_status")),
    sa.column("note", sa.Text),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.bulk_insert(
        user_table,
        [
            {"id": 1, "email": "ada@example.com", "display_name": "Ada", "age": 36},
            {"id": 2, "email": "bob@example.com", "display_name": "Bob", "age": None},
            {"id": 3, "email": "zed@example.com", "display_name": "O'Zed", "age": 51},
        ],
    )
    for user_id, email, name in [(4, "cy@example.com", "Cy"), (5, "dee@example.com", "Dee")]:
        op.execute(
            user_table.insert().values(id=user_id, email=email, display_name=name, age=20)
        )
    op.execute(
        user_table.update()
        .where(user_table.c.email == op.inline_literal("bob@example.com"))
        .values({"age": op.inline_literal(29)})
    )
    op.execute(user_table.delete().where(user_table.c.email == "zed@example.com"))
    op.bulk_insert(
        order_table,
        [
            {"id": 10, "user_id": 1, "total": 12.5, "status": "paid", "note": "first"},
            {"id": 11, "user_id": 2, "total": 0, "status": "new", "note": None},
        ],
    )
    op.execute("UPDATE task SET title = 'untitled' WHERE title = ''")
    op.execute(
        sa.text("INSERT INTO tag_link (task_id, tag) SELECT id, 'imported' FROM task")
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM tag_link WHERE tag = 'imported'")
    op.execute(order_table.delete().where(order_table.c.id.in_([10, 11])))
    op.execute(
        user_table.delete().where(
            user_table.c.email.in_(
                ["ada@example.com", "bob@example.com", "cy@example.com", "dee@example.com"]
            )
        )
    )
