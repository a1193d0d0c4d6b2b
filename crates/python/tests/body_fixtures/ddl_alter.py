"""alter_column in its forms (constraint ALTERs fail on SQLite, so they live in ddl_constraints.py)."""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a2"
down_revision = "a1"


def upgrade():
    op.alter_column('hero', 'score',
               existing_type=sa.FLOAT(),
               type_=sa.Integer(),
               existing_nullable=False,
               postgresql_using='score::integer')
    op.alter_column('hero', 'bio', existing_type=sa.Text(), nullable=False, existing_comment='biography')
    op.alter_column('hero', 'name', new_column_name='hero_name', existing_type=sa.String(length=100), existing_nullable=False)
    op.alter_column(table_name='hero', column_name='age', type_=sa.BigInteger(), existing_type=sa.INTEGER(), existing_nullable=True)
    op.alter_column('hero', 'rank', server_default=None, existing_type=sa.Integer(), existing_nullable=False)
    op.alter_column('hero', 'rank', server_default=sa.text("5"), existing_type=sa.Integer(), existing_nullable=False)
    op.alter_column('hero', 'created_at', existing_type=postgresql.TIMESTAMP(timezone=True), server_default=sa.func.now(), existing_nullable=False)


def downgrade():
    op.alter_column('hero', 'hero_name', new_column_name='name', existing_type=sa.VARCHAR(length=100), existing_nullable=False)
    op.alter_column('hero', 'bio', existing_type=sa.TEXT(), nullable=True)
