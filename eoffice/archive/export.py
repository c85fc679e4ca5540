"""What leaves the archive on paper or to another system: a dossier as PDF (its cover data and
the list of its documents, mục lục văn bản) plus XML (Circular 02/2019's metadata of the
dossier and of each document — Decree 30/2020 requires both), and the handover record of a
transfer to the agency archive (biên bản giao nhận, with the list of dossiers handed over).

The PDFs print through the registers' form (`eoffice.documents.register_export.register_pdf`),
so fonts, page numbers and repeated header rows are the registers'.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional, Sequence

from eoffice.actor import Actor
from eoffice.backends import blob_store
from eoffice.calendar.timezone import to_local
from eoffice.db import utcnow
from eoffice.documents.register_export import Column, RegisterHeader, register_pdf
from eoffice.files import service as files
from eoffice.files.models import StoredFile
from eoffice.archive.models import ArchiveDossier, DisposalList, FiledDocument

XML_NAMESPACE = "urn:eoffice:archive:tt02-2019"


def _agency(dossier: ArchiveDossier) -> tuple[str, str]:
    unit = dossier.owner_unit
    top = unit
    while top is not None and top.parent is not None:
        top = top.parent
    return (top.name if top is not None else "", unit.name if unit is not None else "")


def agency_name(dossier: ArchiveDossier) -> str:
    """The agency the dossier belongs to (its owner unit's top unit): who signs its records."""
    return _agency(dossier)[0]


@dataclass
class DocumentRow:
    ordinal: int
    archive_code: str
    number_notation: str
    issued_date: Optional[date]
    issuer: str
    subject: str
    pages: Optional[int]
    regime: str
    notes: str


DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("STT", 10, 6, "C", lambda r: r.ordinal, key=True),  # type: ignore[attr-defined]
    Column("Mã lưu trữ", 42, 24, "L", lambda r: r.archive_code),  # type: ignore[attr-defined]
    Column("Số, ký hiệu văn bản", 28, 16, "C", lambda r: r.number_notation),  # type: ignore[attr-defined]
    Column("Ngày tháng văn bản", 20, 12, "C", lambda r: r.issued_date),  # type: ignore[attr-defined]
    Column("Tác giả văn bản", 40, 24, "L", lambda r: r.issuer),  # type: ignore[attr-defined]
    Column("Trích yếu nội dung", 77, 44, "L", lambda r: r.subject),  # type: ignore[attr-defined]
    Column("Số trang", 14, 8, "C", lambda r: r.pages),  # type: ignore[attr-defined]
    Column("Chế độ sử dụng", 22, 14, "C", lambda r: r.regime),  # type: ignore[attr-defined]
    Column("Ghi chú", 24, 16, "L", lambda r: r.notes),  # type: ignore[attr-defined]
)


def document_rows(dossier: ArchiveDossier) -> list[DocumentRow]:
    return [DocumentRow(d.ordinal, d.archive_code, d.number_notation, d.issued_date, d.issuer, d.title, d.page_count,
                        d.access_label, d.notes) for d in dossier.documents]


def _header(dossier: ArchiveDossier, name: str) -> RegisterHeader:
    agency, unit = _agency(dossier)
    start = dossier.start_date or to_local(dossier.created_at).date()
    end = dossier.end_date or to_local(dossier.closed_at or utcnow()).date()
    return RegisterHeader(agency_name=agency, unit_name=unit, register_name=name, date_from=start, date_to=end,
                          printed_at=utcnow(), empty_text=f"Hồ sơ {dossier.code} chưa có văn bản nào.")


def dossier_pdf(dossier: ArchiveDossier) -> bytes:
    """The dossier as PDF: cover (code, title, retention) then the list of its documents."""
    name = (f"Hồ sơ {dossier.code} – {dossier.title} – thời hạn bảo quản {dossier.retention_label} – "
            f"chế độ sử dụng {dossier.access_label}")
    return register_pdf("MỤC LỤC VĂN BẢN TRONG HỒ SƠ", _header(dossier, name), DOCUMENT_COLUMNS, document_rows(dossier))


@dataclass
class DossierRow:
    index: int
    code: str
    title: str
    start: Optional[date]
    end: Optional[date]
    retention: str
    documents: int
    pages: int
    regime: str


HANDOVER_COLUMNS: tuple[Column, ...] = (
    Column("STT", 10, 6, "C", lambda r: r.index, key=True),  # type: ignore[attr-defined]
    Column("Số, ký hiệu hồ sơ", 38, 20, "L", lambda r: r.code),  # type: ignore[attr-defined]
    Column("Tiêu đề hồ sơ", 92, 50, "L", lambda r: r.title),  # type: ignore[attr-defined]
    Column("Ngày bắt đầu", 22, 12, "C", lambda r: r.start),  # type: ignore[attr-defined]
    Column("Ngày kết thúc", 22, 12, "C", lambda r: r.end),  # type: ignore[attr-defined]
    Column("Thời hạn bảo quản", 25, 14, "C", lambda r: r.retention),  # type: ignore[attr-defined]
    Column("Số văn bản", 18, 10, "C", lambda r: r.documents),  # type: ignore[attr-defined]
    Column("Số trang", 18, 10, "C", lambda r: r.pages),  # type: ignore[attr-defined]
    Column("Chế độ sử dụng", 32, 16, "C", lambda r: r.regime),  # type: ignore[attr-defined]
)


