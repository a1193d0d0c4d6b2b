"""Enum types created and dropped explicitly (PostgreSQL idioms; nothing elsewhere)."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e1"
down_revision = None

mood = postgresql.ENUM("sad", "ok", "happy", name="mood")
color = sa.Enum("red", "green", name="color")


def upgrade():
    mood.create(op.get_bind())
    color.create(op.get_bind(), checkfirst=False)
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mood", postgresql.ENUM("sad", "ok", "happy", name="mood", create_type=False), nullable=True),
        sa.Column("color", color, nullable=True),
    )
    op.add_column("person", sa.Column("size", sa.Enum("s", "m", "l", name="size_kind"), nullable=True))


def downgrade():
    op.drop_column("person", "size")
    op.drop_table("person")
    color.drop(op.get_bind(), checkfirst=False)
    mood.drop(op.get_bind())
