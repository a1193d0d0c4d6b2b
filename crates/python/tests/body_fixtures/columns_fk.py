"""A column carrying a foreign key: a second ALTER on PostgreSQL/MySQL, an error on SQLite."""
import sqlalchemy as sa
from alembic import op

revision = "m2"
down_revision = "m1"


def upgrade():
    op.add_column("child", sa.Column("parent_id", sa.Integer(), sa.ForeignKey("parent.id", ondelete="CASCADE"), nullable=True))
    op.add_column("child", sa.Column("other_id", sa.Integer(), sa.ForeignKey("other.id")), inline_references=True)
    op.create_foreign_key(op.f("fk_child_parent_id_parent_with_a_very_long_name_that_goes_on_and_on"), "child", "parent", ["parent_id"], ["id"])
