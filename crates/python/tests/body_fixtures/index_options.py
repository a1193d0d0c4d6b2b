"""Index options autogenerate writes: descending columns, NULLS NOT
DISTINCT, per-column MySQL prefix lengths, and the options it repeats on
drop_index (which DROP INDEX ignores)."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_index("ix_t_a_desc", "t", [sa.desc("a"), sa.asc("b")])
    op.create_index("ix_t_a_nn", "t", ["a"], unique=True, postgresql_nulls_not_distinct=True)
    op.create_index("ix_t_a_nd", "t", ["b"], unique=True, postgresql_nulls_not_distinct=False)
    op.create_index("ix_t_ab", "t", ["a", "s"], mysql_length={"s": 10})
    op.create_index("ix_t_s", "t", ["s"], mysql_length=12)


def downgrade():
    op.drop_index("ix_t_s", table_name="t", mysql_length=12)
    op.drop_index("ix_t_ab", table_name="t", mysql_length={"s": 10})
    op.drop_index("ix_t_a_nd", table_name="t", postgresql_nulls_not_distinct=False)
    op.drop_index("ix_t_a_nn", table_name="t", postgresql_using="btree", postgresql_where=sa.text("a > 1"))
    op.drop_index("ix_t_a_desc", table_name="t")
