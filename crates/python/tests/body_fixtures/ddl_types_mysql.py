"""MySQL dialect types."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "a6"
down_revision = "a5"


def upgrade():
    op.create_table(
        "my_typed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", mysql.MEDIUMTEXT()),
        sa.Column("longbody", mysql.LONGTEXT()),
        sa.Column("at", mysql.DATETIME(fsp=6)),
        sa.Column("flag", mysql.TINYINT(display_width=1)),
        sa.Column("kind", mysql.ENUM("a", "b")),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_my_typed_body", "my_typed", ["body"], mysql_length=10)


def downgrade():
    op.drop_table("my_typed")
