"""The types of sqlalchemy.dialects.postgresql that only PostgreSQL compiles
(SQLite and MySQL fail on them, in Alembic and in aludel)."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
revision = "1"
down_revision = None
def upgrade():
    op.create_table("pgt",
        sa.Column("a", postgresql.TSVECTOR()),
        sa.Column("b", postgresql.TSQUERY()),
        sa.Column("c", postgresql.CITEXT()),
        sa.Column("d", postgresql.CIDR()),
        sa.Column("e", postgresql.MACADDR()),
        sa.Column("f", postgresql.MACADDR8()),
        sa.Column("g", postgresql.MONEY()),
        sa.Column("h", postgresql.OID()),
        sa.Column("i", postgresql.REGCLASS()),
        sa.Column("j", postgresql.REGCONFIG()),
        sa.Column("k", postgresql.JSONPATH()),
        sa.Column("l", postgresql.HSTORE()),
        sa.Column("m", postgresql.INT4RANGE()),
        sa.Column("n", postgresql.INT8RANGE()),
        sa.Column("o", postgresql.NUMRANGE()),
        sa.Column("p", postgresql.DATERANGE()),
        sa.Column("q", postgresql.TSRANGE()),
        sa.Column("r", postgresql.TSTZRANGE()),
        sa.Column("s", postgresql.INT4MULTIRANGE()),
        sa.Column("t", postgresql.INT8MULTIRANGE()),
        sa.Column("u", postgresql.NUMMULTIRANGE()),
        sa.Column("v", postgresql.DATEMULTIRANGE()),
        sa.Column("w", postgresql.TSMULTIRANGE()),
        sa.Column("x", postgresql.TSTZMULTIRANGE()),
        sa.Column("y", postgresql.INTERVAL()),
        sa.Column("z", postgresql.INTERVAL(fields="DAY TO SECOND", precision=3)),
        sa.Column("z2", postgresql.INTERVAL(precision=2)),
        sa.Column("bit1", postgresql.BIT()),
        sa.Column("bit2", postgresql.BIT(5)),
        sa.Column("bit3", postgresql.BIT(varying=True)),
        sa.Column("bit4", postgresql.BIT(8, varying=True)),
        sa.Column("iv", sa.Interval()),
        sa.Column("real", postgresql.REAL()),
    )
