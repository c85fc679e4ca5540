"""Incoming documents and their registers. An incoming document is a work item (eoffice.work):
its assignments, history, files and readers are the core's."""
from __future__ import annotations

import enum

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.files.models import HoldsStoredFile
from eoffice.org.models import Unit
from eoffice.work.models import (  # noqa: F401 - the core's tables, used by this kind
    ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATUS_LABELS, Assignment, WorkEvent, WorkFile, WorkItem, WorkReader,
)

URGENCY_LABELS = {0: "Thường", 1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc"}
SECRECY_LABELS = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
CHANNEL_LABELS = {"paper": "Bản giấy (scan)", "electronic": "Văn bản điện tử", "internal": "Nội bộ eOffice"}

class IncomingState(enum.StrEnum):
    """The states of an incoming document; `TRANSITIONS` says which moves the rules allow."""

    SUBMITTED = "submitted"      # registered, waiting for the leader's steering opinion
    IN_PROGRESS = "in_progress"  # routed to a lead unit
    DONE = "done"                # closed by the lead unit


STATUS_LABELS = {
    IncomingState.SUBMITTED.value: "Chờ ý kiến chỉ đạo",
    IncomingState.IN_PROGRESS.value: "Đang xử lý",
    IncomingState.DONE.value: "Đã hoàn thành",
}
TRANSITIONS: dict[str, frozenset[str]] = {
    # routed by the leader
    IncomingState.SUBMITTED.value: frozenset({IncomingState.IN_PROGRESS.value}),
    # the lead unit returns it or the leader recalls it (back to the leader), or it is closed
    IncomingState.IN_PROGRESS.value: frozenset({IncomingState.SUBMITTED.value, IncomingState.DONE.value}),
    IncomingState.DONE.value: frozenset(),
}


class IncomingRegister(TimestampMixin, db.Model):
    """A sổ văn bản đến of a unit; confidential documents go in their own register."""

    __tablename__ = "incoming_registers"
    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_incoming_registers_unit_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    is_confidential: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship()


class RegisterCounter(db.Model):
    """The last số đến given in a register in a year; incremented under a row lock."""

    __tablename__ = "register_counters"

    register_id: Mapped[int] = mapped_column(ForeignKey("incoming_registers.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class IncomingDocument(WorkItem):
    """A registered incoming document (văn bản đến): the work item's own columns.

    Title, secrecy, state, deadline and closing time live on the work item; `subject` is the
    work item's title under the decree's name (trích yếu).
    """

    __tablename__ = "incoming_documents"
    __table_args__ = (
        UniqueConstraint("register_id", "year", "arrival_number", name="uq_incoming_documents_arrival"),
        Index("ix_incoming_documents_dup", "code_number", "code_notation", "issuer_name"),
    )
    __mapper_args__ = {"polymorphic_identity": "incoming"}

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("incoming_registers.id"), index=True)
    year: Mapped[int] = mapped_column()
    arrival_number: Mapped[int] = mapped_column()
    arrival_at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(20), default="paper")
    issuer_name: Mapped[str] = mapped_column(String(200))
    issuer_code: Mapped[Optional[str]] = mapped_column(String(35))
    code_number: Mapped[str] = mapped_column(String(20), default="")
    code_notation: Mapped[str] = mapped_column(String(100), default="")
    issued_date: Mapped[Optional[date]] = mapped_column()
    doc_type: Mapped[str] = mapped_column(String(10))
    signer_name: Mapped[str] = mapped_column(String(50), default="")
    signer_position: Mapped[str] = mapped_column(String(100), default="")
    urgency: Mapped[int] = mapped_column(default=0)
    page_count: Mapped[Optional[int]] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    submitted_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(Text, default="")
    text_content: Mapped[str] = mapped_column(Text, default="")
    # `effective_deadline` stored for the lists' SQL (sort, overdue / due-soon tabs); kept by
    # eoffice.documents.list_search after every flush. Python reads `effective_deadline`.
    follow_up_deadline: Mapped[Optional[datetime]] = mapped_column(index=True)

    subject = synonym("title")
    register: Mapped[IncomingRegister] = relationship()
    submitted_to: Mapped[Optional[User]] = relationship(foreign_keys=[submitted_to_id])
    registered_by: Mapped[User] = relationship(foreign_keys=[registered_by_id])

    def list_search_parts(self) -> list[str]:
        """Subject, issuer, number and notation, signer, notes and the số đến ("12/2027")."""
        return [self.subject, self.issuer_name, self.issuer_code or "", self.number_notation, self.signer_name, self.notes,
                f"{self.arrival_number}/{self.year}" if self.arrival_number else ""]

    @property
    def number_notation(self) -> str:
        """Số, ký hiệu as written: `15/QĐ-UBND`."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def lead_assignment(self) -> Optional["Assignment"]:
        """The lead unit's current part (the last one, after forwards), if routed."""
        leads = [a for a in self.assignments if a.role == "lead" and a.status not in ("recalled", "forwarded")]
        return leads[-1] if leads else None

    @property
    def effective_deadline(self) -> Optional[datetime]:
        """The deadline the document is followed up against: the lead unit's, else the one
        set at registration."""
        lead = self.lead_assignment
        return lead.deadline if lead and lead.deadline else self.deadline

    @property
    def main_file(self) -> Optional[WorkFile]:
        return next((f for f in self.files if f.role == "main"), None)


class StagedUpload(HoldsStoredFile, db.Model):
    """A stored file held for its uploader's form (registration, a comment with a file …).

    Saving the form links the same stored file to the work item and drops this row, in one
    transaction; staged uploads older than a day are dropped by the worker, and a stored file
    no longer linked anywhere goes with them (`eoffice.files.service.drop_unlinked`).
    """

    __tablename__ = "staged_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the file came with a document another unit sent electronically: registering it
    # marks that delivery as received, in the same transaction.
    delivery_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_deliveries.id"), index=True)


class DeliveryFile(HoldsStoredFile, db.Model):
    """One file of a delivery from another unit, in the order the sender gave (the main first)."""

    __tablename__ = "incoming_delivery_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("incoming_deliveries.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)


