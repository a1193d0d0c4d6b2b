"""The types of sqlalchemy.dialects.mysql that only MySQL compiles."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql
revision = "1"
down_revision = None
def upgrade():
    op.create_table("myt",
        sa.Column("a", mysql.TINYBLOB()),
        sa.Column("b", mysql.BLOB()),
        sa.Column("c", mysql.YEAR()),
        sa.Column("d", mysql.YEAR(4)),
        sa.Column("e", mysql.BIT()),
        sa.Column("f", mysql.BIT(8)),
        sa.Column("g", mysql.SET("a", "b", "it's")),
        sa.Column("h", mysql.INET4()),
        sa.Column("i", mysql.INET6()),
        sa.Column("j", mysql.NCHAR(10)),
        sa.Column("k", mysql.NVARCHAR(20)),
        sa.Column("l", mysql.VARBINARY(16)),
        sa.Column("m", mysql.BINARY(16)),
    )
