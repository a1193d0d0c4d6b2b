"""Control flow and names: constants, loops, dialect branches, f-strings, op.f() truncation."""
from alembic import op
import sqlalchemy as sa
from alembic import context

revision = "c1"
down_revision = None

TABLE = "events"
COLUMNS = ["a", "b", "c"]
LONG = "ix_" + "a_very_long_table_name_for_the_events_of_the_application_" * 2


def upgrade():
    op.create_table(TABLE, sa.Column("id", sa.Integer(), primary_key=True))
    for name in COLUMNS:
        op.add_column(TABLE, sa.Column(name, sa.String(10)))
    for table, col in [("events", "d"), ("events", "e")]:
        op.add_column(table, sa.Column(col, sa.Integer()))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"COMMENT ON TABLE {TABLE} IS 'pg only'")
    elif bind.dialect.name in ("mysql", "mariadb"):
        op.execute(f"ALTER TABLE {TABLE} ENGINE=InnoDB")
    else:
        pass
    if op.get_context().dialect.name != "sqlite":
        op.create_index(op.f(LONG), TABLE, ["a"])
    if context.get_context().dialect.name == "sqlite":
        op.create_index(op.f("ix_events_b"), TABLE, ["b"])
    size = 10 * 1024
    op.add_column(TABLE, sa.Column("blob", sa.String(size)))
    op.execute(f"UPDATE {TABLE} SET a = '{size}'")


def downgrade():
    raise NotImplementedError("no way back")
