"""The archive's tables: the yearly dossier catalogue, work dossiers and the documents filed in
them (both work items, so history, readers, files and search come from the core), and the
digitisation batches that bring paper records in.

Circular 02/2019/TT-BNV (shared/DOMAIN.md §4) names the metadata kept on a dossier and on each
document; the columns below are those fields, filled from what the system already knows when a
document is filed (its kind's number, date, issuer, pages) and editable by the archivist.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.files.models import StoredFile
from eoffice.org.models import Unit
from eoffice.work.models import WorkItem

# Circular 02/2019: retention codes (01 permanent, 02 70 years …), access regimes, reliability.
RETENTION_CODES = {None: "01", 70: "02", 50: "03", 30: "04", 20: "05", 10: "06"}
ACCESS_LABELS = {1: "Công khai", 2: "Hạn chế sử dụng", 3: "Mật"}
RELIABILITY_LABELS = {1: "Bản gốc điện tử", 2: "Bản số hóa", 3: "Hỗn hợp"}
PHYSICAL_STATE_DEFAULT = "Bình thường"
# Dossiers kept this long or longer must go to the agency archive (Decree 30/2020 art. 30).
MUST_TRANSFER_YEARS = 5


def closing_year(closed_at: datetime) -> int:
    """The year the work ended, in Vietnam time (a dossier closed at 23:30 on 31/12 UTC+7)."""
    from eoffice.calendar.timezone import to_local

    return to_local(closed_at).year


def retention_label(years: Optional[int]) -> str:
    return "Vĩnh viễn" if years is None else f"{years} năm"


class CatalogueState(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


CATALOGUE_STATE_LABELS = {"draft": "Dự thảo", "approved": "Đã phê duyệt"}


class Catalogue(TimestampMixin, db.Model):
    """The dossier catalogue (danh mục hồ sơ) of one year, approved each January; dossiers are
    opened only from an approved one."""

    __tablename__ = "archive_catalogues"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(20), default=CatalogueState.DRAFT.value)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[Optional[datetime]] = mapped_column()
    copied_from_id: Mapped[Optional[int]] = mapped_column(ForeignKey("archive_catalogues.id"))

    entries: Mapped[list["CatalogueEntry"]] = relationship(back_populates="catalogue", order_by="CatalogueEntry.code")
    approved_by: Mapped[Optional[User]] = relationship(foreign_keys=[approved_by_id])

    @property
    def is_approved(self) -> bool:
        return self.status == CatalogueState.APPROVED.value

    @property
    def status_label(self) -> str:
        return CATALOGUE_STATE_LABELS.get(self.status, self.status)


class CatalogueEntry(db.Model):
    """One line of the catalogue: code (`01.TCCB`), title, retention, who keeps the dossier."""

    __tablename__ = "archive_catalogue_entries"
    __table_args__ = (UniqueConstraint("catalogue_id", "code", name="uq_archive_catalogue_entries_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue_id: Mapped[int] = mapped_column(ForeignKey("archive_catalogues.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(500))
    retention_years: Mapped[Optional[int]] = mapped_column()  # None: permanent (vĩnh viễn)
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    owner_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    catalogue: Mapped[Catalogue] = relationship(back_populates="entries")
    owner_unit: Mapped[Unit] = relationship()
    owner_user: Mapped[Optional[User]] = relationship()

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years)


class DossierState(enum.StrEnum):
    OPEN = "open"                # documents are being filed
    CLOSED = "closed"            # the work has ended; waits for transfer to the agency archive
    TRANSFERRED = "transferred"  # handed over to the agency archive (a handover record)
    DESTROYED = "destroyed"      # retention ended, disposal approved and executed: metadata only


TRANSITIONS: dict[str, frozenset[str]] = {
    DossierState.OPEN.value: frozenset({DossierState.CLOSED.value}),
    DossierState.CLOSED.value: frozenset({DossierState.OPEN.value, DossierState.TRANSFERRED.value,
                                          DossierState.DESTROYED.value}),
    DossierState.TRANSFERRED.value: frozenset({DossierState.DESTROYED.value}),
    DossierState.DESTROYED.value: frozenset(),
}
STATUS_LABELS = {"open": "Đang mở", "closed": "Đã đóng", "transferred": "Đã nộp lưu", "destroyed": "Đã hủy"}
EVENT_LABELS = {
    "opened": "Mở hồ sơ", "filed": "Đưa văn bản vào hồ sơ", "closed": "Đóng hồ sơ", "reopened": "Mở lại hồ sơ",
    "transfer_alert": "Nhắc nộp lưu", "transferred": "Nộp lưu vào Lưu trữ cơ quan", "exported": "Xuất hồ sơ",
    "metadata": "Sửa thông tin hồ sơ", "disposal_proposed": "Đưa vào danh sách đề nghị hủy",
    "destroyed": "Hủy tài liệu hết giá trị",
}
class FiledState(enum.StrEnum):
    """A filed document has one state: its dossier's state says what may still change."""

    FILED = "filed"


