"""Typed input of the archive's services: what the pages' forms and the API are read into
(unknown fields refused, one Vietnamese message per field)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from eoffice.api.schemas import Id, Input, Query, Text100, Text200, Text500, Text2000, UserDate, text

Code = text(30, min_length=1)
Title = text(500, min_length=1)
Year = Annotated[int, Field(ge=2000, le=2100)]
RetentionYears = Annotated[int, Field(ge=1, le=100)]
Regime = Annotated[int, Field(ge=1, le=3)]
Reliability = Annotated[int, Field(ge=1, le=3)]
Pages = Annotated[int, Field(ge=0, le=100000)]


class CatalogueIn(Input):
    year: Year = Field(title="Năm")


class EntryIn(Input):
    """A catalogue line: no retention years means permanent (vĩnh viễn)."""

    code: Code = Field(title="Số, ký hiệu hồ sơ")
    title: Title = Field(title="Tiêu đề hồ sơ")
    retention_years: Optional[RetentionYears] = Field(None, title="Thời hạn bảo quản (năm)")
    owner_unit_id: Id = Field(title="Đơn vị lập hồ sơ")
    owner_user_id: Optional[Id] = Field(None, title="Người lập hồ sơ")
    notes: Text2000 = Field("", title="Ghi chú")


class OpenDossierIn(Input):
    entry_id: Id = Field(title="Hồ sơ trong danh mục")
    title: Text500 = Field("", title="Tiêu đề hồ sơ")
    access_regime: Regime = Field(1, title="Chế độ sử dụng")
    keywords: Text500 = Field("", title="Từ khóa")


class DocumentMetaIn(Input):
    """A filed document's Circular 02/2019 fields; empty ones are filled from what the system
    knows (the source document, the file's pages, the OCR suggestions)."""

    subject: Text500 = Field("", title="Trích yếu nội dung")
    doc_type: Text100 = Field("", title="Tên loại văn bản")
    number: text(20) = Field("", title="Số văn bản")  # type: ignore[valid-type]
    notation: Text100 = Field("", title="Ký hiệu văn bản")
    issued_date: UserDate = Field(None, title="Ngày văn bản")
    issuer: Text200 = Field("", title="Cơ quan ban hành")
    page_count: Optional[Pages] = Field(None, title="Số trang")
    keywords: Text500 = Field("", title="Từ khóa")
    access_regime: Optional[Regime] = Field(None, title="Chế độ sử dụng")
    handwriting: Text200 = Field("", title="Bút tích")
    notes: Text2000 = Field("", title="Ghi chú")


class FileItemIn(DocumentMetaIn):
    source_item_id: Id = Field(title="Văn bản, hồ sơ cần đưa vào")


class FileScanIn(DocumentMetaIn):
    scan_id: Id = Field(title="Bản quét")
    dossier_id: Id = Field(title="Hồ sơ")


# --- Output (the JSON API) -------------------------------------------------------------------
from datetime import date as _date  # noqa: E402
from eoffice.api.schemas import Output  # noqa: E402


class FiledDocumentOut(Output):
    id: int
    archive_code: str
    title: str = Field(title="Trích yếu")
    doc_type: str
    number: str
    notation: str
    issued_date: Optional[_date]
    issuer: str
    page_count: Optional[int]
    access_regime: int
    reliability: int
    keywords: str


class DossierOut(Output):
    id: int
    code: str
    title: str
    year: int
    status: str
    retention_years: Optional[int] = Field(title="Thời hạn bảo quản (năm; trống: vĩnh viễn)")
    access_regime: int
    handler_id: int
    transfer_due: Optional[_date]


class DossierDetailOut(DossierOut):
    documents: list[FiledDocumentOut]
    page_count: int
    reliability: int


class DossierListQuery(Query):
    status: Literal["", "open", "closed", "transferred"] = Field("", title="Tình trạng")
    year: Optional[Year] = Field(None, title="Năm")


# --- Disposal (hủy tài liệu hết giá trị) -----------------------------------------------------
from datetime import datetime as _datetime  # noqa: E402
from typing import Any as _Any  # noqa: E402


class ProposeDisposalIn(Input):
    """The archivist's list; an empty choice is the service's refusal (400), like the page's."""

    dossier_ids: list[Id] = Field(title="Hồ sơ", max_length=1000)
    title: Text200 = Field("", title="Tên danh sách")


class ApproveDisposalIn(Input):
    note: Text2000 = Field("", title="Ý kiến phê duyệt")


class RefuseDisposalIn(Input):
    reason: Text2000 = Field(title="Lý do không phê duyệt")


class DisposalOut(Output):
    id: int
    title: str
    status: str = Field(title="proposed, approved, refused hoặc executed")
    status_label: str
    proposed_by_id: Optional[int] = Field(title="Người lập (trống: lập tự động)")
    decided_by_id: Optional[int]
    decided_at: Optional[_datetime]
    reason: str = Field(title="Lý do không phê duyệt, hoặc ý kiến phê duyệt")
    executed_by_id: Optional[int]
    executed_at: Optional[_datetime]
    record_id: Optional[int] = Field(title="Biên bản hủy (tệp, sau khi hủy)")


class DisposalDetailOut(DisposalOut):
    dossiers: list[DossierOut]
    summary: dict[str, _Any] = Field(title="Số hồ sơ, văn bản, tệp đã xóa và tệp giữ lại khi hủy")
