"""Pages of the leaders' weekly schedule: the week (with the office's form to add entries and
the approve / publish buttons) and its printable A4 page."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice import dates
from eoffice.auth.permissions import can
from eoffice.calendar import service as calendar
from eoffice.db import db, get_or_not_found
from eoffice.tasks import schedule
from eoffice.tasks.models import ScheduleWeek
from eoffice.tasks.schemas import ScheduleEntryIn
from eoffice.web.form_input import FormReader, FormState, submit
from eoffice.web.guard import current_actor, requires

bp = Blueprint("task_schedule", __name__, url_prefix="/tasks/schedule", template_folder="templates")

ENTRY_FIELDS = {"overlap": "start", "end_before_start": "end", "bad_time": "start", "not_a_leader": "leader_id",
                "missing_content": "content", "missing_day": "day"}


def _monday() -> date:
    try:
        day = dates.parse_date(request.args.get("week") or None, "Tuần")
    except dates.InvalidDate:
        day = None
    return schedule.monday_of(day or calendar.now().date())


def _render(monday: date, f: Optional[FormState] = None, status: int = 200, template: str = "tasks/schedule.html") -> Any:
    week = schedule.week_of(monday)
    visible = week is not None and can(current_user, "schedule.read", week)
    return render_template(template, monday=monday, week=week if visible else None, hidden=week is not None and not visible,
                           days=schedule.days_of(week) if visible and week else [], leaders=schedule.leaders(),
                           f=f or FormState("entry"), may_draft=can(current_user, "schedule.draft"),
                           may_approve=can(current_user, "schedule.approve"),
                           meeting_links=template == "tasks/schedule.html" and can(current_user, "tasks.assign"),
                           now=calendar.now(),
                           previous=monday - timedelta(days=7), following=monday + timedelta(days=7), sunday=monday + timedelta(days=6),
                           weekdays=["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]), status


@bp.get("/", strict_slashes=False)
@requires("schedule.view")
def week() -> Any:
    return _render(_monday())


@bp.get("/print")
@requires("schedule.view")
def printable() -> Any:
    return _render(_monday(), template="tasks/schedule_print.html")


@bp.post("/entries")
@requires("schedule.draft")
def add_entry() -> Any:
    reader = FormReader("entry", request.form)
    state = submit(reader, lambda form: form.model(ScheduleEntryIn), lambda data: schedule.add_entry(current_actor(), data),
                   ENTRY_FIELDS, on_error=db.session.rollback)
    monday = _monday_of_form(reader)
    if state is None:
        flash("Đã thêm vào lịch công tác.", "success")
        return redirect(url_for(".week", week=monday.isoformat()))
    db.session.rollback()
    return _render(monday, state, 400)


def _monday_of_form(reader: FormReader) -> date:
    try:
        day = dates.parse_date(reader.text("day") or None, "Ngày")
    except dates.InvalidDate:
        day = None
    return schedule.monday_of(day or calendar.now().date())


def _week_action(week_id: int, call: Any, success: str) -> Any:
    from eoffice.errors import ServiceError

    week = get_or_not_found(ScheduleWeek, week_id, "lịch tuần")
    try:
        call(week)
        flash(success, "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for(".week", week=week.week_start.isoformat()))


@bp.post("/<int:week_id>/approve")
@requires("schedule.approve")
def approve(week_id: int) -> Any:
    return _week_action(week_id, lambda w: schedule.approve(current_actor(), w), "Đã duyệt lịch công tác tuần.")


@bp.post("/<int:week_id>/publish")
@requires("schedule.draft")
def publish(week_id: int) -> Any:
    return _week_action(week_id, lambda w: schedule.publish(current_actor(), w), "Đã công bố lịch công tác tuần.")
