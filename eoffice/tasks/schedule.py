"""The leaders' weekly schedule (lịch công tác tuần): the office drafts each week's entries for
the chairperson and vice-chairpersons, the office chief or a chairperson approves it, and it
is published to everyone; an entry added or changed after publication is flagged. The same
leader cannot be in two places at once: an overlapping entry is refused, naming the other."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize, roles_rule, rule
from eoffice.auth.roles import Role
from eoffice.calendar.timezone import VN, to_local
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.tasks.models import ScheduleEntry, ScheduleWeek
from eoffice.tasks.schemas import ScheduleEntryIn
from eoffice.text import nfc, required_text
from eoffice.work.unit_of_work import operation

roles_rule("schedule.draft", Role.OFFICE_CHIEF, Role.CLERK)
roles_rule("schedule.approve", Role.OFFICE_CHIEF, Role.CHAIR)
roles_rule("schedule.view", *Role)


@rule("schedule.read")
def _read(user: Any, week: Any) -> bool:
    """A published week is everyone's; a draft is the office's and the leaders'."""
    if week is None or week.status == "published":
        return True
    return user.has_role(Role.OFFICE_CHIEF, Role.CLERK, Role.CHAIR)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(day: date) -> Optional[ScheduleWeek]:
    return db.session.scalar(select(ScheduleWeek).where(ScheduleWeek.week_start == monday_of(day)))


def leaders() -> list[User]:
    users = db.session.scalars(select(User).where(User.is_enabled.is_(True)).order_by(User.full_name))
    return [u for u in users if u.has_role(Role.CHAIR)]


def _moment(day: date, text: str, what: str) -> datetime:
    hours, _, minutes = text.partition(":")
    try:
        return datetime.combine(day, time(int(hours), int(minutes)), VN)
    except ValueError:
        raise ServiceError("bad_time", f"{what} «{text}» không phải giờ hợp lệ; hãy nhập dạng 08:00.") from None


@operation
def add_entry(actor: Actor, data: ScheduleEntryIn) -> ScheduleEntry:
    authorize(actor, "schedule.draft")
    if data.day is None:
        raise ServiceError("missing_day", "Hãy chọn ngày.")
    content = required_text(data.content, "missing_content", "Hãy nhập nội dung công việc.")
    leader = get_or_not_found(User, data.leader_id, "lãnh đạo")
    if not leader.is_enabled or not leader.has_role(Role.CHAIR):
        raise ServiceError("not_a_leader", f"{leader.full_name} không phải Chủ tịch hay Phó Chủ tịch đang làm việc. Hãy chọn lại.")
    starts, ends = _moment(data.day, data.start, "Giờ bắt đầu"), _moment(data.day, data.end, "Giờ kết thúc")
    if ends <= starts:
        raise ServiceError("end_before_start", "Giờ kết thúc phải sau giờ bắt đầu.")
    week = week_of(data.day)
    if week is None:
        week = ScheduleWeek(week_start=monday_of(data.day), drafted_by_id=actor.user_id, status="draft")
        db.session.add(week)
        db.session.flush()
    clash = db.session.scalar(select(ScheduleEntry).where(
        ScheduleEntry.leader_id == leader.id, ScheduleEntry.starts_at < ends, ScheduleEntry.ends_at > starts))
    if clash is not None:
        raise ServiceError("overlap", f"{leader.full_name} đã có lịch «{clash.content[:80]}» từ {to_local(clash.starts_at):%H:%M} "
                                      f"đến {to_local(clash.ends_at):%H:%M} ngày {to_local(clash.starts_at):%d/%m/%Y}. "
                                      "Hãy chọn giờ khác hoặc lãnh đạo khác.")
    entry = ScheduleEntry(week_id=week.id, leader_id=leader.id, starts_at=starts, ends_at=ends, content=content,
                          place=nfc(data.place), attendees=nfc(data.attendees), preparer=nfc(data.preparer),
                          changed_at=utcnow() if week.status == "published" else None)
    if week.status == "approved":
        week.status = "draft"  # a change after approval is approved again
    db.session.add(entry)
    db.session.flush()
    from eoffice.audit import service as audit

    audit.record(actor, "schedule.entry_added", "schedule_week", week.id, {"leader": leader.id,
                 "starts_at": starts.isoformat(), "published": week.status == "published"}, text=content)
    if week.status == "published":
        notify([leader.id], "schedule.changed", f"Lịch công tác tuần có thay đổi: {content[:150]}",
               f"/tasks/schedule?week={week.week_start.isoformat()}")
    return entry


@operation
def approve(actor: Actor, week: ScheduleWeek) -> None:
    authorize(actor, "schedule.approve")
    if week.status != "draft":
        raise ServiceError("not_draft", f"Lịch tuần đang ở trạng thái «{week.status_label}», không cần duyệt.")
    if not week.entries:
        raise ServiceError("empty_week", "Lịch tuần chưa có nội dung nào để duyệt.")
    week.status, week.approved_by_id, week.approved_at = "approved", actor.user_id, utcnow()
    from eoffice.audit import service as audit

    audit.record(actor, "schedule.approved", "schedule_week", week.id, {"week": week.week_start.isoformat()})


@operation
def publish(actor: Actor, week: ScheduleWeek) -> None:
    authorize(actor, "schedule.draft")
    if week.status != "approved":
        raise ServiceError("not_approved", "Chỉ công bố được lịch tuần đã được duyệt.")
    week.status, week.published_at = "published", utcnow()
    from eoffice.audit import service as audit

    audit.record(actor, "schedule.published", "schedule_week", week.id, {"week": week.week_start.isoformat()})
    notify([u.id for u in leaders()], "schedule.published",
           f"Đã công bố lịch công tác tuần từ {week.week_start:%d/%m/%Y}", f"/tasks/schedule?week={week.week_start.isoformat()}")


def days_of(week: ScheduleWeek) -> list[tuple[date, list[ScheduleEntry]]]:
    """The week's days that have entries, each with its entries in time order."""
    by_day: dict[date, list[ScheduleEntry]] = {}
    for entry in week.entries:
        by_day.setdefault(to_local(entry.starts_at).date(), []).append(entry)
    return sorted(by_day.items())
