"""Routing an incoming document: the leader's steering opinion (ý kiến chỉ đạo), the office
chief's proposal, unit heads assigning handlers, and returning, forwarding, recalling and
reminding along the way. Each step is timed, audited and shown in the processing history."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize
from eoffice.auth.principals import unit_heads
from eoffice.calendar import service as calendar
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.work import history
from eoffice.documents.models import Assignment, IncomingState, IncomingDocument
from eoffice.documents.registration import end_of_working_day
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.org.models import Unit
from eoffice.text import nfc, required_text
from eoffice.work.access import get_readable
from eoffice.work.kinds import transition
from eoffice.work.unit_of_work import operation


@dataclass
class UnitTarget:
    unit_id: int
    deadline: Optional[date] = None


@dataclass
class SteeringInput:
    opinion: str
    lead: Optional[UnitTarget]
    coordinate: list[UnitTarget] = field(default_factory=list)
    inform_units: list[int] = field(default_factory=list)
    inform_users: list[int] = field(default_factory=list)


def get_document(doc_id: int) -> IncomingDocument:
    return get_or_not_found(IncomingDocument, doc_id, "văn bản đến")


def read_document(actor: Actor, doc_id: int) -> IncomingDocument:
    """An incoming document the actor may read (the service checks, for the page and the API)."""
    return get_readable(actor, IncomingDocument, doc_id, "văn bản đến")


def get_assignment(assignment_id: int) -> Assignment:
    return get_or_not_found(Assignment, assignment_id, "phần việc được giao")


def _active_unit_with_head(unit_id: int) -> tuple[Unit, list[User]]:
    unit = get_or_not_found(Unit, unit_id, "đơn vị")
    if not unit.is_active:
        raise ServiceError("unit_inactive", f"Đơn vị '{unit.name}' đã ngừng hoạt động; hãy chọn đơn vị khác.")
    heads = unit_heads(unit_id)
    if not heads:
        raise ServiceError(
            "unit_without_leader",
            f"Đơn vị '{unit.name}' chưa có lãnh đạo nhận văn bản. Hãy chọn đơn vị khác hoặc nhờ quản trị gán lãnh đạo đơn vị.",
        )
    return unit, heads


def _enabled_user(user_id: int) -> User:
    user = get_or_not_found(User, user_id, "người dùng")
    if not user.is_enabled:
        raise ServiceError("user_disabled", f"Tài khoản {user.full_name} đã bị vô hiệu hóa; không thể giao việc. Hãy chọn người khác.")
    return user


def _deadline(day: Optional[date], fallback, unit_id: Optional[int]):  # type: ignore[no-untyped-def]
    return fallback if day is None else calendar.deadline_on(day, unit_id)


@operation
def route(actor: Actor, doc: IncomingDocument, steering: SteeringInput) -> list[Assignment]:
    """The leader's steering opinion: lead unit, coordinating units, units/people for information."""
    authorize(actor, "incoming.route", doc)
    opinion = nfc(steering.opinion)
    if steering.lead is None:
        raise ServiceError("missing_lead", "Hãy chọn đơn vị chủ trì xử lý.")
    units = [steering.lead.unit_id] + [c.unit_id for c in steering.coordinate]
    if len(set(units)) != len(units):
        raise ServiceError("unit_twice", "Một đơn vị không thể vừa chủ trì vừa phối hợp (hoặc được chọn hai lần).")
    if any(a.role == "lead" and a.is_open for a in doc.assignments):
        raise ServiceError("already_routed", "Văn bản đã có đơn vị chủ trì đang xử lý. Thu hồi phần việc đó trước khi giao lại.")

    created: list[tuple[Assignment, list[User]]] = []
    for role, target in [("lead", steering.lead)] + [("coordinate", c) for c in steering.coordinate]:
        unit, heads = _active_unit_with_head(target.unit_id)
        assignment = Assignment(
            work_item_id=doc.id, role=role, unit_id=unit.id, instruction=opinion,
            deadline=_deadline(target.deadline, doc.deadline, unit.id), assigned_by_id=actor.user_id,
        )
        created.append((assignment, heads))
    for unit_id in steering.inform_units:
        unit, heads = _active_unit_with_head(unit_id)
        created.append((Assignment(work_item_id=doc.id, role="inform", unit_id=unit.id, instruction=opinion,
                                   assigned_by_id=actor.user_id), heads))
    for user_id in steering.inform_users:
        user = _enabled_user(user_id)
        created.append((Assignment(work_item_id=doc.id, role="inform", user_id=user.id, instruction=opinion,
                                   assigned_by_id=actor.user_id), [user]))

    for assignment, _ in created:
        db.session.add(assignment)
    transition(doc, IncomingState.IN_PROGRESS)
    db.session.flush()
    summary = "; ".join(f"{a.role}: {a.assignee_label}" for a, _ in created)
    history.record(actor, doc, "routed", opinion, data={"assignments": [a.id for a, _ in created], "summary": summary})
    for assignment, recipients in created:
        notify([u.id for u in recipients], f"incoming.{assignment.role}",
               f"Văn bản đến số {doc.arrival_number}: {_role_phrase(assignment.role)} – {doc.subject[:180]}",
               f"/incoming/{doc.id}")
    return [a for a, _ in created]


