"""audit log points at feature_a

Revision ID: aud000000002
Revises: aud000000001
Create Date: 2026-09-16 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "aud000000002"
down_revision: Union[str, Sequence[str], None] = "aud000000001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = "a11ce0000002"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("audit_log") as batch_op:
            batch_op.create_foreign_key(
                "fk_audit_feature_a", "feature_a", ["feature_a_id"], ["id"]
            )
    else:
        op.create_foreign_key(
            "fk_audit_feature_a", "audit_log", "feature_a", ["feature_a_id"], ["id"]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("audit_log") as batch_op:
            batch_op.drop_constraint("fk_audit_feature_a", type_="foreignkey")
    else:
        op.drop_constraint("fk_audit_feature_a", "audit_log", type_="foreignkey")