def dossier_rows(dossiers: Sequence[ArchiveDossier]) -> list[DossierRow]:
    return [DossierRow(i, d.code, d.title, d.start_date, d.end_date, d.retention_label, len(d.documents), d.page_count,
                       d.access_label) for i, d in enumerate(dossiers, start=1)]


def handover_pdf(dossiers: Sequence[ArchiveDossier], received_by: str) -> bytes:
    """The handover record of a transfer: who hands over, who receives, the dossier list."""
    first = dossiers[0]
    rows = dossier_rows(dossiers)
    name = (f"Biên bản giao nhận hồ sơ, tài liệu – bên giao: {first.owner_unit.name if first.owner_unit else ''} "
            f"({first.handler.full_name}); bên nhận: Lưu trữ cơ quan ({received_by}); {len(rows)} hồ sơ")
    return register_pdf("BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU", _header(first, name), HANDOVER_COLUMNS, rows)


def destruction_pdf(disposal: DisposalList, executed_by: str) -> bytes:
    """The destruction record (biên bản hủy tài liệu hết giá trị): whose decision, who
    destroyed, when, and the list of dossiers destroyed with their retention."""
    dossiers = disposal.dossiers
    summary = disposal.summary or {}
    decided = (f"{disposal.decided_by.full_name if disposal.decided_by else ''} ngày {to_local(disposal.decided_at):%d/%m/%Y}"
               if disposal.decided_at else "")
    name = (f"Biên bản hủy tài liệu hết giá trị – danh sách số {disposal.id} «{disposal.title}»; căn cứ phê duyệt của {decided}; "
            f"người thực hiện: {executed_by}, ngày {to_local(disposal.executed_at or utcnow()):%d/%m/%Y}; "
            f"{len(dossiers)} hồ sơ, {summary.get('documents', 0)} văn bản; {summary.get('blobs_deleted', 0)} tệp đã xóa khỏi kho, "
            f"{summary.get('blobs_kept_shared', 0)} tệp giữ lại vì văn bản gốc khác còn dùng")
    return register_pdf("BIÊN BẢN HỦY TÀI LIỆU HẾT GIÁ TRỊ", _header(dossiers[0], name), HANDOVER_COLUMNS, dossier_rows(dossiers))


def _sub(parent: ET.Element, tag: str, value: object) -> None:
    element = ET.SubElement(parent, tag)
    if value is None:
        element.text = ""
    elif isinstance(value, date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


def _document_xml(parent: ET.Element, document: FiledDocument) -> None:
    node = ET.SubElement(parent, "VanBan")
    for tag, value in (
        ("MaDinhDanh", document.id), ("MaLuuTru", document.archive_code), ("ThoiHanBaoQuan", document.retention_label),
        ("TenLoaiVanBan", document.doc_type), ("SoVanBan", document.number), ("KyHieuVanBan", document.notation),
        ("NgayVanBan", document.issued_date), ("CoQuanBanHanh", document.issuer), ("TrichYeu", document.title),
        ("NgonNgu", document.language), ("SoTrang", document.page_count), ("TuKhoa", document.keywords),
        ("CheDoSuDung", f"{document.access_regime:02d}"), ("MucDoTinCay", f"{document.reliability:02d}"),
        ("ButTich", document.handwriting), ("TinhTrangVatLy", document.physical_state), ("GhiChu", document.notes),
    ):
        _sub(node, tag, value)
    files_node = ET.SubElement(node, "TepTin")
    for file in document.files:
        entry = ET.SubElement(files_node, "Tep", {"vaiTro": file.role, "sha256": file.sha256, "kichThuoc": str(file.size)})
        entry.text = file.filename


def dossier_xml(dossier: ArchiveDossier) -> bytes:
    """Circular 02/2019's dossier metadata and every document's, UTF-8, one element per field."""
    root = ET.Element("HoSo", {"xmlns": XML_NAMESPACE})
    agency, unit = _agency(dossier)
    for tag, value in (
        ("MaHoSo", dossier.code), ("TieuDeHoSo", dossier.title), ("CoQuan", agency), ("DonViLapHoSo", unit),
        ("NguoiLapHoSo", dossier.handler.full_name), ("ThoiHanBaoQuan", dossier.retention_label),
        ("MaThoiHanBaoQuan", dossier.retention_code), ("CheDoSuDung", f"{dossier.access_regime:02d}"),
        ("NgonNgu", dossier.language), ("ThoiGianBatDau", dossier.start_date), ("ThoiGianKetThuc", dossier.end_date),
        ("TuKhoa", dossier.keywords), ("TongSoVanBan", len(dossier.documents)), ("SoLuongTo", dossier.sheet_count),
        ("SoLuongTrang", dossier.page_count), ("TinhTrangVatLy", dossier.physical_state),
        ("MucDoTinCay", f"{dossier.reliability:02d}"), ("MaHoSoGiay", dossier.paper_code), ("GhiChu", dossier.notes),
        ("TrangThai", dossier.status_label),
    ):
        _sub(root, tag, value)
    documents = ET.SubElement(root, "DanhSachVanBan")
    for document in dossier.documents:
        _document_xml(documents, document)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def store_generated(content: bytes, filename: str, content_type: str, actor: Actor,
                    retain_until: Optional[datetime] = None) -> StoredFile:
    """Keep a generated file (a handover or destruction record) as a stored file, in the
    caller's transaction; `retain_until` locks it in the store."""
    blob = blob_store().put(io.BytesIO(content), filename=filename, content_type=content_type, retain_until=retain_until)
    return files.record(blob.sha256, filename, content_type, len(content), {}, actor.user_id)
