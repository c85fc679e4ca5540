"""JSON API for the audit log."""
from __future__ import annotations

from typing import Any

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Page, paged
from eoffice.audit.schemas import AuditEntryOut, AuditQuery
from eoffice.audit.views import audit_query
from eoffice.db import db


@api_bp.get("/audit")
@permission("audit.view")
@api_bp.input(AuditQuery, location="query", arg_name="query")
@api_bp.output(Page[AuditEntryOut])
def list_entries(query: AuditQuery) -> Any:
    """Nhật ký hệ thống, mới nhất trước

    Lọc theo người thực hiện, thao tác, đối tượng và khoảng ngày (giờ Việt Nam).
    """
    return paged(db.paginate(audit_query(query.filters()), page=query.page, per_page=query.per_page, error_out=False))
