"""Outgoing documents' tables: the draft as a work item, its recipients, the approval chains,
outside organisations (with their edXML codes) and the outgoing register's counters.

What the core already gives every kind is not repeated here: versions, the signed and the
issued PDF and attachments are `WorkFile`s (roles `version`, `source`, `signed`, `issued`,
`attachment`), consultations (xin ý kiến) are `Assignment`s with role `consult`, and the
history is `WorkEvent`s written through `eoffice.work.history.record`.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db
from eoffice.org.models import Unit
from eoffice.work.models import WorkFile, WorkItem


class OutgoingState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"   # under approval; `step` says which step of `chain`
    RETURNED = "returned"     # sent back to the drafter with a reason
    APPROVED = "approved"     # the last step approved; `approved_sha256` fixes the bytes
    SIGNED = "signed"         # the signer's signature is on the approved bytes
    ISSUED = "issued"         # numbered in the register and sent
    RECALLED = "recalled"     # withdrawn after issuance; frozen


TRANSITIONS: dict[str, frozenset[str]] = {
    OutgoingState.DRAFT.value: frozenset({OutgoingState.IN_REVIEW.value}),
    OutgoingState.RETURNED.value: frozenset({OutgoingState.IN_REVIEW.value}),
    OutgoingState.IN_REVIEW.value: frozenset({OutgoingState.APPROVED.value, OutgoingState.RETURNED.value}),
    # the signer may still refuse to sign and send it back
    OutgoingState.APPROVED.value: frozenset({OutgoingState.SIGNED.value, OutgoingState.RETURNED.value}),
    OutgoingState.SIGNED.value: frozenset({OutgoingState.ISSUED.value}),
    OutgoingState.ISSUED.value: frozenset({OutgoingState.RECALLED.value}),
    OutgoingState.RECALLED.value: frozenset(),
}
EDITABLE_STATES = frozenset({OutgoingState.DRAFT.value, OutgoingState.RETURNED.value})

STATUS_LABELS = {
    "draft": "Dự thảo", "in_review": "Đang trình duyệt", "returned": "Bị trả lại", "approved": "Đã duyệt",
    "signed": "Lãnh đạo đã ký", "issued": "Đã ban hành", "recalled": "Đã thu hồi",
}
EVENT_LABELS = {
    "drafted": "Tạo dự thảo", "version_added": "Thêm phiên bản", "attachment_added": "Thêm tệp đính kèm",
    "submitted": "Trình duyệt", "approved": "Duyệt", "returned": "Trả lại", "commented": "Cho ý kiến",
    "consulted": "Xin ý kiến", "consult_answered": "Trả lời xin ý kiến", "signed": "Ký số", "issued": "Ban hành",
    "recalled": "Thu hồi",
}
# Signing-authority prefixes of Decree 30 (empty: the head signs in their own name).
AUTHORITIES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
AUTHORITY_LABELS = {
    "": "Ký trực tiếp", "TM.": "TM. – thay mặt tập thể", "KT.": "KT. – ký thay người đứng đầu", "Q.": "Q. – quyền",
    "TL.": "TL. – thừa lệnh", "TUQ.": "TUQ. – thừa ủy quyền",
}
RECIPIENT_STATUS_LABELS = {"pending": "Chưa gửi", "sent": "Đã gửi", "paper": "Gửi bản giấy", "recalled": "Đã thu hồi"}


class ExternalOrganisation(TimestampMixin, db.Model):
    """An organisation outside the system that receives documents by edXML, by its code."""

    __tablename__ = "external_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(35), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(default=True)


class ApprovalChain(TimestampMixin, db.Model):
    """Who approves a draft of a document type from a unit, in order (user ids).

    `doc_type` or `unit_id` left empty matches any; the most specific chain wins.
    """

    __tablename__ = "approval_chains"
    __table_args__ = (UniqueConstraint("doc_type", "unit_id", name="uq_approval_chains_type_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[Optional[str]] = mapped_column(String(20))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    steps: Mapped[list[int]] = mapped_column(JSON, default=list)

    unit: Mapped[Optional[Unit]] = relationship()


class OutgoingCounter(db.Model):
    """The last number given in an agency's outgoing register in a year, one series for
    ordinary and one for confidential documents; incremented by an atomic UPDATE."""

    __tablename__ = "outgoing_counters"

    agency_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    confidential: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class OutgoingDocument(WorkItem):
    """A draft that becomes an issued outgoing document. Title is the trích yếu."""

    __tablename__ = "outgoing_documents"
    __table_args__ = (
        UniqueConstraint("agency_unit_id", "register_year", "confidential_series", "number",
                         name="uq_outgoing_documents_number"),
    )
    __mapper_args__ = {"polymorphic_identity": "outgoing"}

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[int] = mapped_column(default=0)
    drafter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    authority: Mapped[str] = mapped_column(String(10), default="")
    agency_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    answers_incoming_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_documents.id"))
    chain: Mapped[list[int]] = mapped_column(JSON, default=list)
    step: Mapped[int] = mapped_column(default=0)
    current_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_files.id"))
    approved_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_files.id"))
    approved_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_files.id"))
    register_year: Mapped[Optional[int]] = mapped_column()
    confidential_series: Mapped[bool] = mapped_column(default=False)
    number: Mapped[Optional[int]] = mapped_column()
    notation: Mapped[str] = mapped_column(String(60), default="")
    issued_at: Mapped[Optional[datetime]] = mapped_column()
    issued_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    recall_reason: Mapped[str] = mapped_column(Text, default="")

    drafter: Mapped[User] = relationship(foreign_keys=[drafter_id])
    signer: Mapped[Optional[User]] = relationship(foreign_keys=[signer_id])
    issued_by: Mapped[Optional[User]] = relationship(foreign_keys=[issued_by_id])
    agency: Mapped[Unit] = relationship(foreign_keys=[agency_unit_id])
    current_version: Mapped[Optional[WorkFile]] = relationship(foreign_keys=[current_version_id])
    approved_version: Mapped[Optional[WorkFile]] = relationship(foreign_keys=[approved_version_id])
    signed_file: Mapped[Optional[WorkFile]] = relationship(foreign_keys=[signed_file_id])
    recipients: Mapped[list["OutgoingRecipient"]] = relationship(
        back_populates="outgoing", order_by="OutgoingRecipient.id", cascade="all, delete-orphan")

    @property
    def subject(self) -> str:
        return self.title

    def list_search_parts(self) -> list[str]:
        """Subject and, once issued, the số, ký hiệu ("12/QĐ-UBND")."""
        return [self.title, self.notation]

    @property
    def current_approver_id(self) -> Optional[int]:
        if self.status != OutgoingState.IN_REVIEW.value or self.step >= len(self.chain):
            return None
        return self.chain[self.step]

    @property
    def versions(self) -> list[WorkFile]:
        return [f for f in self.files if f.role == "version"]

    @property
    def attachments(self) -> list[WorkFile]:
        return [f for f in self.files if f.role == "attachment"]

    @property
    def consultations(self) -> list[Any]:
        return [a for a in self.assignments if a.role == "consult"]

    @property
    def is_frozen(self) -> bool:
        return self.status == OutgoingState.RECALLED.value


class OutgoingRecipient(db.Model):
    """One nơi nhận: an internal unit (delivered at once) or an outside organisation (edXML)."""

    __tablename__ = "outgoing_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    outgoing_id: Mapped[int] = mapped_column(ForeignKey("outgoing_documents.id"), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("external_organisations.id"))
    delivery_id: Mapped[Optional[int]] = mapped_column(ForeignKey("incoming_deliveries.id"))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | paper | recalled
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    outgoing: Mapped[OutgoingDocument] = relationship(back_populates="recipients")
    unit: Mapped[Optional[Unit]] = relationship()
    organisation: Mapped[Optional[ExternalOrganisation]] = relationship()

    @property
    def is_external(self) -> bool:
        return self.organisation_id is not None

    @property
    def label(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return self.organisation.name if self.organisation else ""

    @property
    def organisation_code(self) -> Optional[str]:
        return self.organisation.code if self.organisation else None

    @property
    def status_label(self) -> str:
        return RECIPIENT_STATUS_LABELS.get(self.status, self.status)
