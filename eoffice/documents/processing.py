"""Processing an incoming document: comments and files, a proposed reply, finishing one's part,
and the lead unit closing the document. Coordinating units' contributions land in the same
history, so the lead unit sees them."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize
from eoffice.db import db, utcnow
from eoffice.work import history
from eoffice.documents.access import handles
from eoffice.documents.models import Assignment, IncomingState, WorkFile, IncomingDocument
from eoffice.documents.routing import mark_opened, unit_heads
from eoffice.documents.uploads import take_staged
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.text import nfc, required_text
from eoffice.work.kinds import transition
from eoffice.work.unit_of_work import operation


def _my_open_assignment(actor: Actor, doc: IncomingDocument) -> Optional[Assignment]:
    for assignment in doc.assignments:
        if assignment.is_open and actor.user is not None and handles(actor.user, assignment) and assignment.role != "inform":
            return assignment
    return None


@operation
def comment(actor: Actor, doc: IncomingDocument, text: str, file_token: str = "") -> None:
    """An opinion in the processing history, optionally with a file (already staged)."""
    authorize(actor, "incoming.view", doc)
    assignment = _my_open_assignment(actor, doc)
    if assignment is None and not actor.is_operator and actor.user_id not in {a.assigned_by_id for a in doc.assignments}:
        raise ServiceError("not_processing", "Bạn không có phần việc đang mở trên văn bản này nên không thể ghi ý kiến xử lý.")
    text = nfc(text)
    if not text and not file_token:
        raise ServiceError("empty_comment", "Hãy nhập nội dung ý kiến hoặc đính kèm tệp.")
    if assignment is not None:
        mark_opened(assignment)  # working on one's part is receiving it
    file_id = None
    if file_token:
        file_id = _attach_staged(actor, doc, file_token, "processing").id
    history.record(actor, doc, "file_added" if file_id and not text else "comment", text, assignment=assignment, file_id=file_id)


def _attach_staged(actor: Actor, doc: IncomingDocument, token: str, role: str) -> WorkFile:
    staged = take_staged(actor, [token])[0]
    record = WorkFile(work_item_id=doc.id, role=role, stored=staged.stored, added_by_id=actor.user_id)
    db.session.add(record)
    db.session.delete(staged)
    db.session.flush()
    return record


@operation
def propose_reply(actor: Actor, doc: IncomingDocument, summary: str, file_token: str = "") -> None:
    """The handler proposes the reply draft (dự thảo văn bản trả lời) for the lead to take on."""
    authorize(actor, "incoming.view", doc)
    assignment = _my_open_assignment(actor, doc)
    if assignment is None:
        raise ServiceError("not_processing", "Chỉ người đang xử lý mới đề xuất được dự thảo trả lời.")
    summary = required_text(summary, "missing_summary", "Hãy nhập trích yếu của dự thảo văn bản trả lời.")
    file_id = _attach_staged(actor, doc, file_token, "processing").id if file_token else None
    history.record(actor, doc, "reply_proposed", summary, assignment=assignment, file_id=file_id)


@operation
def complete_assignment(actor: Actor, assignment: Assignment, result: str) -> None:
    """Finish one's part with a result; the unit head (or the leader) is told."""
    authorize(actor, "incoming.handle", assignment)
    result = required_text(result, "missing_result", "Hãy nhập kết quả xử lý.")
    if assignment.role in ("lead", "coordinate") and any(
        child.is_open for child in assignment.work_item.assignments if child.parent_id == assignment.id
    ):
        raise ServiceError("handlers_open", "Còn cán bộ trong đơn vị chưa hoàn thành phần việc được giao.")
    doc = assignment.work_item
    assignment.status = "done"
    assignment.result = result
    assignment.done_at = utcnow()
    if assignment.opened_at is None:
        assignment.opened_at = assignment.done_at
    history.record(actor, doc, "assignment_done", result, assignment=assignment)
    if assignment.parent is not None:
        recipients = [u.id for u in unit_heads(assignment.unit_id or 0)]
    else:
        recipients = [assignment.assigned_by_id]
    notify(recipients, "incoming.assignment_done",
           f"{actor.name} đã hoàn thành phần việc văn bản đến số {doc.arrival_number}: {result[:180]}", f"/incoming/{doc.id}")


@operation
def close_document(actor: Actor, doc: IncomingDocument, result: str, end_coordination: bool = False) -> None:
    """The lead unit ends the processing; its own open parts are closed with it. Coordinating
    units' parts stay open unless `end_coordination` (see documents.closing for why)."""
    from eoffice.documents import closing

    authorize(actor, "incoming.close", doc)
    result = required_text(result, "missing_result", "Hãy nhập kết quả giải quyết văn bản.")
    now = utcnow()
    for assignment in closing.closed_with_lead(doc):
        if assignment.is_open:
            assignment.status = "done"
            assignment.done_at = now
            assignment.result = assignment.result or "Kết thúc cùng văn bản"
            if assignment.opened_at is None:
                assignment.opened_at = now
    transition(doc, IncomingState.DONE)
    doc.closed_at = now
    doc.result = result
    settled = closing.settle_coordination(actor, doc, end_coordination, now)
    history.record(actor, doc, "closed", result, data=settled)
    notify({a.assigned_by_id for a in doc.assignments if a.role == "lead"} | {doc.registered_by_id}, "incoming.closed",
           f"Văn bản đến số {doc.arrival_number} đã giải quyết xong: {result[:180]}", f"/incoming/{doc.id}")


@operation
def send_deadline_notices(warn_within_hours: int = 8) -> int:
    """Tell assignees once when their part is due soon and once when it is late (worker job)."""
    from eoffice.actor import Actor as _Actor
    from eoffice.calendar import service as calendar

    now = utcnow()
    system = _Actor.system("nhắc hạn tự động")
    sent = 0
    open_items = db.session.scalars(
        # Only incoming documents' parts: other kinds' assignments (an outgoing draft's
        # consultations) live in the same core table and have notices of their own.
        select(Assignment).join(IncomingDocument, IncomingDocument.id == Assignment.work_item_id)
        .where(Assignment.status.in_(("pending", "in_progress")), Assignment.deadline.is_not(None))
    ).all()
    for assignment in open_items:
        state = calendar.timeliness_of(assignment.deadline, None, now, warn_within_hours=warn_within_hours)
        recipients = [assignment.user_id] if assignment.user_id else [u.id for u in unit_heads(assignment.unit_id or 0)]
        doc = assignment.work_item
        if state == "overdue" and assignment.overdue_notified_at is None:
            assignment.overdue_notified_at = now
            history.record(system, doc, "deadline_passed", assignment.assignee_label, assignment=assignment)
            notify(recipients, "incoming.overdue", f"Văn bản đến số {doc.arrival_number} đã quá hạn xử lý.", f"/incoming/{doc.id}")
            sent += 1
        elif state == "due_soon" and assignment.due_soon_notified_at is None:
            assignment.due_soon_notified_at = now
            history.record(system, doc, "deadline_warning", assignment.assignee_label, assignment=assignment)
            notify(recipients, "incoming.due_soon", f"Văn bản đến số {doc.arrival_number} sắp đến hạn xử lý.", f"/incoming/{doc.id}")
            sent += 1
    return sent
