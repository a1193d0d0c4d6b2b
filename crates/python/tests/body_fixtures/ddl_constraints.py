"""Constraint operations and table comments."""
import sqlalchemy as sa
from alembic import op

revision = "a3"
down_revision = "a2"

FK_NAME = "fk_hero_team"


def upgrade():
    op.create_unique_constraint('uq_team_name', 'team', ['name'])
    op.create_unique_constraint(None, 'team', ['headquarters', 'name'])
    op.create_foreign_key(FK_NAME, 'hero', 'team', ['team_id'], ['id'], ondelete='CASCADE', onupdate='SET NULL', deferrable=True, initially='DEFERRED')
    op.create_foreign_key(None, 'hero', 'team', ['team_id'], ['id'])
    op.create_check_constraint('ck_hero_age', 'hero', 'age >= 0')
    op.create_check_constraint('ck_hero_rank', 'hero', sa.column('rank') < 100)
    op.create_primary_key('pk_hero', 'hero', ['id'])
    op.create_table_comment('hero', 'Heroes of the story', existing_comment=None)
    op.drop_table_comment('team', existing_comment='teams')


def downgrade():
    op.drop_constraint('pk_hero', 'hero', type_='primary')
    op.drop_constraint('ck_hero_age', 'hero', type_='check')
    op.drop_constraint(op.f('fk_hero_team'), 'hero', type_='foreignkey')
    op.drop_constraint('uq_team_name', 'team', type_='unique')
