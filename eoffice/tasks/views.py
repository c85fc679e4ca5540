"""Pages for tasks: my queue (with filters the dashboard's numbers link to), the new-task
form, the task page with its actions, and plans with completed/total per area. Every form is
read into the service's own pydantic model (eoffice.web.form_input), so a failed submission
shows each message beside its field and loses nothing typed."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from eoffice.auth.models import Membership, User
from eoffice.auth.permissions import can, require
from eoffice.auth.principals import head_units
from eoffice.db import db
from eoffice.org.models import Unit
from eoffice.tasks import assigning, lifecycle, queries
from eoffice.tasks.models import EVENT_LABELS, PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS, Task
from eoffice.tasks.schemas import (
    ConclusionsIn, DoneIn, ExtensionDecisionIn, ExtensionIn, PlanIn, ProgressIn, ReasonIn, ReminderIn, SubTaskIn, TaskIn,
)
from eoffice.web.form_input import FormReader, FormState, PageForms, submit
from eoffice.web.guard import current_actor, requires
from eoffice.web.page_actions import act_on_page, no_input
from eoffice.web.paging import page_number
from eoffice.work.models import WorkFile

bp = Blueprint("tasks", __name__, url_prefix="/tasks", template_folder="templates")

DEADLINE_FIELDS = {"deadline_past": ("deadline", "working_days"), "not_a_working_day": "deadline",
                   "missing_deadline": "deadline", "not_later": "deadline", "after_parent_deadline": "deadline"}
TASK_FIELDS = {**DEADLINE_FIELDS, "missing_title": "title", "unit_inactive": "lead_unit_id", "user_disabled": "lead_user_id",
               "user_not_in_unit": "lead_user_id", "unit_twice": "coordinate_unit_ids", "missing_source": "source_item_id",
               "bad_source": "source_item_id", "missing_plan": "plan_id"}


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"STATUS_LABELS": STATUS_LABELS, "EVENT_LABELS": EVENT_LABELS, "SOURCE_LABELS": SOURCE_LABELS,
            "PRIORITY_LABELS": PRIORITY_LABELS, "TIMELINESS_LABELS": queries.TIMELINESS_LABELS, "TABS": queries.TABS,
            "timeliness_of": queries.timeliness}


def _units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.name)))


def _people_of(unit_ids: Any = None) -> list[User]:
    query = select(User).where(User.is_enabled.is_(True)).order_by(User.full_name)
    if unit_ids is not None:
        query = query.where(User.id.in_(select(Membership.user_id).where(Membership.unit_id.in_(list(unit_ids)))))
    return list(db.session.scalars(query))


def uploads(name: str) -> list[assigning.Upload]:
    return [assigning.Upload(f.stream, f.filename) for f in request.files.getlist(name) if f and f.filename]


# --- Lists -----------------------------------------------------------------------------------
def filters_from_args(default_tab: str = "cua_toi") -> queries.Filters:
    tab = request.args.get("tab") or default_tab
    if tab not in queries.TABS:
        abort(404)
    return queries.Filters(
        tab=tab, q=request.args.get("q", ""), status=request.args.get("status", ""), timeliness=request.args.get("timeliness", ""),
        unit_id=request.args.get("unit_id", type=int), user_id=request.args.get("user_id", type=int),
        plan_id=request.args.get("plan_id", type=int), area=request.args.get("area"),
        top_level=request.args.get("top_level") == "1", sub_tasks=request.args.get("sub_tasks") == "1",
        done_since=_done_from(request.args.get("done_from")),
    )


def _done_from(value: Optional[str]) -> Any:
    """`done_from=YYYY-MM-DD`: finished from the start of that day, Vietnam time (a bad date
    is left out rather than refusing the list)."""
    from datetime import datetime

    from eoffice import dates
    from eoffice.calendar.timezone import VN

    try:
        day = dates.parse_date(value or None, "done_from")
    except dates.InvalidDate:
        return None
    return datetime.combine(day, datetime.min.time(), VN) if day else None


@bp.get("/", strict_slashes=False)
@requires("tasks.work")
def index() -> Any:
    filters = filters_from_args()
    page = queries.listing(current_user, filters, page_number())
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("tasks/index.html", page=page, filters=filters, args=args,
                           may_assign=can(current_user, "tasks.assign"), units={u.id: u for u in _units()})


# --- New task --------------------------------------------------------------------------------
@bp.route("/new", methods=["GET", "POST"])
@requires("tasks.assign")
def new() -> Any:
    state: Optional[FormState] = None
    if request.method == "POST":
        reader = FormReader("task", request.form)
        created: list[Task] = []
        state = submit(reader, lambda form: form.model(TaskIn),
                       lambda data: created.append(assigning.assign(current_actor(), data, uploads("attachments"))),
                       TASK_FIELDS, on_error=db.session.rollback)
        if state is None:
            flash("Đã giao nhiệm vụ; đơn vị chủ trì được thông báo.", "success")
            return redirect(url_for(".detail", task_id=created[0].id))
        db.session.rollback()
    defaults = {k: request.args.get(k, "") for k in ("source", "source_item_id", "plan_id", "area", "title", "source_note", "content")}
    return render_template("tasks/new.html", f=state or FormState("task"), units=_units(), people=_people_of(),
                           plans=assigning.plans(), defaults=defaults), (400 if state is not None else 200)


CONCLUSION_ROWS = 8


@bp.route("/conclusions", methods=["GET", "POST"])
@requires("tasks.assign")
def conclusions() -> Any:
    """A meeting's conclusions, one per row (content, lead unit, deadline), become tasks at once."""
    state: Optional[FormState] = None
    if request.method == "POST":
        reader = FormReader("meeting", request.form)
        created: list[Task] = []

        def build(form: FormReader) -> Optional[ConclusionsIn]:
            rows = [dict(title=form.text(f"title{i}"), lead_unit_id=form.text(f"unit{i}") or None, area=form.text(f"area{i}"),
                         deadline=form.text(f"deadline{i}") or None, working_days=form.text(f"days{i}") or None)
                    for i in range(1, CONCLUSION_ROWS + 1) if form.text(f"title{i}").strip()]
            return form.model(ConclusionsIn, conclusions=rows)

        state = submit(reader, build, lambda data: created.extend(assigning.from_conclusions(current_actor(), data)),
                       {"missing_meeting": "meeting", "meeting_in_future": "held_on"}, on_error=db.session.rollback)
        if state is None:
            flash(f"Đã giao {len(created)} nhiệm vụ từ kết luận cuộc họp.", "success")
            meeting = assigning.meeting_of(created[0]) if created else None
            return redirect(url_for(".meeting", meeting_id=meeting.id) if meeting else url_for(".index", tab="toi_giao"))
        db.session.rollback()
    elif request.args.get("entry"):
        state = _from_schedule_entry(request.args["entry"])
        if state is None:
            return redirect(url_for("task_schedule.week"))
    from eoffice.tasks.schedule import leaders

    failed = state is not None and bool(state.errors)
    return render_template("tasks/conclusions.html", f=state or FormState("meeting"), units=_units(),
                           plans=assigning.plans(), rows=CONCLUSION_ROWS, leaders=leaders(),
                           plan_id=request.args.get("plan_id", "")), (400 if failed else 200)