DOCUMENT_EVENT_LABELS = {"filed": "Đưa vào hồ sơ", "metadata": "Sửa thông tin văn bản", "ocr": "Nhận dạng chữ (OCR)",
                         "destroyed": "Hủy tài liệu hết giá trị"}


class ArchiveDossier(WorkItem):
    """A work dossier (hồ sơ công việc) opened from a catalogue entry by its handler.

    `code` is `{year}.{entry code}` (e.g. `2027.01.TCCB`), unique across years; the documents
    filed in it get archive codes `{code}.nnnnnnn`. The transfer is due within a year of
    closing (`transfer_due`); the periodic job alerts 30 days before and marks
    `transfer_alerted_at` so it alerts once.
    """

    __tablename__ = "archive_dossiers"
    __mapper_args__ = {"polymorphic_identity": "archive_dossier"}

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("archive_catalogue_entries.id"), index=True)
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(60), unique=True)
    retention_years: Mapped[Optional[int]] = mapped_column()
    handler_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    access_regime: Mapped[int] = mapped_column(default=1)
    language: Mapped[str] = mapped_column(String(50), default="Tiếng Việt")
    keywords: Mapped[str] = mapped_column(String(500), default="")
    physical_state: Mapped[str] = mapped_column(String(100), default=PHYSICAL_STATE_DEFAULT)
    paper_code: Mapped[str] = mapped_column(String(60), default="")  # original paper dossier code
    sheet_count: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    last_ordinal: Mapped[int] = mapped_column(default=0)
    transfer_due: Mapped[Optional[date]] = mapped_column(index=True)
    transfer_alerted_at: Mapped[Optional[datetime]] = mapped_column()
    transferred_at: Mapped[Optional[datetime]] = mapped_column()
    transferred_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    destroyed_at: Mapped[Optional[datetime]] = mapped_column()
    destroyed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    entry: Mapped[CatalogueEntry] = relationship()
    handler: Mapped[User] = relationship(foreign_keys=[handler_id])
    documents: Mapped[list["FiledDocument"]] = relationship(
        back_populates="dossier", order_by="FiledDocument.ordinal", foreign_keys="FiledDocument.dossier_id")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years)

    @property
    def retention_code(self) -> str:
        return RETENTION_CODES.get(self.retention_years, "")

    @property
    def access_label(self) -> str:
        return ACCESS_LABELS.get(self.access_regime, str(self.access_regime))

    @property
    def retention_ends(self) -> Optional[date]:
        """The last day the dossier must be kept: retention counts from 1 January of the year
        after the work ended, so N years end on 31 December of (closing year + N). None while
        open (nothing counts yet) and for a permanent dossier (it never ends)."""
        if self.retention_years is None or self.closed_at is None:
            return None
        return date(closing_year(self.closed_at) + self.retention_years, 12, 31)

    @property
    def is_permanent(self) -> bool:
        return self.retention_years is None

    @property
    def must_transfer(self) -> bool:
        return self.retention_years is None or self.retention_years >= MUST_TRANSFER_YEARS

    @property
    def page_count(self) -> int:
        return sum(d.page_count or 0 for d in self.documents)

    @property
    def reliability(self) -> int:
        """01 born digital, 02 digitised, 03 mixed — from the documents filed."""
        kinds = {d.reliability for d in self.documents}
        if not kinds:
            return 1
        return kinds.pop() if len(kinds) == 1 else 3

    @property
    def reliability_label(self) -> str:
        return RELIABILITY_LABELS.get(self.reliability, "")

    @property
    def start_date(self) -> Optional[date]:
        dates = [d.issued_date for d in self.documents if d.issued_date]
        return min(dates) if dates else None

    @property
    def end_date(self) -> Optional[date]:
        dates = [d.issued_date for d in self.documents if d.issued_date]
        return max(dates) if dates else None


