"""Batch blocks as render_as_batch writes them (compared on PostgreSQL and MySQL,
where Alembic runs them as plain ALTERs; SQLite needs a live table offline)."""
import sqlalchemy as sa
from alembic import op

revision = "b1"
down_revision = None


def upgrade():
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nickname', sa.String(length=50), nullable=True))
        batch_op.alter_column('name', existing_type=sa.VARCHAR(length=100), nullable=True)
        batch_op.create_index(batch_op.f('ix_hero_nickname'), ['nickname'], unique=False)
        batch_op.drop_index('ix_hero_old')
        batch_op.create_unique_constraint('uq_hero_nick', ['nickname'])
        batch_op.create_foreign_key('fk_hero_team', 'team', ['team_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint('ck_hero_nick', 'length(nickname) > 1')
        batch_op.drop_constraint('uq_old', type_='unique')
        batch_op.drop_column('legacy')
        # Runs at once, before the block's queued operations, as in Alembic.
        batch_op.execute("UPDATE hero SET nickname = name")

    with op.batch_alter_table('team') as batch_op:
        batch_op.create_table_comment('teams')
        batch_op.drop_table_comment(existing_comment='teams')


def downgrade():
    with op.batch_alter_table('hero', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hero_nickname'))
        batch_op.drop_column('nickname')