def _role_phrase(role: str) -> str:
    return {"lead": "giao chủ trì xử lý", "coordinate": "giao phối hợp xử lý", "inform": "gửi để biết",
            "handler": "giao xử lý"}[role]


@operation
def propose(actor: Actor, doc: IncomingDocument, opinion: str, leader_id: int) -> None:
    """The office chief proposes a routing and presents the document to a leader."""
    authorize(actor, "incoming.propose", doc)
    opinion = required_text(opinion, "missing_opinion", "Hãy nhập ý kiến đề xuất.")
    leader = _enabled_user(leader_id)
    from eoffice.auth.roles import Role

    if not leader.has_role(Role.CHAIR):
        raise ServiceError("not_a_leader", f"{leader.full_name} không phải Chủ tịch/Phó Chủ tịch.")
    doc.submitted_to_id = leader.id
    history.record(actor, doc, "proposed", opinion, data={"to": leader.id})
    notify([leader.id], "incoming.proposed", f"Đề xuất phân phối văn bản đến số {doc.arrival_number}: {opinion[:200]}", f"/incoming/{doc.id}")


@operation
def assign_handler(actor: Actor, unit_assignment: Assignment, user_id: int, deadline: Optional[date], instruction: str) -> Assignment:
    """A unit head gives the unit's part to a person in the unit."""
    authorize(actor, "incoming.assign", unit_assignment)
    handler = _enabled_user(user_id)
    if unit_assignment.unit_id not in {m.unit_id for m in handler.memberships}:
        raise ServiceError("not_in_unit", f"{handler.full_name} không thuộc {unit_assignment.unit.name}.")
    due = _deadline(deadline, unit_assignment.deadline, unit_assignment.unit_id)
    if due and unit_assignment.deadline and due > unit_assignment.deadline:
        raise ServiceError(
            "deadline_after_unit",
            f"Hạn giao cho cá nhân không được sau hạn của đơn vị ({unit_assignment.deadline.astimezone(calendar.VN):%d/%m/%Y}).",
        )
    doc = unit_assignment.work_item
    assignment = Assignment(
        work_item_id=doc.id, parent_id=unit_assignment.id, role="handler", unit_id=unit_assignment.unit_id,
        user_id=handler.id, deadline=due, instruction=nfc(instruction), assigned_by_id=actor.user_id,
    )
    db.session.add(assignment)
    mark_opened(unit_assignment)
    db.session.flush()
    history.record(actor, doc, "assigned", f"Giao {handler.full_name}: {nfc(instruction)}".strip(": "), assignment=assignment)
    notify([handler.id], "incoming.handler", f"Bạn được giao xử lý văn bản đến số {doc.arrival_number}: {doc.subject[:180]}", f"/incoming/{doc.id}")
    return assignment


def mark_opened(assignment: Assignment) -> None:
    """Receiving a part: opened (no silent recall any more); a part "for information" is then done."""
    if assignment.opened_at is None:
        assignment.opened_at = utcnow()
    if assignment.status == "pending":
        assignment.status = "done" if assignment.role == "inform" else "in_progress"
        if assignment.status == "done":
            assignment.done_at = utcnow()


@operation
def open_assignment(actor: Actor, assignment: Assignment) -> None:
    """The assignee opens the document: the assigner can no longer recall it silently."""
    if not assignment.is_open or assignment.opened_at is not None:
        return
    authorize(actor, "incoming.handle", assignment)
    mark_opened(assignment)
    history.record(actor, assignment.work_item, "opened", assignment=assignment)


@operation
def return_assignment(actor: Actor, assignment: Assignment, reason: str) -> None:
    """Give the work back to whoever assigned it, with a reason (mandatory)."""
    authorize(actor, "incoming.handle", assignment)
    reason = required_text(reason, "missing_reason", "Hãy ghi rõ lý do trả lại để người giao biết cần xử lý thế nào.")
    doc = assignment.work_item
    assignment.status = "returned"
    assignment.return_reason = reason
    assignment.done_at = utcnow()
    if assignment.role == "lead":
        transition(doc, IncomingState.SUBMITTED)
        doc.submitted_to_id = assignment.assigned_by_id
    history.record(actor, doc, "returned", reason, assignment=assignment)
    notify([assignment.assigned_by_id], "incoming.returned",
           f"{actor.name} trả lại văn bản đến số {doc.arrival_number}: {reason[:200]}", f"/incoming/{doc.id}")


