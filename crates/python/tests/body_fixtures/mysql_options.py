"""MySQL types with MySQL-only options, as autogenerate writes reflected
types into downgrades (existing_type=mysql.INTEGER(display_width=11)) and
MySQL-first projects declare them."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql
revision = "1"
down_revision = None
def upgrade():
    op.alter_column("t", "a", existing_type=mysql.INTEGER(display_width=11), nullable=False)
    op.alter_column("t", "b", existing_type=mysql.VARCHAR(length=255), nullable=False)
    op.alter_column("t", "c", existing_type=mysql.TINYINT(display_width=1), nullable=False)
    op.alter_column("t", "d", existing_type=mysql.BIGINT(display_width=20), nullable=False)
    op.alter_column("t", "e", existing_type=mysql.SMALLINT(), nullable=False)
    op.alter_column("t", "f", existing_type=mysql.INTEGER(unsigned=True), nullable=False)
    op.alter_column("t", "g", existing_type=mysql.VARCHAR(collation="utf8mb4_unicode_ci", length=100), nullable=False)
    op.alter_column("t", "h", existing_type=mysql.TEXT(), nullable=False)
    op.alter_column("t", "i", existing_type=mysql.DECIMAL(precision=10, scale=2), nullable=False)
    op.alter_column("t", "j", existing_type=mysql.DOUBLE(), nullable=False)
    op.alter_column("t", "k", existing_type=mysql.CHAR(length=36), nullable=False)
    if op.get_bind().dialect.name == "mysql":
        op.create_table(
            "myo",
            sa.Column("n", mysql.INTEGER(unsigned=True)),
            sa.Column("o", mysql.INTEGER(11, unsigned=True, zerofill=True)),
            sa.Column("p", mysql.BIGINT(unsigned=True)),
            sa.Column("q", mysql.SMALLINT(unsigned=True)),
            sa.Column("r", mysql.TINYINT(1, unsigned=True)),
            sa.Column("s", mysql.DECIMAL(10, 2, unsigned=True)),
            sa.Column("u", mysql.FLOAT(unsigned=True)),
            sa.Column("v", mysql.VARCHAR(20, charset="utf8mb4", collation="utf8mb4_bin")),
            sa.Column("w", mysql.TEXT(collation="utf8mb4_bin")),
            sa.Column("y", mysql.CHAR(3, binary=True)),
            sa.Column("z", mysql.LONGTEXT(charset="utf8mb4")),
            sa.Column("ac", mysql.MEDIUMINT(unsigned=True)),
            sa.Column("ad", mysql.VARCHAR(10, national=True)),
            sa.Column("ae", mysql.DOUBLE(precision=10, scale=3, unsigned=True)),
        )