DELIVERY_STATUS_LABELS = {"pending": "Chờ tiếp nhận", "registered": "Đã vào sổ", "refused": "Đã trả lại"}


class InboundDelivery(db.Model):
    """A document another unit sent electronically, waiting for the recipient's clerk.

    It carries what the sender already knows (number, notation, type, subject, signer …) and
    its checked, stored files, so registering it is a matter of choosing the register and the
    leader. The clerk registers it (status "registered", linked to the document) or returns it
    with a reason (status "refused"); nothing is ever deleted.
    """

    __tablename__ = "incoming_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    sender_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    sender_name: Mapped[str] = mapped_column(String(255))
    delivered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_documents.id"))
    refused_reason: Mapped[Optional[str]] = mapped_column(Text)
    handled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[Optional[datetime]]

    recipient_unit: Mapped[Unit] = relationship(foreign_keys=[recipient_unit_id])
    sender_unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[sender_unit_id])
    document: Mapped[Optional["IncomingDocument"]] = relationship()
    files: Mapped[list[DeliveryFile]] = relationship(order_by=(DeliveryFile.position, DeliveryFile.id))

    @property
    def subject(self) -> str:
        return str(self.metadata_.get("subject", ""))

    @property
    def number_notation(self) -> str:
        number, notation = self.metadata_.get("code_number") or "", self.metadata_.get("code_notation") or ""
        return f"{number}/{notation}" if number and notation else number or notation


EVENT_LABELS = {
    "registered": "Vào sổ văn bản đến",
    "submitted": "Trình lãnh đạo",
    "proposed": "Đề xuất phân phối",
    "routed": "Cho ý kiến chỉ đạo",
    "assigned": "Phân công xử lý",
    "opened": "Mở xem",
    "comment": "Ý kiến xử lý",
    "file_added": "Bổ sung tệp",
    "reply_proposed": "Đề xuất dự thảo văn bản trả lời",
    "assignment_done": "Hoàn thành phần việc",
    "returned": "Trả lại",
    "forwarded": "Chuyển đơn vị khác",
    "recalled": "Thu hồi",
    "reminded": "Đôn đốc",
    "closed": "Kết thúc xử lý",
    "deadline_warning": "Cảnh báo sắp đến hạn",
    "deadline_passed": "Cảnh báo quá hạn",
    "referred": "Chuyển lãnh đạo khác cho ý kiến",
    "corrected": "Sửa thông tin văn bản",
}
