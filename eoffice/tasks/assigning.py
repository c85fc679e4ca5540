"""Giving tasks: a leader assigns one to a lead unit (and person) with coordinating units and
a deadline from the calendar engine; a unit head splits a task among specialists (sub-tasks
with their own deadlines); plans group tasks by area. Each is one unit of work."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Iterable, Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.auth.principals import unit_heads
from eoffice.calendar import service as calendar
from eoffice.calendar.timezone import to_local
from eoffice.db import db, get_or_not_found
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.org.models import Unit
from eoffice.tasks.access import may_assign_to
from eoffice.tasks.models import Task, TaskPlan, TaskSource, TaskState
from eoffice.tasks.schemas import ConclusionsIn, DeadlineIn, PlanIn, SubTaskIn, TaskIn
from eoffice.text import nfc, required_text
from eoffice.work import history
from eoffice.work.access import get_readable, may_read
from eoffice.work.models import Assignment, WorkFile, WorkItem
from eoffice.work.unit_of_work import operation


@dataclass
class Upload:
    """A file handed to a service (the page or API reads it from the request)."""

    stream: BinaryIO
    filename: str


def link(task: Task) -> str:
    return f"/tasks/{task.id}"


def get_task(actor: Actor, task_id: int) -> Task:
    """A task the actor may read (the page, the API and commands all refuse the same reads)."""
    return get_readable(actor, Task, task_id, "nhiệm vụ")


def _active_unit(unit_id: int) -> Unit:
    unit = get_or_not_found(Unit, unit_id, "đơn vị")
    if not unit.is_active:
        raise ServiceError("unit_inactive", f"Đơn vị «{unit.name}» đã ngừng hoạt động; hãy chọn đơn vị khác.")
    return unit


def _enabled_member(user_id: int, unit: Unit) -> User:
    user = get_or_not_found(User, user_id, "người dùng")
    if not user.is_enabled:
        raise ServiceError("user_disabled", f"Tài khoản {user.full_name} đã bị vô hiệu hóa nên không nhận được nhiệm vụ. "
                                            "Hãy chọn người khác.")
    if unit.id not in user.unit_ids:
        raise ServiceError("user_not_in_unit", f"{user.full_name} không thuộc {unit.name}. Hãy chọn người của đơn vị chủ trì.")
    return user


def _within_authority(actor: Actor, unit: Unit) -> None:
    if not actor.is_operator and not may_assign_to(actor.user, unit):
        raise PermissionDenied("tasks.assign", f"{unit.name} không thuộc phạm vi bạn được giao nhiệm vụ. "
                                               "Hãy chọn đơn vị mình phụ trách hoặc trình lãnh đạo cấp trên giao.")


def task_deadline(data: DeadlineIn, unit_id: int) -> datetime:
    """The deadline by the calendar engine of the lead unit: a working day from today on, or N
    working days from today; one of them is required."""
    due = calendar.due_by(data.deadline, data.working_days, unit_id, "Hạn hoàn thành")
    if due is None:
        raise ServiceError("missing_deadline", "Hãy chọn hạn hoàn thành (một ngày làm việc) hoặc nhập số ngày làm việc.")
    return due


def _source_item(actor: Actor, data: TaskIn) -> Optional[WorkItem]:
    if data.source not in (TaskSource.INCOMING, TaskSource.OUTGOING):
        return None
    if data.source_item_id is None:
        raise ServiceError("missing_source", "Hãy chọn văn bản là nguồn giao nhiệm vụ.")
    item = get_or_not_found(WorkItem, data.source_item_id, "văn bản nguồn")
    if item.kind != data.source or not (actor.is_operator or may_read(actor.user, item)):
        raise ServiceError("bad_source", "Văn bản nguồn không đúng loại hoặc bạn không được xem văn bản đó. Hãy chọn lại.")
    return item


def _notify_lead(task: Task, text: str) -> None:
    recipients = [task.lead_user_id] if task.lead_user_id else [u.id for u in unit_heads(task.lead_unit_id)]
    notify([r for r in recipients if r], "task.assigned", text, link(task))


def attach(actor: Actor, task: Task, uploads: Iterable[Upload], role: str = "attachment") -> list[WorkFile]:
    """Check and store files on the task in the caller's transaction (a refused file refuses
    the whole operation: nothing is half-saved)."""
    from eoffice.documents.uploads import store_checked_file

    added = []
    for upload in uploads:
        stored = store_checked_file(actor, upload.stream, upload.filename, main_document=False)
        file = WorkFile(work_item_id=task.id, role=role, stored=stored, added_by_id=actor.user_id)
        db.session.add(file)
        added.append(file)
    db.session.flush()
    return added


def _require_user(actor: Actor) -> int:
    if actor.user_id is None:
        raise ServiceError("no_user", "Nhiệm vụ phải do một người giao (đăng nhập bằng tài khoản của lãnh đạo).")
    return actor.user_id


@operation
def assign(actor: Actor, data: TaskIn, uploads: Iterable[Upload] = ()) -> Task:
    """A leader gives a task to a lead unit (optionally one person there) and coordinating units."""
    authorize(actor, "tasks.assign")
    assigner_id = _require_user(actor)
    title = required_text(data.title, "missing_title", "Hãy nhập tên nhiệm vụ.")
    unit = _active_unit(data.lead_unit_id)
    _within_authority(actor, unit)
    lead_user = _enabled_member(data.lead_user_id, unit) if data.lead_user_id else None
    coordinating = []
    for unit_id in dict.fromkeys(data.coordinate_unit_ids):
        if unit_id == unit.id:
            raise ServiceError("unit_twice", "Đơn vị chủ trì không thể đồng thời là đơn vị phối hợp.")
        other = _active_unit(unit_id)
        _within_authority(actor, other)
        coordinating.append(other)
    source_item = _source_item(actor, data)
    plan = get_or_not_found(TaskPlan, data.plan_id, "kế hoạch") if data.plan_id else None
    if data.source == TaskSource.PLAN and plan is None:
        raise ServiceError("missing_plan", "Hãy chọn kế hoạch của nhiệm vụ.")
    deadline = task_deadline(data, unit.id)
    task = Task(
        title=title, content=nfc(data.content), source=data.source, source_item_id=source_item.id if source_item else None,
        source_note=nfc(data.source_note), plan_id=plan.id if plan else None, area=nfc(data.area),
        assigner_id=assigner_id, lead_unit_id=unit.id, lead_user_id=lead_user.id if lead_user else None,
        priority=data.priority, secrecy=data.secrecy, owner_unit_id=unit.id, status=TaskState.ASSIGNED.value,
        deadline=deadline, original_deadline=deadline,
    )
    db.session.add(task)
    db.session.flush()
    for other in coordinating:
        db.session.add(Assignment(work_item_id=task.id, role="coordinate", unit_id=other.id, deadline=deadline,
                                  assigned_by_id=assigner_id))
    attach(actor, task, uploads)
    history.record(actor, task, "assigned", task.content, data={
        "lead_unit": unit.id, "lead_user": task.lead_user_id, "coordinate": [u.id for u in coordinating],
        "deadline": deadline.isoformat()})
    _notify_lead(task, f"{actor.name} giao nhiệm vụ: {title[:180]}")
    for other in coordinating:
        notify([u.id for u in unit_heads(other.id)], "task.coordinate", f"Phối hợp thực hiện nhiệm vụ: {title[:180]}", link(task))
    return task


@operation
def from_conclusions(actor: Actor, data: ConclusionsIn) -> list[Task]:
    """A meeting's conclusions become tasks in one step — each with its lead unit and deadline
    — in one transaction, and the meeting is kept as its own record (date, chair, attendees,
    each conclusion with the task it became): one refused conclusion (a day off, a unit
    outside one's authority) saves none, and the message says which one."""
    from eoffice.tasks.models import Meeting, MeetingConclusion

    entry = scheduled_meeting(data.schedule_entry_id) if data.schedule_entry_id else None
    meeting = required_text(data.meeting, "missing_meeting", "Hãy nhập tên cuộc họp hoặc số thông báo kết luận.")
    held_on = data.held_on or (to_local(entry.starts_at).date() if entry else calendar.now().date())
    if held_on > calendar.now().date():
        raise ServiceError("meeting_in_future", f"Ngày họp {held_on:%d/%m/%Y} chưa đến. Hãy nhập ngày cuộc họp đã diễn ra.")
    chair_id = data.chair_id or (entry.leader_id if entry else None)
    chair = get_or_not_found(User, chair_id, "người chủ trì cuộc họp") if chair_id else None
    record = Meeting(title=meeting, held_on=held_on, chair_id=chair.id if chair else None, attendees=nfc(data.attendees),
                     created_by_id=_require_user(actor), schedule_entry_id=entry.id if entry else None)
    created = []
    for number, conclusion in enumerate(data.conclusions, start=1):
        try:
            created.append(assign(actor, TaskIn(
                title=conclusion.title, source=TaskSource.MEETING.value, source_note=meeting, plan_id=data.plan_id,
                area=conclusion.area, lead_unit_id=conclusion.lead_unit_id, deadline=conclusion.deadline,
                working_days=conclusion.working_days)))
        except ServiceError as exc:
            raise ServiceError(exc.code, f"Kết luận {number}: {exc.message}", **exc.details) from exc
        except PermissionDenied as exc:
            raise PermissionDenied(exc.action, f"Kết luận {number}: {exc.message}") from exc
    db.session.add(record)
    db.session.flush()
    for number, task in enumerate(created, start=1):
        db.session.add(MeetingConclusion(meeting_id=record.id, number=number, text=task.title, task_id=task.id))
    db.session.flush()
    return created


def scheduled_meeting(entry_id: int) -> Any:
    """The schedule entry whose conclusions are being recorded: it must have begun, and its
    conclusions are recorded once (a second record would give the same work twice)."""
    from eoffice.tasks.models import ScheduleEntry

    entry = get_or_not_found(ScheduleEntry, entry_id, "lịch công tác")
    if entry.starts_at > calendar.now():
        raise ServiceError("meeting_not_held", f"Cuộc họp «{entry.content[:80]}» theo lịch bắt đầu lúc "
                                               f"{to_local(entry.starts_at):%H:%M ngày %d/%m/%Y}, chưa diễn ra. "
                                               "Hãy ghi kết luận sau khi họp.")
    if entry.meeting is not None:
        raise ServiceError("meeting_recorded", f"Kết luận của cuộc họp «{entry.content[:80]}» đã được ghi nhận "
                                               f"(«{entry.meeting.title[:80]}»). Hãy mở cuộc họp đó để xem các nhiệm vụ đã giao.",
                           meeting_id=entry.meeting.id)
    return entry


def meetings(limit: int = 200) -> list[Any]:
    """The meetings recorded, latest first."""
    from eoffice.tasks.models import Meeting

    return list(db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(limit)))


