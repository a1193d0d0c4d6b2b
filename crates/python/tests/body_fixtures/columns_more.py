"""Column details: keys added with a column, unique/index flags, inline references, table indexes."""
import sqlalchemy as sa
from alembic import op

revision = "m1"
down_revision = None


def upgrade():
    op.create_table(
        "parent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("label", sa.String(30)),
        sa.PrimaryKeyConstraint("id", name="pk_parent"),
        sa.Index("ix_parent_code_label", "code", "label", unique=True),
    )
    # One index per table: Alembic creates a table's indexes in set order.
    op.create_table("tagged", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("tag", sa.String(30), index=True))
    op.add_column("parent", sa.Column("slug", sa.String(20), unique=True, index=True))
    op.add_column("parent", sa.Column("note", sa.String(20), comment="a note"))


def downgrade():
    op.drop_column("parent", "note")
    op.drop_column("parent", "slug")
    op.drop_table("tagged")
    op.drop_table("parent")
