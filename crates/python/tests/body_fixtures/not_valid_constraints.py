"""postgresql_not_valid=True, squawk's and PostgreSQL's way to add a
constraint without scanning the table: NOT VALID on PostgreSQL, ignored on
MySQL (SQLite cannot add constraints outside a batch)."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.create_check_constraint("ck_a", "t", "a > 0", postgresql_not_valid=True)
        op.create_foreign_key("fk_u_t", "u", "t", ["t_id"], ["id"], ondelete="CASCADE", postgresql_not_valid=True)
        op.execute("ALTER TABLE u VALIDATE CONSTRAINT fk_u_t") if op.get_bind().dialect.name == "postgresql" else None


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_u_t", "u", type_="foreignkey")
        op.drop_constraint("ck_a", "t", type_="check")