def meeting_of(task: Task) -> Optional[Any]:
    """The meeting whose conclusion a task is (None for other tasks)."""
    from eoffice.tasks.models import Meeting, MeetingConclusion

    return db.session.scalar(select(Meeting).join(MeetingConclusion).where(MeetingConclusion.task_id == task.id))


@operation
def split(actor: Actor, task: Task, parts: list[SubTaskIn]) -> list[Task]:
    """The lead unit's head splits a task among specialists of the unit, each with a deadline
    no later than the task's; the task's progress is then theirs, rolled up."""
    from eoffice.auth.principals import head_units

    authorize(actor, "task.view", task)
    if not (actor.is_operator or task.lead_unit_id in head_units(actor.user)):
        raise PermissionDenied("task.report", "Chỉ lãnh đạo đơn vị chủ trì mới giao nhiệm vụ con cho chuyên viên.")
    if not task.is_open:
        raise ServiceError("task_closed", "Nhiệm vụ đã hoàn thành hoặc đã hủy nên không giao thêm nhiệm vụ con được.")
    if not parts:
        raise ServiceError("no_parts", "Hãy nhập ít nhất một nhiệm vụ con.")
    assigner_id = _require_user(actor)
    children = []
    for part in parts:
        title = required_text(part.title, "missing_title", "Hãy nhập tên nhiệm vụ con.")
        person = _enabled_member(part.lead_user_id, task.lead_unit)
        deadline = task_deadline(part, task.lead_unit_id)
        if task.deadline is not None and deadline > task.deadline:
            raise ServiceError("after_parent_deadline", f"Hạn của nhiệm vụ con «{title[:80]}» sau hạn của nhiệm vụ "
                                                        f"({to_local(task.deadline):%d/%m/%Y}). Hãy chọn hạn sớm hơn.")
        child = Task(
            title=title, content=nfc(part.content), source=task.source, source_item_id=task.source_item_id,
            plan_id=None, area=task.area, parent_id=task.id, assigner_id=assigner_id, lead_unit_id=task.lead_unit_id,
            lead_user_id=person.id, priority=task.priority, secrecy=task.secrecy, owner_unit_id=task.lead_unit_id,
            status=TaskState.ASSIGNED.value, deadline=deadline, original_deadline=deadline,
        )
        db.session.add(child)
        db.session.flush()
        history.record(actor, child, "assigned", child.content, data={"parent": task.id, "lead_user": person.id,
                                                                      "deadline": deadline.isoformat()})
        _notify_lead(child, f"{actor.name} giao nhiệm vụ: {title[:180]}")
        children.append(child)
    if task.status == TaskState.ASSIGNED.value:
        from eoffice.work.kinds import transition

        transition(task, TaskState.ACCEPTED)
    history.record(actor, task, "split", "; ".join(f"{c.title} – {c.lead_user.full_name}" for c in children),
                   data={"children": [c.id for c in children]})
    return children


@operation
def create_plan(actor: Actor, data: PlanIn) -> TaskPlan:
    authorize(actor, "tasks.plans.manage")
    title = required_text(data.title, "missing_title", "Hãy nhập tên kế hoạch.")
    unit = actor.user.primary_membership.unit if actor.user is not None and actor.user.primary_membership else None
    plan = TaskPlan(title=title, year=data.year, owner_unit_id=unit.id if unit else None, created_by_id=_require_user(actor))
    db.session.add(plan)
    db.session.flush()
    from eoffice.audit import service as audit

    audit.record(actor, "task.plan_created", "task_plan", plan.id, {"year": plan.year}, text=title)
    return plan


def plans() -> list[TaskPlan]:
    return list(db.session.scalars(select(TaskPlan).order_by(TaskPlan.year.desc(), TaskPlan.title)))
