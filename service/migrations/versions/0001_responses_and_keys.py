"""Stored responses and API key hashes.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "responses",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("ces", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("team", sa.String(64)),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("commented", sa.Boolean, nullable=False),
        sa.Column("mask", sa.BigInteger, nullable=False),
        sa.Column("drivers", sa.String(512), nullable=False),
        sa.Column("scores", sa.JSON, nullable=False),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("model_name", sa.String(128), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("stored_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_responses_submitted_at", "responses", ["submitted_at"])
    op.create_index("ix_responses_channel", "responses", ["channel"])
    op.create_index("ix_responses_team", "responses", ["team"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_index("ix_responses_team", "responses")
    op.drop_index("ix_responses_channel", "responses")
    op.drop_index("ix_responses_submitted_at", "responses")
    op.drop_table("responses")
