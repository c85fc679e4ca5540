"""Incoming documents, their registers, files, routing assignments and processing history."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.org.models import Unit

URGENCY_LABELS = {0: "Thường", 1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc"}
SECRECY_LABELS = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
CHANNEL_LABELS = {"paper": "Bản giấy (scan)", "electronic": "Văn bản điện tử", "internal": "Nội bộ eOffice"}

STATUS_LABELS = {
    "submitted": "Chờ ý kiến chỉ đạo",
    "in_progress": "Đang xử lý",
    "done": "Đã hoàn thành",
}
ASSIGNMENT_ROLE_LABELS = {"lead": "Chủ trì", "coordinate": "Phối hợp", "inform": "Để biết", "handler": "Xử lý"}
ASSIGNMENT_STATUS_LABELS = {
    "pending": "Chờ xử lý",
    "in_progress": "Đang xử lý",
    "done": "Đã xử lý",
    "returned": "Đã trả lại",
    "recalled": "Đã thu hồi",
    "forwarded": "Đã chuyển",
    "closed_by_lead": "Đóng theo đơn vị chủ trì",
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


class IncomingDocument(TimestampMixin, db.Model):
    __tablename__ = "incoming_documents"
    __table_args__ = (
        UniqueConstraint("register_id", "year", "arrival_number", name="uq_incoming_documents_arrival"),
        Index("ix_incoming_documents_dup", "code_number", "code_notation", "issuer_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("incoming_registers.id"), index=True)
    year: Mapped[int] = mapped_column()
    arrival_number: Mapped[int] = mapped_column()
    arrival_at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(20), default="paper")
    issuer_name: Mapped[str] = mapped_column(String(200))
    issuer_code: Mapped[Optional[str]] = mapped_column(String(35))
    code_number: Mapped[str] = mapped_column(String(11), default="")
    code_notation: Mapped[str] = mapped_column(String(30), default="")
    issued_date: Mapped[Optional[date]] = mapped_column()
    doc_type: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(500))
    signer_name: Mapped[str] = mapped_column(String(50), default="")
    signer_position: Mapped[str] = mapped_column(String(100), default="")
    urgency: Mapped[int] = mapped_column(default=0)
    secrecy: Mapped[int] = mapped_column(default=0)
    page_count: Mapped[Optional[int]] = mapped_column()
    deadline: Mapped[Optional[datetime]] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    submitted_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[Optional[datetime]] = mapped_column()
    result: Mapped[str] = mapped_column(Text, default="")
    text_content: Mapped[str] = mapped_column(Text, default="")
    # Subject, issuer, number… folded (no diacritics, lowercase) for the lists' search box;
    # kept up to date on every save by eoffice.documents.list_search.
    search_text: Mapped[str] = mapped_column(Text, default="")

    register: Mapped[IncomingRegister] = relationship()
    submitted_to: Mapped[Optional[User]] = relationship(foreign_keys=[submitted_to_id])
    registered_by: Mapped[User] = relationship(foreign_keys=[registered_by_id])
    files: Mapped[list["DocumentFile"]] = relationship(back_populates="document", order_by="DocumentFile.id")
    assignments: Mapped[list["Assignment"]] = relationship(back_populates="document", order_by="Assignment.id")
    events: Mapped[list["ProcessingEvent"]] = relationship(back_populates="document", order_by="ProcessingEvent.id")

    @property
    def number_notation(self) -> str:
        """Số, ký hiệu as written: `15/QĐ-UBND`."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def is_confidential(self) -> bool:
        return self.secrecy > 0

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
    def main_file(self) -> Optional["DocumentFile"]:
        return next((f for f in self.files if f.role == "main"), None)


class DocumentFile(db.Model):
    """A file of a document: bytes in object storage by SHA-256, facts about it here."""

    __tablename__ = "document_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="main")  # main | attachment | processing
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[Optional[int]] = mapped_column()
    signatures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[IncomingDocument] = relationship(back_populates="files")
    uploaded_by: Mapped[User] = relationship()


class StagedUpload(db.Model):
    """A file uploaded and inspected, waiting for the registration form to be saved.

    Registration turns it into DocumentFile rows in the same transaction; staged uploads older
    than a day are dropped by the worker, and their blobs then fall to `eoffice storage gc`.
    """

    __tablename__ = "staged_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    inspection: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the file came with a document another unit sent electronically: registering it
    # marks that delivery as received, in the same transaction.
    delivery_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_deliveries.id"), index=True)


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
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # the main file first
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_documents.id"))
    refused_reason: Mapped[Optional[str]] = mapped_column(Text)
    handled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[Optional[datetime]]

    recipient_unit: Mapped[Unit] = relationship(foreign_keys=[recipient_unit_id])
    sender_unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[sender_unit_id])
    document: Mapped[Optional["IncomingDocument"]] = relationship()

    @property
    def subject(self) -> str:
        return str(self.metadata_.get("subject", ""))

    @property
    def number_notation(self) -> str:
        number, notation = self.metadata_.get("code_number") or "", self.metadata_.get("code_notation") or ""
        return f"{number}/{notation}" if number and notation else number or notation


class Assignment(db.Model):
    """One hand-off: a unit or person given a role on a document, with its own deadline.

    The leader's steering opinion creates unit assignments (lead, coordinate, inform); a unit
    head then creates handler assignments (a person) under the unit's one.
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("assignments.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # lead | coordinate | inform | handler
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    deadline: Mapped[Optional[datetime]] = mapped_column(index=True)
    instruction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[Optional[datetime]] = mapped_column()
    done_at: Mapped[Optional[datetime]] = mapped_column()
    result: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    due_soon_notified_at: Mapped[Optional[datetime]] = mapped_column()
    overdue_notified_at: Mapped[Optional[datetime]] = mapped_column()

    document: Mapped[IncomingDocument] = relationship(back_populates="assignments")
    parent: Mapped[Optional["Assignment"]] = relationship(remote_side="Assignment.id")
    unit: Mapped[Optional[Unit]] = relationship()
    user: Mapped[Optional[User]] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in ("pending", "in_progress")

    @property
    def assignee_label(self) -> str:
        if self.user is not None:
            return self.user.full_name
        return self.unit.name if self.unit else ""


class ProcessingEvent(db.Model):
    """One line of the phiếu giải quyết văn bản đến: who did what, when, with which text."""

    __tablename__ = "processing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    assignment_id: Mapped[Optional[int]] = mapped_column(ForeignKey("assignments.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("document_files.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    document: Mapped[IncomingDocument] = relationship(back_populates="events")
    file: Mapped[Optional[DocumentFile]] = relationship()


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


class DocumentReader(db.Model):
    """Who may read a document, materialised from `access.readers_of` on every change.

    Lists, counts and the search index all filter with these same principal strings, so a
    confidential document cannot leak through a count or a facet.
    """

    __tablename__ = "document_readers"

    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), primary_key=True)
    principal: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
