"""hero slug

A data migration: the new column is filled from the rows already there
before it becomes NOT NULL and unique.

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-07 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
    op.execute("UPDATE hero SET slug = lower(replace(name, ' ', '-'))")
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False)
        batch_op.create_index(batch_op.f('ix_hero_slug'), ['slug'], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hero_slug'))
        batch_op.drop_column('slug')
