"""Typed input and output of the exchange API (/api/v1/exchange/…)."""
from __future__ import annotations

from datetime import datetime
from typing import Literal, Optional

from apiflask.fields import UploadFile
from pydantic import Field

from eoffice.api.schemas import Input, Output, PageQuery


class PackageUpload(Input):
    """multipart/form-data: the edXML package (document or status message)."""

    package: Optional[UploadFile] = Field(None, title="Tệp gói tin edXML")
    unit_id: Optional[int] = Field(None, ge=1, le=2**31 - 1, title="Đơn vị nhận (mặc định theo mã định danh trong gói tin)")


class ExchangeQuery(PageQuery):
    direction: Optional[Literal["in", "out"]] = Field(None, title="Chiều: in (nhận) hoặc out (gửi)")
    status: Optional[Literal["queued", "sent", "failed", "unbuilt", "received"]] = Field(None, title="Trạng thái")


class ExchangeMessageOut(Output):
    id: int
    direction: str
    kind: str
    organ_id: str
    organ_name: str
    document_id: str
    business: int
    status_code: str
    status: str
    status_label: str
    attempts: int
    last_error: Optional[str]
    note: str
    work_item_id: Optional[int]
    created_at: datetime
    sent_at: Optional[datetime]
    platform_id: str


