"""The outgoing register (sổ đăng ký văn bản đi) as PDF and Excel, in the decree's register form.

Decree 30/2020, Appendix IV ("Mẫu sổ đăng ký văn bản đi"): số ký hiệu, ngày tháng, tên loại và
trích yếu, người ký, nơi nhận, đơn vị/người nhận bản lưu, số lượng bản, ngày chuyển, ký nhận,
ghi chú. The layout (cover, repeated header row, page numbers, real date cells in Excel) is the
one the incoming registers print with; only the columns and rows are the outgoing register's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional, Sequence

from eoffice.calendar.timezone import to_local
from eoffice.db import utcnow
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.register_export import Column, RegisterHeader, register_pdf, register_xlsx
from eoffice.outgoing.models import OutgoingDocument

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"


@dataclass
class OutgoingRow:
    number: int
    number_notation: str
    issued_date: Optional[date]
    type_and_subject: str
    signer: str
    recipients: str
    file_copy_unit: str  # đơn vị, người nhận bản lưu
    copies: int
    sent_date: Optional[date]
    receipt: str
    notes: str


# Widths add up to the 277 mm between the margins of A4 landscape.
COLUMNS: tuple[Column, ...] = (
    Column("Số, ký hiệu văn bản", 28, 17, "C", lambda r: r.number_notation, key=True),  # type: ignore[attr-defined]
    Column("Ngày tháng văn bản", 20, 11, "C", lambda r: r.issued_date),  # type: ignore[attr-defined]
    Column("Tên loại và trích yếu nội dung văn bản", 62, 44, "L", lambda r: r.type_and_subject),  # type: ignore[attr-defined]
    Column("Người ký", 30, 20, "L", lambda r: r.signer),  # type: ignore[attr-defined]
    Column("Nơi nhận văn bản", 40, 28, "L", lambda r: r.recipients),  # type: ignore[attr-defined]
    Column("Đơn vị, người nhận bản lưu", 28, 18, "L", lambda r: r.file_copy_unit),  # type: ignore[attr-defined]
    Column("Số lượng bản", 15, 8, "C", lambda r: r.copies),  # type: ignore[attr-defined]
    Column("Ngày chuyển", 20, 11, "C", lambda r: r.sent_date),  # type: ignore[attr-defined]
    Column("Ký nhận", 18, 14, "C", lambda r: r.receipt),  # type: ignore[attr-defined]
    Column("Ghi chú", 16, 16, "L", lambda r: r.notes),  # type: ignore[attr-defined]
)


def rows_of(docs: Sequence[OutgoingDocument]) -> list[OutgoingRow]:
    """One register row per issued document, as the register page lists them."""
    rows = []
    for doc in docs:
        kind = type_by_code(doc.doc_type)
        issued = to_local(doc.issued_at).date() if doc.issued_at else None
        live = [r for r in doc.recipients if r.status != "recalled"]
        sent = sum(1 for r in live if r.status in ("sent", "paper"))
        signer = f"{doc.authority} {doc.signer.full_name}".strip() if doc.signer else doc.authority
        notes = f"Đã thu hồi: {doc.recall_reason}" if doc.status == "recalled" else ""
        if doc.confidential_series:
            notes = "; ".join(n for n in ("Sổ mật", notes) if n)
        rows.append(OutgoingRow(
            number=doc.number or 0, number_notation=doc.notation, issued_date=issued,
            type_and_subject=f"{kind.name if kind else doc.doc_type}: {doc.title}",
            signer=signer, recipients="; ".join(r.label for r in doc.recipients),
            file_copy_unit=doc.owner_unit.name if doc.owner_unit else "", copies=len(doc.recipients),
            sent_date=issued, receipt=f"Đã gửi {sent}/{len(live)}" if live else "", notes=notes))
    return rows


def header(agency_name: str, parent_name: Optional[str], year: int) -> RegisterHeader:
    return RegisterHeader(
        agency_name=(parent_name or agency_name).upper(), unit_name=agency_name.upper(),
        register_name=f"Sổ văn bản đi năm {year}", date_from=date(year, 1, 1), date_to=date(year, 12, 31),
        printed_at=utcnow(), empty_text=f"Chưa có văn bản nào được ban hành trong năm {year}.")


def register_file(docs: Sequence[OutgoingDocument], agency_name: str, parent_name: Optional[str], year: int,
                  fmt: str) -> bytes:
    """The register of `docs` (already filtered to what the user may read) as "pdf" or "xlsx"."""
    head, rows = header(agency_name, parent_name, year), rows_of(docs)
    if fmt == "pdf":
        return register_pdf(TITLE, head, COLUMNS, rows)
    return register_xlsx(TITLE, "Sổ văn bản đi", head, COLUMNS, rows)
