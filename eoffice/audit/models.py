"""Audit entries and the sealer's head row (see eoffice/audit/service.py for the design)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db import db

GENESIS_HASH = "0" * 64


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    # Assigned at insert, in no lock: the order entries were written in, with gaps (rollbacks).
    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the entry's own content, written with it; NULL only on entries sealed before
    # the sealer existed (their chain hash covers their content).
    content_hash: Mapped[Optional[str]] = mapped_column(String(64))
    # Set by the sealer: contiguous 1, 2, 3… in sealing order (a gap means a removed entry),
    # the previous sealed entry's hash and this entry's chain hash. NULL = not yet sealed.
    seq: Mapped[Optional[int]] = mapped_column(unique=True)
    prev_hash: Mapped[Optional[str]] = mapped_column(String(64))
    hash: Mapped[Optional[str]] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def is_sealed(self) -> bool:
        return self.seq is not None


class AuditHead(db.Model):
    """One row (id=1): the last sealed sequence number and hash. Only the sealer writes it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