class FiledDocument(WorkItem):
    """A document filed in a dossier, with its Circular 02/2019 metadata. It is a work item of
    its own so that it has its own readers (its access regime), files (the original and the
    searchable OCR copy) and search entry; `source_item_id` is the incoming/outgoing document,
    task or one-stop dossier it came from (None for an upload or a digitised scan)."""

    __tablename__ = "archive_documents"
    __table_args__ = (
        UniqueConstraint("dossier_id", "ordinal", name="uq_archive_documents_ordinal"),
        UniqueConstraint("dossier_id", "source_item_id", name="uq_archive_documents_source"),
    )

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    __mapper_args__ = {"polymorphic_identity": "archive_doc", "inherit_condition": id == WorkItem.id}
    dossier_id: Mapped[int] = mapped_column(ForeignKey("archive_dossiers.id"), index=True)
    ordinal: Mapped[int] = mapped_column()
    archive_code: Mapped[str] = mapped_column(String(80), unique=True)
    source_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_items.id"), index=True)
    source_kind: Mapped[str] = mapped_column(String(30), default="upload")
    doc_type: Mapped[str] = mapped_column(String(100), default="")
    number: Mapped[str] = mapped_column(String(20), default="")
    notation: Mapped[str] = mapped_column(String(100), default="")
    issued_date: Mapped[Optional[date]] = mapped_column()
    issuer: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(50), default="Tiếng Việt")
    page_count: Mapped[Optional[int]] = mapped_column()
    keywords: Mapped[str] = mapped_column(String(500), default="")
    access_regime: Mapped[int] = mapped_column(default=1)
    reliability: Mapped[int] = mapped_column(default=1)
    handwriting: Mapped[str] = mapped_column(String(200), default="")
    physical_state: Mapped[str] = mapped_column(String(100), default=PHYSICAL_STATE_DEFAULT)
    notes: Mapped[str] = mapped_column(Text, default="")
    ocr_text: Mapped[str] = mapped_column(Text, default="")
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)

    dossier: Mapped[ArchiveDossier] = relationship(back_populates="documents", foreign_keys=[dossier_id])
    source_item: Mapped[Optional[WorkItem]] = relationship(foreign_keys=[source_item_id])
    filed_by: Mapped[User] = relationship()

    @property
    def subject(self) -> str:
        return self.title

    @property
    def number_notation(self) -> str:
        return "/".join(p for p in (self.number, self.notation) if p)

    @property
    def access_label(self) -> str:
        return ACCESS_LABELS.get(self.access_regime, str(self.access_regime))

    @property
    def reliability_label(self) -> str:
        return RELIABILITY_LABELS.get(self.reliability, "")

    @property
    def retention_label(self) -> str:
        return self.dossier.retention_label


# --- Digitisation ----------------------------------------------------------------------------
class ScanState(enum.StrEnum):
    QUEUED = "queued"        # stored byte for byte, OCR not done yet (a restarted import resumes here)
    REVIEW = "review"        # OCR done, suggestions ready, waiting for the archivist
    FILED = "filed"          # filed into a dossier
    DUPLICATE = "duplicate"  # same SHA-256 as a scan already imported: not imported again
    FAILED = "failed"        # refused with a reason (0-byte, corrupted, encrypted, wrong type)


