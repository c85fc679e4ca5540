"""The exchange outbox and inbox: every edXML package sent or received, with its state."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db import db, utcnow
from eoffice.files.models import StoredFile

STATUS_LABELS = {"queued": "Chờ gửi", "sent": "Đã gửi", "failed": "Gửi lỗi, sẽ gửi lại",
                 "unbuilt": "Không lập được gói tin", "received": "Đã nhận"}


class ExchangeMessage(db.Model):
    """One edXML package (its bytes are a stored file) to or from another agency.

    A package (a document, or a status message about one) is queued in the same transaction as the issuance that caused it, then sent by
    the worker one at a time (each send commits on its own, so a failure retries that package
    alone, later, with a growing delay). `(direction, organ_id, document_id, business)` is
    (with the kind and status code) unique: the same document or status is never queued twice
    for the same agency, and a package received twice is recognised.
    """

    __tablename__ = "exchange_messages"
    __table_args__ = (UniqueConstraint("direction", "kind", "organ_id", "document_id", "business", "status_code",
                                       name="one_package_per_business"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    kind: Mapped[str] = mapped_column(String(10), default="document")  # document | status
    status_code: Mapped[str] = mapped_column(String(2), default="")  # a status message's edxml.Status
    organ_id: Mapped[str] = mapped_column(String(35), index=True)  # the other agency
    organ_name: Mapped[str] = mapped_column(String(300), default="")
    document_id: Mapped[str] = mapped_column(String(100))  # edXML DocumentId
    business: Mapped[int] = mapped_column(default=0)  # edxml.Business
    work_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_items.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # a status message's description
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[Optional[datetime]]
    platform_id: Mapped[str] = mapped_column(String(100), default="")  # what the platform called it
    # The package's bytes; none when it could not be built (status "unbuilt", the reason in last_error).
    stored_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"), index=True)

    stored: Mapped[Optional[StoredFile]] = relationship()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)
