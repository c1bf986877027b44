"""trainers' and jury members' private annotations of turns; candidate accounts' seats

Revision ID: 0006
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_annotation_run_id", "annotation", ["run_id"])
    op.create_table(
        "account_member",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["run.id"]),
        sa.PrimaryKeyConstraint("member_id"),
    )
    op.create_index("ix_account_member_user_id", "account_member", ["user_id"])
    op.create_index("ix_account_member_run_id", "account_member", ["run_id"])
    with op.batch_alter_table("cohort_candidate") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_cohort_candidate_user_id", "user_account", ["user_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("cohort_candidate") as batch:
        batch.drop_constraint("fk_cohort_candidate_user_id", type_="foreignkey")
        batch.drop_column("user_id")
    op.drop_index("ix_account_member_run_id", table_name="account_member")
    op.drop_index("ix_account_member_user_id", table_name="account_member")
    op.drop_table("account_member")
    op.drop_index("ix_annotation_run_id", table_name="annotation")
    op.drop_table("annotation")