def _from_schedule_entry(entry_id: str) -> Optional[FormState]:
    """The conclusions form started from a line of the weekly schedule: the meeting's name,
    day, chair and attendees come from the schedule (None, with a message, when that line
    cannot take conclusions: not held yet, already recorded, or not there)."""
    from werkzeug.datastructures import MultiDict

    from eoffice.calendar.timezone import to_local
    from eoffice.errors import ServiceError

    try:
        entry = assigning.scheduled_meeting(int(entry_id) if entry_id.isdigit() and len(entry_id) < 10 else 0)
    except ServiceError as exc:  # NotFound too
        flash(exc.message, "error")
        return None
    values = MultiDict({"meeting": entry.content, "held_on": to_local(entry.starts_at).date().isoformat(),
                        "chair_id": str(entry.leader_id), "attendees": entry.attendees, "schedule_entry_id": str(entry.id)})
    return FormState("meeting", values=values, submitted=True)


@bp.get("/meetings")
@requires("tasks.assign")
def meetings() -> Any:
    return render_template("tasks/meetings.html", meetings=assigning.meetings())


@bp.get("/meetings/<int:meeting_id>")
@requires("tasks.assign")
def meeting(meeting_id: int) -> Any:
    """A meeting's record: date, chair, attendees, and each conclusion with the task it became
    (the task opens only for those who may read it)."""
    from eoffice.db import get_or_not_found
    from eoffice.tasks.models import Meeting

    return render_template("tasks/meeting.html", meeting=get_or_not_found(Meeting, meeting_id, "cuộc họp"))


