"""Outbox events, and when each periodic job last started (shared by every worker)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db import db, utcnow


class OutboxEvent(db.Model):
    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_pending", "processed_at", "available_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    processed_at: Mapped[Optional[datetime]] = mapped_column()
    # The worker handling the event, until when: past the lease another worker may take it.
    claimed_by: Mapped[Optional[str]] = mapped_column(String(80))
    claimed_until: Mapped[Optional[datetime]] = mapped_column()


class PeriodicJobRun(db.Model):
    """One row per periodic job: a worker starts the job only by moving `last_started_at`
    forward from a value older than the job's interval, which exactly one worker can do."""

    __tablename__ = "periodic_job_runs"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    last_started_at: Mapped[datetime] = mapped_column()
    last_worker: Mapped[str] = mapped_column(String(80))
