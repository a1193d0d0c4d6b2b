"""Type spellings met in real histories."""
import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import Column, Integer, String
from sqlalchemy.dialects import mysql, postgresql
import sqlalchemy.types

revision = "a4"
down_revision = "a3"


def upgrade():
    op.create_table(
        "typed",
        Column("id", Integer, primary_key=True),
        Column("a", String(30)),
        sa.Column("b", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("c", sa.Numeric(10, 2)),
        sa.Column("d", sa.Date()),
        sa.Column("e", sa.Time()),
        sa.Column("f", sa.JSON()),
        sa.Column("g", sa.LargeBinary()),
        sa.Column("h", sa.Interval()),
        sa.Column("i", sa.Unicode(20)),
        sa.Column("j", sa.UnicodeText()),
        sa.Column("k", sa.VARCHAR(length=40)),
        sa.Column("l", sa.CHAR(8)),
        sa.Column("m", sa.TIMESTAMP(timezone=True)),
        sa.Column("n", sa.INTEGER()),
        sa.Column("o", sa.BIGINT()),
        sa.Column("p", sa.TEXT()),
        sa.Column("q", sa.BOOLEAN(), server_default=sa.true()),
        sa.Column("r", sqlmodel.sql.sqltypes.types.Uuid()),
        sa.Column("s", sqlmodel.AutoString(50)),
        sa.Column("t", sa.types.String(12)),
        sa.Column("u", sqlalchemy.types.Integer()),
        sa.Column("v", sa.Double()),
        sa.Column("w", sa.String(64, collation="C")),
        sa.Column("x", sa.Float(precision=24)),
        sa.Column("y", sa.DateTime),
        sa.Column("z", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.Column("aa", sa.Enum("x", "y", name="xy", native_enum=False)),
    )


def downgrade():
    op.drop_table("typed")