SCAN_STATE_LABELS = {"queued": "Đang nhận dạng chữ", "review": "Chờ kiểm tra", "filed": "Đã đưa vào hồ sơ",
                     "duplicate": "Trùng (đã nhập trước đó)", "failed": "Lỗi"}


class ImportBatch(TimestampMixin, db.Model):
    """One digitisation batch (a folder given to `eoffice import`, or a browser upload)."""

    __tablename__ = "archive_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20), default="web")  # web | cli
    label: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[Optional[datetime]] = mapped_column()

    scans: Mapped[list["ScanImport"]] = relationship(back_populates="batch", order_by="ScanImport.id")
    created_by: Mapped[Optional[User]] = relationship()

    def count(self, state: str) -> int:
        return sum(1 for s in self.scans if s.status == state)


class ScanImport(db.Model):
    """One file of a batch: its check result, the stored original (never replaced), the
    searchable OCR copy beside it, the text and the suggested metadata."""

    __tablename__ = "archive_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("archive_import_batches.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    original_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"))
    searchable_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"))
    duplicate_of_id: Mapped[Optional[int]] = mapped_column(ForeignKey("archive_scans.id"))
    page_count: Mapped[Optional[int]] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ocr_seconds: Mapped[Optional[float]] = mapped_column()
    filed_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("archive_documents.id"))

    batch: Mapped[ImportBatch] = relationship(back_populates="scans")
    original: Mapped[Optional[StoredFile]] = relationship(foreign_keys=[original_id])
    searchable: Mapped[Optional[StoredFile]] = relationship(foreign_keys=[searchable_id])

    @property
    def status_label(self) -> str:
        return SCAN_STATE_LABELS.get(self.status, self.status)


# --- Disposal (hủy tài liệu hết giá trị) ------------------------------------------------------
class DisposalState(enum.StrEnum):
    PROPOSED = "proposed"  # drawn up by the archivist or the yearly job; waits for the leader
    APPROVED = "approved"  # the competent leader approved: the archivist may destroy
    REFUSED = "refused"    # refused with a reason: its dossiers are kept and may be proposed again
    EXECUTED = "executed"  # blobs deleted, dossiers marked destroyed, destruction record made


DISPOSAL_STATE_LABELS = {"proposed": "Chờ phê duyệt", "approved": "Đã phê duyệt", "refused": "Không phê duyệt",
                         "executed": "Đã hủy"}


class DisposalList(TimestampMixin, db.Model):
    """A list of dossiers whose retention has ended, proposed for destruction (danh sách tài
    liệu hết giá trị). The leader decides on the whole list; executing it produces the
    destruction record (biên bản hủy tài liệu hết giá trị), kept as `record`."""

    __tablename__ = "archive_disposal_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default=DisposalState.PROPOSED.value, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    proposed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))  # None: the periodic job
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")  # the refusal's reason, or the approval's note
    executed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    executed_at: Mapped[Optional[datetime]] = mapped_column()
    record_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id"))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # blobs deleted/kept at execution

    items: Mapped[list["DisposalItem"]] = relationship(back_populates="disposal", order_by="DisposalItem.id")
    proposed_by: Mapped[Optional[User]] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[Optional[User]] = relationship(foreign_keys=[decided_by_id])
    executed_by: Mapped[Optional[User]] = relationship(foreign_keys=[executed_by_id])
    record: Mapped[Optional[StoredFile]] = relationship()

    @property
    def status_label(self) -> str:
        return DISPOSAL_STATE_LABELS.get(self.status, self.status)

    @property
    def dossiers(self) -> list[ArchiveDossier]:
        return [item.dossier for item in self.items]


class DisposalItem(db.Model):
    """One dossier on a disposal list."""

    __tablename__ = "archive_disposal_items"
    __table_args__ = (UniqueConstraint("disposal_id", "dossier_id", name="uq_archive_disposal_items_dossier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    disposal_id: Mapped[int] = mapped_column(ForeignKey("archive_disposal_lists.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("archive_dossiers.id"), index=True)

    disposal: Mapped[DisposalList] = relationship(back_populates="items")
    dossier: Mapped[ArchiveDossier] = relationship()
