"""JSON API for the audit log: the stored codes and hashes, plus the Vietnamese labels the page shows."""
from __future__ import annotations

from typing import Any

from flask import request

from eoffice.api import endpoint, page_args, paged
from eoffice.audit import labels
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


@endpoint("/audit", "GET", "audit.view",
          "Nhật ký hệ thống (lọc: actor, action — mã hoặc tên thao tác tiếng Việt, có dấu hay không, object_type, object_id, from, to)")
def list_entries() -> Any:
    page, per_page = page_args()
    result = db.paginate(audit_query(request.args), page=page, per_page=per_page, error_out=False)
    views = {view.entry.id: view for view in labels.describe(result.items)}  # one name lookup per object type
    return paged(result, lambda entry: entry_json(views[entry.id]))
