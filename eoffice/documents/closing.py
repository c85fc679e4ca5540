"""What happens to the other parts when the lead unit closes a document.

Decision: coordinating units' parts stay open when the lead closes, unless the lead explicitly
ends them. A coordinating unit (phối hợp) answers for its own contribution and deadline; the
lead finishing its report does not mean that contribution was made, so silently marking it
"done" falsified the coordinating unit's record and the office's statistics. Kept open, the part
stays in the coordinating unit's queue (and keeps its deadline notices) and the document shows
"Chủ trì đã xong, còn phối hợp" until the last coordinating part is finished. When the lead
ends them explicitly (the work is no longer needed), each gets the distinct state
"closed_by_lead" — never "done" — so nobody is counted as having done it. Either way, each
coordinating unit is told.

The lead unit's own parts (its handlers) and parts sent for information are closed with the
document, as before: they belong to the lead's work or need no work.
"""
from __future__ import annotations

from datetime import datetime

from eoffice.actor import Actor
from eoffice.documents.models import Assignment, IncomingDocument
from eoffice.notify.service import notify

CLOSED_BY_LEAD = "closed_by_lead"


def _coordinate_roots(doc: IncomingDocument) -> set[int]:
    return {a.id for a in doc.assignments if a.role == "coordinate" and a.parent_id is None}


def coordination_parts(doc: IncomingDocument) -> list[Assignment]:
    """Open parts of coordinating units: the unit's own and its handlers'."""
    roots = _coordinate_roots(doc)
    return [a for a in doc.assignments if a.is_open and (a.id in roots or a.parent_id in roots)]


def closed_with_lead(doc: IncomingDocument) -> list[Assignment]:
    """Open parts the lead's closing ends as done: everything but the coordinating units'."""
    coordination = {a.id for a in coordination_parts(doc)}
    return [a for a in doc.assignments if a.is_open and a.id not in coordination]


def coordination_pending(doc: IncomingDocument) -> bool:
    """The lead has closed the document but a coordinating unit's part is still open."""
    return doc.status == "done" and bool(coordination_parts(doc))


def status_label(doc: IncomingDocument) -> str:
    from eoffice.documents.models import STATUS_LABELS

    if coordination_pending(doc):
        return "Chủ trì đã xong, còn phối hợp"
    return STATUS_LABELS.get(doc.status, doc.status)


def _holders(assignment: Assignment) -> list[int]:
    from eoffice.documents.routing import unit_heads

    return [assignment.user_id] if assignment.user_id else [u.id for u in unit_heads(assignment.unit_id or 0)]


def settle_coordination(actor: Actor, doc: IncomingDocument, end: bool, now: datetime) -> dict[str, object]:
    """After the lead closed `doc`: end the coordinating parts (state closed_by_lead) or keep them
    open, and tell each holder which. Returns what happened, for the history entry."""
    parts = coordination_parts(doc)
    for assignment in parts:
        if end:
            assignment.status = CLOSED_BY_LEAD
            assignment.done_at = now
            assignment.result = f"Đơn vị chủ trì kết thúc xử lý ({actor.name})"
            message = (f"Đơn vị chủ trì đã kết thúc xử lý văn bản đến số {doc.arrival_number}; phần phối hợp của "
                       "đơn vị được đóng theo (không tính là đã hoàn thành), không cần xử lý tiếp.")
        else:
            message = (f"Đơn vị chủ trì đã kết thúc xử lý văn bản đến số {doc.arrival_number}; phần phối hợp của "
                       "đơn vị vẫn mở – hãy hoàn thành phần việc và ghi kết quả.")
        notify(_holders(assignment), "incoming.lead_closed", message, f"/incoming/{doc.id}")
    return {"coordination": ("ended" if end else "kept_open") if parts else "none", "coordination_parts": [a.id for a in parts]}
