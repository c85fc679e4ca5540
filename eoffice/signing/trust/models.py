"""The trust-store table: one row per certificate the office trusts for signature validation."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db import db, utcnow


class TrustStoreCertificate(db.Model):
    """A CA certificate. ``is_root`` (self-signed) ones are anchors, the others intermediates
    offered to path building. ``source`` is ``seed`` (shipped with eoffice) or ``admin``
    (uploaded); removing one sets ``active`` False so audit entries keep pointing at it."""

    __tablename__ = "trust_store_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    not_before: Mapped[datetime] = mapped_column()
    not_after: Mapped[datetime] = mapped_column()
    is_root: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(10), default="admin")
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