@operation
def forward_assignment(actor: Actor, assignment: Assignment, unit_id: int, reason: str) -> Assignment:
    """A unit head hands the unit's part to the unit that should do it."""
    authorize(actor, "incoming.assign", assignment)
    if assignment.role == "handler":
        raise ServiceError("cannot_forward_handler", "Chỉ chuyển được phần việc của đơn vị.")
    reason = required_text(reason, "missing_reason", "Hãy ghi lý do chuyển đơn vị khác.")
    if unit_id == assignment.unit_id:
        raise ServiceError("same_unit", "Hãy chọn một đơn vị khác đơn vị hiện tại.")
    unit, heads = _active_unit_with_head(unit_id)
    doc = assignment.work_item
    if any(a.unit_id == unit_id and a.is_open and a.role != "handler" for a in doc.assignments):
        raise ServiceError("unit_twice", f"{unit.name} đã được giao văn bản này.")
    assignment.status = "forwarded"
    assignment.done_at = utcnow()
    assignment.result = reason
    new = Assignment(work_item_id=doc.id, role=assignment.role, unit_id=unit.id, deadline=assignment.deadline,
                     instruction=assignment.instruction, assigned_by_id=actor.user_id)
    db.session.add(new)
    db.session.flush()
    history.record(actor, doc, "forwarded", f"Chuyển {unit.name}: {reason}", assignment=new)
    notify([u.id for u in heads], f"incoming.{new.role}",
           f"Văn bản đến số {doc.arrival_number} được chuyển đến đơn vị: {doc.subject[:180]}", f"/incoming/{doc.id}")
    return new


@operation
def recall_assignment(actor: Actor, assignment: Assignment) -> None:
    """Take back an assignment the assignee has not opened yet."""
    authorize(actor, "incoming.supervise", assignment)
    if not assignment.is_open:
        raise ServiceError("not_open", "Phần việc này đã kết thúc; không thể thu hồi.")
    if assignment.opened_at is not None:
        raise ServiceError(
            "already_opened",
            "Người nhận đã mở văn bản nên không thể thu hồi. Hãy trao đổi trực tiếp hoặc đôn đốc/giao lại.",
        )
    doc = assignment.work_item
    assignment.status = "recalled"
    assignment.done_at = utcnow()
    if assignment.role == "lead":
        transition(doc, IncomingState.SUBMITTED)
        doc.submitted_to_id = actor.user_id
    history.record(actor, doc, "recalled", assignment.assignee_label, assignment=assignment)
    recipients = [assignment.user_id] if assignment.user_id else [u.id for u in unit_heads(assignment.unit_id or 0)]
    notify(recipients, "incoming.recalled", f"Văn bản đến số {doc.arrival_number} đã được thu hồi.", f"/incoming/{doc.id}")


@operation
def remind(actor: Actor, assignment: Assignment, text: str) -> None:
    """Đôn đốc: a leader nudges whoever holds an open assignment."""
    authorize(actor, "incoming.supervise", assignment)
    if not assignment.is_open:
        raise ServiceError("not_open", "Phần việc này đã kết thúc; không cần đôn đốc.")
    doc = assignment.work_item
    text = nfc(text) or "Đề nghị khẩn trương xử lý, bảo đảm đúng hạn."
    history.record(actor, doc, "reminded", text, assignment=assignment)
    recipients = [assignment.user_id] if assignment.user_id else [u.id for u in unit_heads(assignment.unit_id or 0)]
    notify(recipients, "incoming.reminded", f"Đôn đốc văn bản đến số {doc.arrival_number}: {text[:200]}", f"/incoming/{doc.id}")
    db.session.commit()


@operation
def assign_handlers(actor: Actor, assignment: Assignment, user_ids: list[int], deadline: Optional[date],
                    instruction: str) -> list[Assignment]:
    """A unit head gives the unit's part to several people at once: one handler assignment each,
    all or none (each `assign_handler` joins this one unit of work)."""
    people = list(dict.fromkeys(user_ids))
    if not people:
        raise ServiceError("missing_handler", "Hãy chọn ít nhất một cán bộ để giao xử lý.")
    return [assign_handler(actor, assignment, user_id, deadline, instruction) for user_id in people]