# --- The task page and its actions -----------------------------------------------------------
def _task(task_id: int) -> Task:
    return assigning.get_task(current_actor(), task_id)


def _render_detail(task: Task, failed: Optional[FormState] = None, status: int = 200) -> Any:
    user = current_user
    from eoffice.tasks.access import is_lead
    from eoffice.tasks.reminders import default_text

    return render_template(
        "tasks/detail.html", task=task, forms=PageForms(failed), timeliness=queries.timeliness(task),
        is_lead=is_lead(user, task), may_decide=can(user, "task.decide", task),
        is_unit_head=task.lead_unit_id in head_units(user), unit_people=_people_of([task.lead_unit_id]),
        reminder_text=default_text(task),
    ), status


@bp.get("/<int:task_id>")
@requires("tasks.work")
def detail(task_id: int) -> Any:
    return _render_detail(_task(task_id))


def _act(task_id: int, form_id: str, success: str, build: Callable[[FormReader], Any],
         call: Callable[[Task, Any], Any], fields: Optional[dict[str, Any]] = None) -> Any:
    item = _task(task_id)
    return act_on_page(form_id, success, build, lambda data: call(item, data), fields or {},
                       done=lambda: redirect(url_for(".detail", task_id=task_id)),
                       failed_page=lambda state: _render_detail(_task(task_id), state, 400))



@bp.post("/<int:task_id>/accept")
@requires("tasks.work")
def accept(task_id: int) -> Any:
    return _act(task_id, "accept", "Đã nhận nhiệm vụ.", no_input, lambda task, _: lifecycle.accept(current_actor(), task))


@bp.post("/<int:task_id>/progress")
@requires("tasks.work")
def progress(task_id: int) -> Any:
    return _act(task_id, "progress", "Đã gửi báo cáo tiến độ.", lambda form: form.model(ProgressIn),
                lambda task, data: lifecycle.report_progress(current_actor(), task, data, uploads("files")),
                {"percent_over_100": "percent", "missing_text": "text", "type_not_allowed": "files", "too_large": "files"})


@bp.post("/<int:task_id>/done")
@requires("tasks.work")
def done(task_id: int) -> Any:
    return _act(task_id, "done", "Đã báo cáo hoàn thành; người giao nhiệm vụ sẽ xác nhận.", lambda form: form.model(DoneIn),
                lambda task, data: lifecycle.report_done(current_actor(), task, data, uploads("files")),
                {"missing_result": "result", "type_not_allowed": "files", "too_large": "files"})


@bp.post("/<int:task_id>/confirm")
@requires("tasks.work")
def confirm(task_id: int) -> Any:
    return _act(task_id, "confirm", "Đã xác nhận hoàn thành nhiệm vụ.", no_input,
                lambda task, _: lifecycle.confirm(current_actor(), task))


@bp.post("/<int:task_id>/send-back")
@requires("tasks.work")
def send_back(task_id: int) -> Any:
    return _act(task_id, "send_back", "Đã trả lại nhiệm vụ kèm lý do.", lambda form: form.model(ReasonIn),
                lambda task, data: lifecycle.send_back(current_actor(), task, data), {"missing_reason": "reason"})


