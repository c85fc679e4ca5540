"""A draft's way up: submitted along the approval chain configured for its type and unit; each
step approves, returns it with a mandatory reason, or comments; anyone on it may ask others
for an opinion (xin ý kiến) with a deadline from the calendar engine. The last approval fixes
the approved version by its SHA-256: that, and only that, is what the signer may sign.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.outgoing.drafting import _enabled_user, chain_for
from eoffice.outgoing.models import EDITABLE_STATES, OutgoingDocument, OutgoingState
from eoffice.outgoing.schemas import ApproveIn, CommentIn, ConsultIn, ReasonIn
from eoffice.text import nfc, required_text
from eoffice.work import history
from eoffice.work.kinds import transition
from eoffice.work.models import Assignment, WorkFile
from eoffice.work.unit_of_work import operation


def _link(doc: OutgoingDocument) -> str:
    return f"/outgoing/{doc.id}"


def _tell_next(doc: OutgoingDocument) -> None:
    notify([doc.chain[doc.step]], "outgoing.review", f"Dự thảo chờ bạn duyệt: {doc.title[:200]}", _link(doc))


@operation
def submit(actor: Actor, doc: OutgoingDocument) -> None:
    """The drafter sends the draft up the chain configured for its type and unit."""
    if actor.user_id != doc.drafter_id:
        raise PermissionDenied("outgoing.draft", "Chỉ người soạn thảo mới trình dự thảo.")
    if doc.status not in EDITABLE_STATES:
        raise ServiceError("not_editable", "Dự thảo đã được trình; hãy chờ người duyệt.")
    chain = chain_for(doc.doc_type, doc.owner_unit)
    steps = [user_id for user_id in (chain.steps if chain else []) if user_id != doc.drafter_id]
    if not steps:
        raise ServiceError("no_chain", "Chưa có luồng duyệt cho loại văn bản và đơn vị này; hãy báo quản trị cấu hình "
                                       "(Quản trị → Luồng duyệt văn bản đi).")
    transition(doc, OutgoingState.IN_REVIEW)
    doc.chain, doc.step = steps, 0
    doc.approved_version_id, doc.approved_sha256 = None, ""
    history.record(actor, doc, "submitted", data={"chain": steps})
    _tell_next(doc)


def _require_current_approver(actor: Actor, doc: OutgoingDocument) -> None:
    if doc.current_approver_id is None or actor.user_id != doc.current_approver_id:
        raise PermissionDenied("outgoing.review", "Dự thảo không chờ bạn duyệt ở bước này.")


@operation
def approve(actor: Actor, doc: OutgoingDocument, data: ApproveIn) -> None:
    """The current step approves; after the last step the current version is the approved one."""
    _require_current_approver(actor, doc)
    version = doc.current_version
    if version is None:
        raise ServiceError("no_version", "Dự thảo chưa có tệp nội dung nên chưa duyệt được.")
    step = doc.step + 1
    doc.step = step
    history.record(actor, doc, "approved", nfc(data.comment), file_id=version.id,
                   data={"step": step, "of": len(doc.chain), "sha256": version.stored.sha256})
    if step < len(doc.chain):
        _tell_next(doc)
        return
    transition(doc, OutgoingState.APPROVED)
    version = _ready_for_signing(actor, doc, version)
    doc.approved_version_id = version.id
    doc.approved_sha256 = version.stored.sha256
    notify([doc.drafter_id], "outgoing.approved", f"Dự thảo đã được duyệt: {doc.title[:200]}", _link(doc))
    if doc.signer_id:
        notify([doc.signer_id], "outgoing.sign", f"Văn bản chờ bạn ký: {doc.title[:200]}", _link(doc))


def _ready_for_signing(actor: Actor, doc: OutgoingDocument, reviewed: WorkFile) -> WorkFile:
    """The version the signer signs: the reviewed PDF with the empty number field appended (its
    bytes start with the reviewed bytes), so the clerk can number it after any signing tool."""
    from eoffice.outgoing.issuance import file_bytes, keep_file
    from eoffice.signing.sign.numbering import with_number_field

    prepared = with_number_field(file_bytes(reviewed))
    if prepared is None:
        return reviewed
    version = keep_file(actor, doc, prepared, reviewed.stored.filename, "version")
    doc.current_version_id = version.id
    return version


@operation
def return_draft(actor: Actor, doc: OutgoingDocument, data: ReasonIn) -> None:
    """The current approver (or the signer, before signing) returns the draft with a reason."""
    reason = required_text(data.reason, "missing_reason", "Hãy ghi lý do trả lại để người soạn thảo biết cần sửa gì.")
    if not (doc.status == OutgoingState.APPROVED.value and actor.user_id == doc.signer_id):
        _require_current_approver(actor, doc)
    transition(doc, OutgoingState.RETURNED)
    step = doc.step
    doc.step = 0
    doc.approved_version_id, doc.approved_sha256 = None, ""
    history.record(actor, doc, "returned", reason, data={"step": step + 1})
    notify([doc.drafter_id], "outgoing.returned", f"Dự thảo bị trả lại: {reason[:200]}", _link(doc))


def _require_reader(actor: Actor, doc: OutgoingDocument) -> None:
    authorize(actor, "outgoing.view", doc, "Bạn không được xem dự thảo này.")
    if doc.is_frozen:
        raise ServiceError("frozen", "Văn bản đã bị thu hồi nên không ghi thêm được.")


@operation
def comment(actor: Actor, doc: OutgoingDocument, data: CommentIn) -> None:
    """Anyone who may read the draft adds an opinion (ý kiến) to its history."""
    _require_reader(actor, doc)
    text = required_text(data.text, "missing_comment", "Hãy nhập nội dung ý kiến.")
    history.record(actor, doc, "commented", text)


def _may_consult(actor: Actor, doc: OutgoingDocument) -> bool:
    if doc.status in EDITABLE_STATES:
        return actor.user_id == doc.drafter_id
    return doc.status == OutgoingState.IN_REVIEW.value and actor.user_id in (doc.drafter_id, doc.current_approver_id)


def consultation_deadline(doc: OutgoingDocument, data: ConsultIn):  # type: ignore[no-untyped-def]
    """A picked date (a working day, today or later) or N working days from today, due at the
    end of that working day — both by the calendar engine of the drafting unit."""
    return calendar.due_by(data.deadline, data.working_days, doc.owner_unit_id, "Hạn trả lời")


@operation
def consult(actor: Actor, doc: OutgoingDocument, data: ConsultIn) -> list[Assignment]:
    """Ask several people in parallel for their opinion on the draft, each with the deadline."""
    if not _may_consult(actor, doc):
        raise PermissionDenied("outgoing.consult", "Chỉ người soạn thảo hoặc người đang duyệt mới xin ý kiến về dự thảo.")
    question = required_text(data.question, "missing_question", "Hãy nhập nội dung cần xin ý kiến.")
    deadline = consultation_deadline(doc, data)
    asked = []
    for user_id in dict.fromkeys(data.user_ids):
        user = _enabled_user(user_id, "unknown_user", "Người được xin ý kiến không tồn tại hoặc đã bị khóa.")
        assignment = Assignment(work_item_id=doc.id, role="consult", user_id=user.id, deadline=deadline,
                                instruction=question, assigned_by_id=actor.user_id)
        db.session.add(assignment)
        asked.append(assignment)
    db.session.flush()
    history.record(actor, doc, "consulted", question,
                   data={"users": [a.user_id for a in asked], "deadline": deadline.isoformat()})
    notify([a.user_id for a in asked if a.user_id], "outgoing.consulted",
           f"{actor.name} xin ý kiến về dự thảo: {doc.title[:180]}", _link(doc))
    return asked


@operation
def answer_consultation(actor: Actor, doc: OutgoingDocument, assignment_id: int, data: CommentIn) -> None:
    """The person asked answers; the answer lands in the draft's history for the asker."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.work_item_id != doc.id or assignment.role != "consult" \
            or assignment.user_id != actor.user_id:
        raise PermissionDenied("outgoing.consult", "Không có yêu cầu xin ý kiến nào đang chờ bạn trả lời trên dự thảo này.")
    if not assignment.is_open:
        raise ServiceError("already_answered", "Bạn đã trả lời yêu cầu xin ý kiến này.")
    text = required_text(data.text, "missing_comment", "Hãy nhập nội dung ý kiến.")
    assignment.status, assignment.result, assignment.done_at = "done", text, utcnow()
    assignment.opened_at = assignment.opened_at or assignment.done_at
    history.record(actor, doc, "consult_answered", text, assignment=assignment)
    notify([assignment.assigned_by_id], "outgoing.consult_answered",
           f"{actor.name} đã cho ý kiến về dự thảo: {doc.title[:180]}", _link(doc))


