"""Reminders (đôn đốc): automatic ones a configured number of working days before the
deadline (EOFFICE_TASK_REMINDER_DAYS, e.g. "3,1") and on the day it passes, and manual ones
with the assigner's own text. Each goes in-app and on every configured channel
(`eoffice.notify.channels`: e-mail today) and is recorded on the task; the automatic ones are
keyed by what they are about and the deadline, so running the job again sends nothing twice
(an extension gives a new deadline, and so new reminders)."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Optional

from sqlalchemy import select

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.auth.permissions import authorize
from eoffice.auth.principals import unit_heads
from eoffice.calendar import service as calendar
from eoffice.calendar.timezone import to_local
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.notify.channels import send
from eoffice.tasks.assigning import link
from eoffice.tasks.models import OPEN_STATES, Task, TaskReminder
from eoffice.tasks.schemas import ReminderIn
from eoffice.text import required_text
from eoffice.work import history
from eoffice.work.unit_of_work import operation


def reminder_days() -> list[int]:
    """The configured working days before the deadline, most urgent first (e.g. [1, 3])."""
    raw = current_settings().task_reminder_days
    days = sorted({int(part) for part in raw.replace(";", ",").split(",") if part.strip().isdigit() and int(part) > 0})
    return days


def _recipients(task: Task, with_assigner: bool = False) -> list[int]:
    people = [task.lead_user_id] if task.lead_user_id else [u.id for u in unit_heads(task.lead_unit_id)]
    if with_assigner:
        people.append(task.assigner_id)
    return [p for p in dict.fromkeys(people) if p]


def default_text(task: Task) -> str:
    due = f"{to_local(task.deadline):%d/%m/%Y}" if task.deadline else "chưa có hạn"
    return (f"Đề nghị {task.lead_label} khẩn trương thực hiện nhiệm vụ «{task.title}» (hạn {due}, "
            f"tiến độ hiện tại {task.progress}%) và báo cáo kết quả.")


def _record(actor: Actor, task: Task, key: str, text: str, recipients: list[int]) -> TaskReminder:
    channels = send(recipients, "task.reminder", text, link(task), subject=f"Đôn đốc nhiệm vụ: {task.title[:100]}")
    reminder = TaskReminder(task_id=task.id, key=key, sent_by_id=actor.user_id, text=text, channels=",".join(channels),
                            recipients=",".join(str(r) for r in recipients))
    db.session.add(reminder)
    db.session.flush()
    history.record(actor, task, "reminded", text, data={"reminder": key, "channels": channels})
    return reminder


@operation
def remind(actor: Actor, task: Task, data: ReminderIn) -> TaskReminder:
    """A manual reminder with the assigner's own words (the form offers `default_text`)."""
    authorize(actor, "task.view", task)
    authorize(actor, "task.decide", task, "Chỉ người giao nhiệm vụ mới đôn đốc được nhiệm vụ này.")
    if task.status not in OPEN_STATES:
        raise ServiceError("task_closed", f"Nhiệm vụ {task.status_label.lower()} nên không cần đôn đốc.")
    text = required_text(data.text, "missing_text", "Hãy nhập nội dung đôn đốc.")
    return _record(actor, task, f"manual:{utcnow():%Y%m%dT%H%M%S}:{secrets.token_hex(4)}", text, _recipients(task))


def _due_key(task: Task, now: datetime) -> Optional[tuple[str, str, bool]]:
    """(key, text, tell the assigner too) of the automatic reminder due now, if any."""
    deadline = task.deadline
    if deadline is None:
        return None
    stamp = f"{to_local(deadline):%Y%m%d%H%M}"
    due = f"{to_local(deadline):%d/%m/%Y}"
    if now > deadline:
        return (f"overdue:{stamp}", f"Nhiệm vụ «{task.title}» đã quá hạn (hạn {due}). Đề nghị báo cáo ngay tình hình "
                                    "thực hiện và lý do chậm.", True)
    today = to_local(now).date()
    for days in reminder_days():
        if to_local(deadline).date() <= calendar.add_working_days_date(today, days):
            return (f"before:{days}:{stamp}", f"Nhiệm vụ «{task.title}» còn {days} ngày làm việc đến hạn ({due}); "
                                              f"tiến độ hiện tại {task.progress}%.", False)
    return None


@operation
def send_due_reminders(now: Optional[datetime] = None) -> int:
    """The worker's job: every open task whose reminder is due gets it once; returns how many."""
    now = now or utcnow()
    latest = max(reminder_days(), default=0)
    horizon = calendar.end_of_working_day(calendar.add_working_days_date(to_local(now).date(), latest))
    tasks = db.session.scalars(select(Task).where(Task.status.in_(OPEN_STATES), Task.deadline.is_not(None),
                                                  Task.deadline <= horizon).order_by(Task.id))
    system = Actor.system("nhắc việc tự động")
    sent = 0
    for task in tasks:
        due = _due_key(task, now)
        if due is None:
            continue
        key, text, with_assigner = due
        exists = db.session.scalar(select(TaskReminder.id).where(TaskReminder.task_id == task.id, TaskReminder.key == key))
        if exists is not None:
            continue
        _record(system, task, key, text, _recipients(task, with_assigner))
        sent += 1
    return sent
