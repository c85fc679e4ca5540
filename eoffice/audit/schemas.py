"""Typed input and output of the audit log API."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from eoffice.api.schemas import Output, PageQuery, Text100, UserDate


class AuditQuery(PageQuery):
    actor: Text100 = Field("", title="Người thực hiện")
    action: Text100 = Field("", title="Thao tác")
    object_type: Text100 = Field("", title="Loại đối tượng")
    object_id: Text100 = Field("", title="Mã đối tượng")
    date_from: UserDate = Field(None, alias="from", title="Từ ngày")
    date_to: UserDate = Field(None, alias="to", title="Đến ngày")

    def filters(self) -> dict[str, Any]:
        """The mapping audit_query reads, the same the page passes from its query string."""
        return {"actor": self.actor, "action": self.action, "object_type": self.object_type, "object_id": self.object_id,
                "from": self.date_from, "to": self.date_to}


class AuditDetailOut(Output):
    key: str
    label: str
    value: str
    before: Optional[str] = None


class AuditEntryOut(Output):
    """An entry as stored (codes, hashes) with the Vietnamese names the page shows."""

    id: int
    seq: Optional[int] = Field(None, description="Số thứ tự trong chuỗi; trống khi chưa được niêm phong")
    sealed: bool
    at: datetime
    actor_id: Optional[int]
    actor_name: str
    ip_address: str
    action: str
    action_label: str
    object_type: str
    object_type_label: str
    object_id: str
    object_label: str
    summary: dict[str, Any]
    details: list[AuditDetailOut]
    content_hash: Optional[str]
    hash: Optional[str]