@operation
def send_consultation_notices(now: Optional[datetime] = None) -> int:
    """Tell each person asked for an opinion once when the answer is due soon and once when it
    is late, and tell the asker when it is late (worker job). Deadlines are the calendar's."""
    now = now or utcnow()
    sent = 0
    waiting = db.session.scalars(select(Assignment).join(OutgoingDocument, OutgoingDocument.id == Assignment.work_item_id).where(
        Assignment.role == "consult", Assignment.status == "pending", Assignment.deadline.is_not(None)))
    for assignment in waiting:
        doc = assignment.work_item
        state = calendar.timeliness_of(assignment.deadline, None, now, unit_id=doc.owner_unit_id)
        if state == "overdue" and assignment.overdue_notified_at is None:
            assignment.overdue_notified_at = now
            notify([assignment.user_id, assignment.assigned_by_id], "outgoing.consult_overdue",
                   f"Đã quá hạn trả lời xin ý kiến về dự thảo: {doc.title[:180]}", _link(doc))
            sent += 1
        elif state == "due_soon" and assignment.due_soon_notified_at is None:
            assignment.due_soon_notified_at = now
            notify([assignment.user_id], "outgoing.consult_due_soon",
                   f"Sắp đến hạn trả lời xin ý kiến về dự thảo: {doc.title[:180]}", _link(doc))
            sent += 1
    return sent
