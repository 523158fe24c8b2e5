"""The tables. Their history lives in the Alembic migrations (``service/migrations/versions``)."""

from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, Index, Integer, MetaData, String, Table,
                        Text)

metadata = MetaData()

responses = Table(
    "responses", metadata,
    Column("id", String(128), primary_key=True, comment="response id given by the survey tool"),
    Column("ces", Float, nullable=False),
    Column("text", Text, nullable=False),
    Column("submitted_at", DateTime, nullable=False, comment="UTC, without time zone"),
    Column("channel", String(64)),
    Column("team", String(64)),
    Column("lang", String(16), nullable=False, comment="detected (or given) language; '' without comment"),
    Column("commented", Boolean, nullable=False),
    Column("mask", BigInteger, nullable=False, comment="bit j set = model.drivers[j] mentioned"),
    Column("drivers", String(512), nullable=False, comment="driver ids joined by ';'"),
    Column("scores", JSON, nullable=False),
    Column("week", String(8), nullable=False, comment="ISO week key YYYY-Www of submitted_at"),
    Column("month", String(7), nullable=False, comment="YYYY-MM of submitted_at"),
    Column("payload_hash", String(64), nullable=False),
    Column("model_name", String(128), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("stored_at", DateTime, nullable=False),
    Index("ix_responses_submitted_at", "submitted_at"),
    Index("ix_responses_channel", "channel"),
    Index("ix_responses_team", "team"),
)

api_keys = Table(
    "api_keys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False, unique=True, comment="sha256 hex of the key"),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)