@bp.post("/<int:task_id>/cancel")
@requires("tasks.work")
def cancel(task_id: int) -> Any:
    return _act(task_id, "cancel", "Đã hủy nhiệm vụ.", lambda form: form.model(ReasonIn),
                lambda task, data: lifecycle.cancel(current_actor(), task, data), {"missing_reason": "reason"})


@bp.post("/<int:task_id>/extensions")
@requires("tasks.work")
def request_extension(task_id: int) -> Any:
    return _act(task_id, "extension", "Đã gửi đề nghị gia hạn.", lambda form: form.model(ExtensionIn),
                lambda task, data: lifecycle.request_extension(current_actor(), task, data),
                {**DEADLINE_FIELDS, "missing_reason": "reason"})


@bp.post("/<int:task_id>/extensions/decision")
@requires("tasks.work")
def decide_extension(task_id: int) -> Any:
    return _act(task_id, "decision", "Đã ghi quyết định về đề nghị gia hạn.",
                lambda form: form.model(ExtensionDecisionIn, approve=form.text("approve") == "1"),
                lambda task, data: lifecycle.decide_extension(current_actor(), task, data))


@bp.post("/<int:task_id>/split")
@requires("tasks.work")
def split(task_id: int) -> Any:
    """Up to five rows of (title, specialist, deadline); blank rows are skipped."""
    def build(form: FormReader) -> Optional[list[SubTaskIn]]:
        parts = []
        for i in range(1, 6):
            if not form.text(f"title{i}").strip():
                continue
            part = form.model(SubTaskIn, title=form.text(f"title{i}"), lead_user_id=form.text(f"user{i}") or None,
                              deadline=form.text(f"deadline{i}") or None, working_days=form.text(f"days{i}") or None,
                              content="")
            if part is not None:
                parts.append(part)
        return parts

    return _act(task_id, "split", "Đã giao nhiệm vụ con cho chuyên viên.", build,
                lambda task, parts: assigning.split(current_actor(), task, parts))


@bp.post("/<int:task_id>/remind")
@requires("tasks.work")
def remind(task_id: int) -> Any:
    from eoffice.tasks import reminders

    return _act(task_id, "remind", "Đã gửi đôn đốc.", lambda form: form.model(ReminderIn),
                lambda task, data: reminders.remind(current_actor(), task, data), {"missing_text": "text"})


@bp.get("/files/<int:task_file_id>")
@requires("tasks.work")
def download(task_file_id: int) -> Response:
    from eoffice.files.download import file_response

    record = db.session.get(WorkFile, task_file_id)
    if record is None or record.work_item.kind != "task":
        abort(404)
    require(current_user, "task.view", record.work_item)
    return file_response(record)


# --- Plans -------------------------------------------------------------------------------------
@bp.route("/plans", methods=["GET", "POST"])
@requires("tasks.work")
def plans() -> Any:
    state: Optional[FormState] = None
    if request.method == "POST":
        require(current_user, "tasks.plans.manage")
        reader = FormReader("plan", request.form)
        created: list[Any] = []
        state = submit(reader, lambda form: form.model(PlanIn),
                       lambda data: created.append(assigning.create_plan(current_actor(), data)),
                       {"missing_title": "title"}, on_error=db.session.rollback)
        if state is None:
            flash("Đã tạo kế hoạch.", "success")
            return redirect(url_for(".plan", plan_id=created[0].id))
        db.session.rollback()
    return render_template("tasks/plans.html", plans=assigning.plans(), f=state or FormState("plan"),
                           may_manage=can(current_user, "tasks.plans.manage")), (400 if state else 200)


@bp.get("/plans/<int:plan_id>")
@requires("tasks.work")
def plan(plan_id: int) -> Any:
    plan = queries.plan_of(plan_id)
    areas = queries.plan_areas(current_user, plan)
    return render_template("tasks/plan.html", plan=plan, areas=areas,
                           done=sum(a.done for a in areas), total=sum(a.total for a in areas),
                           may_assign=can(current_user, "tasks.assign"))
