"""JSON API for the audit log: the stored codes and hashes, plus the Vietnamese labels the page shows."""
from __future__ import annotations

from typing import Any

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Page, paged
from eoffice.audit import labels
from eoffice.audit.schemas import AuditEntryOut, AuditQuery
from eoffice.audit.views import audit_query
from eoffice.db import db


def entry_json(view: labels.EntryView) -> dict[str, Any]:
    entry = view.entry
    return {
        "id": entry.id, "seq": entry.seq, "sealed": entry.seq is not None, "at": entry.at.isoformat(),
        "actor_id": entry.actor_id, "actor_name": entry.actor_name, "ip_address": entry.ip_address,
        "action": entry.action, "action_label": view.action_label,
        "object_type": entry.object_type, "object_type_label": labels.object_kind_label(entry.object_type),
        "object_id": entry.object_id, "object_label": view.object_label,
        "summary": entry.summary,
        "details": [{"key": r.key, "label": r.label, "value": r.value, "before": r.before} for r in view.rows],
        "content_hash": entry.content_hash, "hash": entry.hash,
    }


@api_bp.get("/audit")
@permission("audit.view")
@api_bp.input(AuditQuery, location="query", arg_name="query")
@api_bp.output(Page[AuditEntryOut])
def list_entries(query: AuditQuery) -> Any:
    """Nhật ký hệ thống, mới nhất trước

    Lọc theo người thực hiện, thao tác (mã hoặc tên tiếng Việt, có dấu hay không), đối tượng và
    khoảng ngày (giờ Việt Nam). Mỗi mục kèm tên thao tác, tên đối tượng và các giá trị trước/sau.
    """
    result = db.paginate(audit_query(query.filters()), page=query.page, per_page=query.per_page, error_out=False)
    views = {view.entry.id: view for view in labels.describe(result.items)}  # one name lookup per object type
    page = paged(result)
    page["items"] = [entry_json(views[entry.id]) for entry in result.items]
    return page
