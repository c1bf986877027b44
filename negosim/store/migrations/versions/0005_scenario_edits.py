"""scenario edits: versions authored in the trainers' workspace

Revision ID: 0005
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scenario_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=80), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_version.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scenario_edit_scenario_id", "scenario_edit", ["scenario_id"])


def downgrade() -> None:
    op.drop_index("ix_scenario_edit_scenario_id", table_name="scenario_edit")
    op.drop_table("scenario_edit")
