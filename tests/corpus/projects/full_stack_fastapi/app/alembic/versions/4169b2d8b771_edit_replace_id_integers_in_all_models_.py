"""Edit replace id integers in all models to use UUID instead

Revision ID: 4169b2d8b771
Revises: e25840a93c67
Create Date: 2026-12-04 22:47:59.209257

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '4169b2d8b771'
down_revision = 'e25840a93c67'
branch_labels = None
depends_on = None


# Written by hand (autogenerate would emit an ALTER ... TYPE uuid, which
# PostgreSQL refuses for integers): new UUID columns are filled, the old
# integer keys dropped and the new ones renamed into their place.
# PostgreSQL only, as the project is.


def upgrade():
    # uuid_generate_v4() comes with this extension
    op.execute('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"')

    for table in ("user", "item"):
        op.add_column(table, sa.Column("new_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.add_column("item", sa.Column("new_owner_id", postgresql.UUID(as_uuid=True), nullable=True))

    op.execute('UPDATE "user" SET new_id = uuid_generate_v4()')
    op.execute("UPDATE item SET new_id = uuid_generate_v4()")
    op.execute(
        'UPDATE item SET new_owner_id = '
        '(SELECT u.new_id FROM "user" AS u WHERE u.id = item.owner_id)'
    )
    for table in ("user", "item"):
        op.alter_column(table, "new_id", nullable=False)

    # the foreign key goes first, then the columns it used
    op.drop_constraint("item_owner_id_fkey", "item", type_="foreignkey")
    op.drop_column("item", "owner_id")
    op.alter_column("item", "new_owner_id", new_column_name="owner_id")

    # dropping an integer key drops its primary key and its sequence too
    op.drop_column("user", "id")
    op.alter_column("user", "new_id", new_column_name="id")
    op.drop_column("item", "id")
    op.alter_column("item", "new_id", new_column_name="id")

    op.create_primary_key("user_pkey", "user", ["id"])
    op.create_primary_key("item_pkey", "item", ["id"])
    op.create_foreign_key("item_owner_id_fkey", "item", "user", ["owner_id"], ["id"])


def downgrade():
    # integer keys again, numbered by new sequences the columns own
    op.add_column("user", sa.Column("old_id", sa.Integer(), nullable=True))
    op.add_column("item", sa.Column("old_id", sa.Integer(), nullable=True))
    op.add_column("item", sa.Column("old_owner_id", sa.Integer(), nullable=True))
    op.execute('CREATE SEQUENCE user_id_seq AS INTEGER OWNED BY "user".old_id')
    op.execute("CREATE SEQUENCE item_id_seq AS INTEGER OWNED BY item.old_id")
    op.execute("""UPDATE "user" SET old_id = nextval('user_id_seq')""")
    op.execute("UPDATE item SET old_id = nextval('item_id_seq')")
    op.execute(
        'UPDATE item SET old_owner_id = '
        '(SELECT u.old_id FROM "user" AS u WHERE u.id = item.owner_id)'
    )

    op.drop_constraint("item_owner_id_fkey", "item", type_="foreignkey")
    op.drop_column("item", "owner_id")
    op.alter_column("item", "old_owner_id", new_column_name="owner_id", nullable=False)

    op.drop_column("user", "id")
    op.alter_column(
        "user", "old_id", new_column_name="id", nullable=False,
        server_default=sa.text("nextval('user_id_seq'::regclass)"),
    )
    op.drop_column("item", "id")
    op.alter_column(
        "item", "old_id", new_column_name="id", nullable=False,
        server_default=sa.text("nextval('item_id_seq'::regclass)"),
    )

    op.create_primary_key("user_pkey", "user", ["id"])
    op.create_primary_key("item_pkey", "item", ["id"])
    op.create_foreign_key("item_owner_id_fkey", "item", "user", ["owner_id"], ["id"])
