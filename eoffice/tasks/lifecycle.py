"""A task's life after it is given: the lead accepts it, reports progress (%, text, files),
reports it done; the assigner confirms or sends it back with a reason, or cancels it; the lead
asks for more time and the assigner decides. Progress of sub-tasks rolls up to their task."""
from __future__ import annotations

from typing import Iterable

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.calendar.timezone import to_local
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.tasks.assigning import Upload, attach, link, task_deadline
from eoffice.tasks.queries import timeliness
from eoffice.tasks.models import FINISHED_STATES, Task, TaskExtension, TaskState
from eoffice.tasks.schemas import DoneIn, ExtensionDecisionIn, ExtensionIn, ProgressIn, ReasonIn
from eoffice.text import nfc, required_text
from eoffice.work import history
from eoffice.work.kinds import transition
from eoffice.work.unit_of_work import operation


def _lead_only(actor: Actor, task: Task) -> None:
    authorize(actor, "task.view", task)
    authorize(actor, "task.report", task, "Chỉ người (đơn vị) chủ trì nhiệm vụ mới thực hiện được thao tác này.")


def _assigner_only(actor: Actor, task: Task) -> None:
    authorize(actor, "task.view", task)
    authorize(actor, "task.decide", task, "Chỉ người giao nhiệm vụ mới thực hiện được thao tác này.")


def _open_only(task: Task, what: str) -> None:
    if not task.is_open:
        raise ServiceError("task_closed", f"Nhiệm vụ {task.status_label.lower()} nên không {what} được nữa.")


def _roll_up(task: Task) -> None:
    """A task with sub-tasks is as far along as they are on average (finished ones count 100 %)."""
    parent = task.parent
    while parent is not None:
        parts = [c for c in parent.children if c.status != TaskState.CANCELLED.value]
        if parts:
            parent.progress = round(sum(100 if c.status in FINISHED_STATES else c.progress for c in parts) / len(parts))
        parent = parent.parent


@operation
def accept(actor: Actor, task: Task) -> None:
    _lead_only(actor, task)
    transition(task, TaskState.ACCEPTED)
    history.record(actor, task, "accepted")


@operation
def report_progress(actor: Actor, task: Task, data: ProgressIn, uploads: Iterable[Upload] = ()) -> None:
    """A progress report: a percentage (0–100) and what was done, with files; the first one
    moves the task to "in progress"."""
    _lead_only(actor, task)
    _open_only(task, "báo cáo tiến độ")
    if data.percent > 100:
        raise ServiceError("percent_over_100", f"Tiến độ {data.percent}% vượt quá 100%. Hãy nhập một số từ 0 đến 100; "
                                               "khi đã xong hãy dùng «Báo cáo hoàn thành».")
    text = required_text(data.text, "missing_text", "Hãy nhập nội dung báo cáo tiến độ.")
    if task.status == TaskState.ASSIGNED.value:
        transition(task, TaskState.ACCEPTED)
    transition(task, TaskState.IN_PROGRESS)
    files = attach(actor, task, uploads, role="progress")
    task.progress = data.percent
    history.record(actor, task, "progress", text, file_id=files[0].id if files else None,
                   data={"percent": data.percent, "files": [f.id for f in files]})
    _roll_up(task)
    notify([task.assigner_id], "task.progress", f"{actor.name} báo cáo tiến độ {data.percent}%: {task.title[:160]}", link(task))


@operation
def report_done(actor: Actor, task: Task, data: DoneIn, uploads: Iterable[Upload] = ()) -> None:
    """The result (and its evidence); the finishing moment decides early / on time / late."""
    _lead_only(actor, task)
    _open_only(task, "báo cáo hoàn thành")
    result = required_text(data.result, "missing_result", "Hãy nhập kết quả thực hiện nhiệm vụ.")
    open_children = [c for c in task.children if c.is_open]
    if open_children:
        raise ServiceError("children_open", f"Còn {len(open_children)} nhiệm vụ con chưa hoàn thành. "
                                            "Hãy chờ các chuyên viên báo cáo hoàn thành hoặc hủy nhiệm vụ con.")
    if task.status == TaskState.ASSIGNED.value:
        transition(task, TaskState.ACCEPTED)
    transition(task, TaskState.DONE)
    files = attach(actor, task, uploads, role="result")
    task.result, task.done_at, task.progress = result, utcnow(), 100
    task.closed_at = task.done_at
    task.finished_timeliness = timeliness(task)
    history.record(actor, task, "done", result, file_id=files[0].id if files else None, data={"files": [f.id for f in files]})
    _roll_up(task)
    notify([task.assigner_id], "task.done", f"{actor.name} báo cáo hoàn thành: {task.title[:180]}", link(task))


