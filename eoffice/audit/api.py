"""JSON API for the audit log."""
from __future__ import annotations

from typing import Any

from flask import request

from eoffice.api import endpoint, page_args, paged
from eoffice.audit.models import AuditEntry
from eoffice.audit.views import audit_query
from eoffice.db import db


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq, "at": entry.at.isoformat(), "actor_id": entry.actor_id, "actor_name": entry.actor_name,
        "ip_address": entry.ip_address, "action": entry.action, "object_type": entry.object_type,
        "object_id": entry.object_id, "summary": entry.summary, "hash": entry.hash,
    }


@endpoint("/audit", "GET", "audit.view", "Nhật ký hệ thống (lọc: actor, action, object_type, object_id, from, to)")
def list_entries() -> Any:
    page, per_page = page_args()
    return paged(db.paginate(audit_query(request.args), page=page, per_page=per_page, error_out=False), entry_json)