@operation
def confirm(actor: Actor, task: Task) -> None:
    """The assigner confirms the result; nobody confirms a task they carried out themselves."""
    _assigner_only(actor, task)
    if actor.user_id is not None and actor.user_id == task.lead_user_id:
        raise PermissionDenied("task.decide", "Bạn không thể tự xác nhận hoàn thành nhiệm vụ do chính mình thực hiện. "
                                              "Người giao nhiệm vụ cấp trên sẽ xác nhận.")
    if task.status != TaskState.DONE.value:
        raise ServiceError("not_done", "Nhiệm vụ chưa được báo cáo hoàn thành nên chưa xác nhận được.")
    transition(task, TaskState.CONFIRMED)
    history.record(actor, task, "confirmed")
    notify([task.lead_user_id] if task.lead_user_id else [], "task.confirmed", f"Đã xác nhận hoàn thành: {task.title[:180]}", link(task))


@operation
def send_back(actor: Actor, task: Task, data: ReasonIn) -> None:
    """Not accepted as done: work goes on, the reason is on record, timeliness counts again."""
    _assigner_only(actor, task)
    reason = required_text(data.reason, "missing_reason", "Hãy nhập lý do trả lại để người thực hiện biết cần làm gì thêm.")
    if task.status != TaskState.DONE.value:
        raise ServiceError("not_done", "Chỉ trả lại được nhiệm vụ đã báo cáo hoàn thành.")
    transition(task, TaskState.IN_PROGRESS)
    task.done_at = task.closed_at = task.finished_timeliness = None
    history.record(actor, task, "sent_back", reason)
    _roll_up(task)
    notify([task.lead_user_id] if task.lead_user_id else [], "task.sent_back", f"Nhiệm vụ bị trả lại: {task.title[:180]}", link(task))


@operation
def cancel(actor: Actor, task: Task, data: ReasonIn) -> None:
    _assigner_only(actor, task)
    reason = required_text(data.reason, "missing_reason", "Hãy nhập lý do hủy nhiệm vụ.")
    transition(task, TaskState.CANCELLED)
    task.closed_at = utcnow()
    for child in task.children:
        if child.is_open:
            transition(child, TaskState.CANCELLED)
            child.closed_at = task.closed_at
            history.record(actor, child, "cancelled", reason, data={"with_parent": task.id})
    history.record(actor, task, "cancelled", reason)
    _roll_up(task)


@operation
def request_extension(actor: Actor, task: Task, data: ExtensionIn) -> TaskExtension:
    """Ask for a later deadline with a reason, at most as often as configured."""
    _lead_only(actor, task)
    if not task.is_open:
        raise ServiceError("task_closed", f"Nhiệm vụ {task.status_label.lower()} nên không xin gia hạn được.")
    reason = required_text(data.reason, "missing_reason", "Hãy nhập lý do xin gia hạn.")
    if task.pending_extension is not None:
        raise ServiceError("extension_pending", "Đã có một đề nghị gia hạn đang chờ quyết định.")
    limit = current_settings().task_max_extensions
    if task.extension_count >= limit:
        raise ServiceError("too_many_extensions", f"Nhiệm vụ đã được gia hạn {task.extension_count} lần, đủ số lần tối đa "
                                                  f"({limit}). Hãy báo cáo người giao nhiệm vụ.")
    wanted = task_deadline(data, task.lead_unit_id)
    if task.deadline is not None and wanted <= task.deadline:
        raise ServiceError("not_later", f"Hạn đề nghị phải sau hạn hiện tại ({to_local(task.deadline):%d/%m/%Y}).")
    extension = TaskExtension(task_id=task.id, requested_by_id=actor.user_id, reason=reason,
                              previous_deadline=task.deadline, requested_deadline=wanted)
    db.session.add(extension)
    db.session.flush()
    history.record(actor, task, "extension_requested", reason, data={"extension": extension.id, "deadline": wanted.isoformat()})
    notify([task.assigner_id], "task.extension", f"{actor.name} xin gia hạn nhiệm vụ: {task.title[:170]}", link(task))
    return extension


@operation
def decide_extension(actor: Actor, task: Task, data: ExtensionDecisionIn) -> TaskExtension:
    _assigner_only(actor, task)
    extension = task.pending_extension
    if extension is None:
        raise ServiceError("no_extension", "Không có đề nghị gia hạn nào đang chờ quyết định.")
    if actor.user_id is not None and actor.user_id == extension.requested_by_id:
        raise PermissionDenied("task.decide", "Bạn không thể tự quyết định đề nghị gia hạn của chính mình.")
    extension.status = "approved" if data.approve else "refused"
    extension.decided_by_id, extension.decided_at, extension.decision_note = actor.user_id, utcnow(), nfc(data.note)
    if data.approve:
        if not task.is_open:
            raise ServiceError("task_closed", "Nhiệm vụ đã hoàn thành hoặc đã hủy nên không gia hạn được.")
        task.deadline = extension.requested_deadline
        task.extension_count += 1
    history.record(actor, task, "extension_approved" if data.approve else "extension_refused", extension.decision_note,
                   data={"extension": extension.id, "deadline": task.deadline.isoformat() if task.deadline else None})
    notify([extension.requested_by_id], "task.extension_decided",
           f"{'Đồng ý' if data.approve else 'Không đồng ý'} gia hạn nhiệm vụ: {task.title[:160]}", link(task))
    return extension
