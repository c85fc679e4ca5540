"""JSON API for tasks under /api/v1/tasks: everything the pages can do, through the same
services and the same pydantic models (their titles give the 422 messages in Vietnamese)."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Items, Page, paged
from eoffice.db import db
from eoffice.tasks import assigning, lifecycle, queries, schedule
from eoffice.tasks.schemas import (
    ConclusionsIn, DashboardOut, DashboardQuery, DoneIn, ExtensionDecisionIn, ExtensionIn, MeetingOut, PlanDetailOut, PlanIn,
    PlanOut, ProgressIn, ReasonIn, ReminderIn, ScheduleEntryIn, ScheduleEntryOut, ScheduleWeekOut, ScheduleWeekQuery,
    SubTaskIn, TaskDetailOut, TaskIn, TaskListQuery, TaskOut,
)
from eoffice.web.guard import current_actor


def _task(task_id: int) -> Any:
    return assigning.get_task(current_actor(), task_id)


def _act(task_id: int, call: Any) -> Any:
    task = _task(task_id)
    call(task)
    db.session.expire_all()
    return _task(task_id)


@api_bp.get("/tasks")
@permission("tasks.work")
@api_bp.input(TaskListQuery, location="query", arg_name="query")
@api_bp.output(Page[TaskOut])
def tasks_list(query: TaskListQuery) -> Any:
    """Nhiệm vụ người gọi được xem, lọc theo danh sách, từ khóa (q, gõ không dấu được), trạng thái, tiến độ, đơn vị, người, kế hoạch"""
    filters = queries.Filters(tab=query.tab, q=query.q, status=query.status, timeliness=query.timeliness, unit_id=query.unit_id,
                              user_id=query.user_id, plan_id=query.plan_id)
    return paged(db.paginate(queries.listing_query(current_user, filters), page=query.page, per_page=query.per_page,
                             error_out=False))


@api_bp.post("/tasks")
@permission("tasks.assign")
@api_bp.input(TaskIn, arg_name="data")
@api_bp.output(TaskDetailOut, status_code=201)
def tasks_create(data: TaskIn) -> Any:
    """Giao nhiệm vụ cho đơn vị (và người) chủ trì, các đơn vị phối hợp, với hạn hoàn thành"""
    return assigning.assign(current_actor(), data)


@api_bp.post("/tasks/conclusions")
@permission("tasks.assign")
@api_bp.input(ConclusionsIn, arg_name="data")
@api_bp.output(Items[TaskOut], status_code=201)
def tasks_from_conclusions(data: ConclusionsIn) -> Any:
    """Giao nhiệm vụ từ kết luận cuộc họp: mỗi kết luận thành một nhiệm vụ (tất cả hoặc không)"""
    return {"items": assigning.from_conclusions(current_actor(), data)}


@api_bp.get("/tasks/<int:task_id>")
@permission("tasks.work")
@api_bp.output(TaskDetailOut)
def tasks_get(task_id: int) -> Any:
    """Một nhiệm vụ: nhiệm vụ con, gia hạn và toàn bộ quá trình"""
    return _task(task_id)


@api_bp.post("/tasks/<int:task_id>/accept")
@permission("tasks.work")
@api_bp.output(TaskDetailOut)
def tasks_accept(task_id: int) -> Any:
    """Nhận nhiệm vụ"""
    return _act(task_id, lambda task: lifecycle.accept(current_actor(), task))


@api_bp.post("/tasks/<int:task_id>/progress")
@permission("tasks.work")
@api_bp.input(ProgressIn, arg_name="data")
@api_bp.output(TaskDetailOut)
def tasks_progress(task_id: int, data: ProgressIn) -> Any:
    """Báo cáo tiến độ (0–100 %) kèm nội dung"""
    return _act(task_id, lambda task: lifecycle.report_progress(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/done")
@permission("tasks.work")
@api_bp.input(DoneIn, arg_name="data")
@api_bp.output(TaskDetailOut)
def tasks_done(task_id: int, data: DoneIn) -> Any:
    """Báo cáo hoàn thành kèm kết quả"""
    return _act(task_id, lambda task: lifecycle.report_done(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/confirm")
@permission("tasks.work")
@api_bp.output(TaskDetailOut)
def tasks_confirm(task_id: int) -> Any:
    """Người giao xác nhận hoàn thành (không tự xác nhận nhiệm vụ của mình)"""
    return _act(task_id, lambda task: lifecycle.confirm(current_actor(), task))


@api_bp.post("/tasks/<int:task_id>/send-back")
@permission("tasks.work")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(TaskDetailOut)
def tasks_send_back(task_id: int, data: ReasonIn) -> Any:
    """Trả lại nhiệm vụ đã báo cáo hoàn thành (bắt buộc ghi lý do)"""
    return _act(task_id, lambda task: lifecycle.send_back(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/cancel")
@permission("tasks.work")
@api_bp.input(ReasonIn, arg_name="data")
@api_bp.output(TaskDetailOut)
def tasks_cancel(task_id: int, data: ReasonIn) -> Any:
    """Hủy nhiệm vụ (bắt buộc ghi lý do); các nhiệm vụ con đang mở cũng bị hủy"""
    return _act(task_id, lambda task: lifecycle.cancel(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/extensions")
@permission("tasks.work")
@api_bp.input(ExtensionIn, arg_name="data")
@api_bp.output(TaskDetailOut, status_code=201)
def tasks_request_extension(task_id: int, data: ExtensionIn) -> Any:
    """Xin gia hạn (lý do, hạn mới); số lần gia hạn tối đa theo cấu hình"""
    return _act(task_id, lambda task: lifecycle.request_extension(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/extensions/decision")
@permission("tasks.work")
@api_bp.input(ExtensionDecisionIn, arg_name="data")
@api_bp.output(TaskDetailOut)
def tasks_decide_extension(task_id: int, data: ExtensionDecisionIn) -> Any:
    """Đồng ý hoặc không đồng ý đề nghị gia hạn đang chờ"""
    return _act(task_id, lambda task: lifecycle.decide_extension(current_actor(), task, data))


@api_bp.post("/tasks/<int:task_id>/subtasks")
@permission("tasks.work")
@api_bp.input(SubTaskIn, arg_name="data")
@api_bp.output(TaskDetailOut, status_code=201)
def tasks_split(task_id: int, data: SubTaskIn) -> Any:
    """Lãnh đạo đơn vị chủ trì giao một nhiệm vụ con cho chuyên viên"""
    return _act(task_id, lambda task: assigning.split(current_actor(), task, [data]))


@api_bp.post("/tasks/<int:task_id>/reminders")
@permission("tasks.work")
@api_bp.input(ReminderIn, arg_name="data")
@api_bp.output(TaskDetailOut, status_code=201)
def tasks_remind(task_id: int, data: ReminderIn) -> Any:
    """Đôn đốc thực hiện nhiệm vụ (trong hệ thống và thư điện tử)"""
    from eoffice.tasks import reminders

    return _act(task_id, lambda task: reminders.remind(current_actor(), task, data))


@api_bp.get("/tasks/plans")
@permission("tasks.work")
@api_bp.output(Items[PlanOut])
def tasks_plans() -> Any:
    """Các kế hoạch"""
    return {"items": assigning.plans()}


@api_bp.post("/tasks/plans")
@permission("tasks.plans.manage")
@api_bp.input(PlanIn, arg_name="data")
@api_bp.output(PlanOut, status_code=201)
def tasks_plan_create(data: PlanIn) -> Any:
    """Tạo kế hoạch (ví dụ «Kế hoạch CCHC năm 2026»)"""
    return assigning.create_plan(current_actor(), data)


@api_bp.get("/tasks/plans/<int:plan_id>")
@permission("tasks.work")
@api_bp.output(PlanDetailOut)
def tasks_plan_get(plan_id: int) -> Any:
    """Một kế hoạch: số nhiệm vụ hoàn thành / tổng số theo lĩnh vực"""
    plan = queries.plan_of(plan_id)
    return {"id": plan.id, "title": plan.title, "year": plan.year, "areas": queries.plan_areas(current_user, plan)}


# --- The dashboard, meetings and the weekly schedule ------------------------------------------
@api_bp.get("/tasks/dashboard")
@permission("tasks.dashboard")
@api_bp.input(DashboardQuery, location="query", arg_name="query")
@api_bp.output(DashboardOut)
def tasks_dashboard(query: DashboardQuery) -> Any:
    """Bảng theo dõi nhiệm vụ: số liệu theo trạng thái, tiến độ, đơn vị, người; danh sách quá hạn, sắp đến hạn"""
    from eoffice.tasks import dashboard

    return dashboard.build(current_user, start=query.start, end=query.end)


@api_bp.get("/tasks/meetings")
@permission("tasks.assign")
@api_bp.output(Items[MeetingOut])
def tasks_meetings() -> Any:
    """Các cuộc họp đã ghi kết luận, mới nhất trước"""
    return {"items": assigning.meetings()}


@api_bp.get("/tasks/meetings/<int:meeting_id>")
@permission("tasks.assign")
@api_bp.output(MeetingOut)
def tasks_meeting(meeting_id: int) -> Any:
    """Một cuộc họp: ngày, người chủ trì, thành phần, các kết luận và nhiệm vụ của chúng"""
    from eoffice.db import get_or_not_found
    from eoffice.tasks.models import Meeting

    return get_or_not_found(Meeting, meeting_id, "cuộc họp")


def _schedule_week(day: Any) -> Any:
    """The week of `day` (this week without one) if the caller may read it; a week nobody has
    drafted yet is an empty one (as the page shows it), not an error."""
    from eoffice.auth.permissions import require
    from eoffice.calendar import service as calendar

    monday = schedule.monday_of(day or calendar.now().date())
    week = schedule.week_of(monday)
    if week is None:
        return {"id": None, "week_start": monday, "status": "none", "status_label": "Chưa lập lịch",
                "approved_at": None, "published_at": None, "entries": []}
    require(current_user, "schedule.read", week, "Lịch tuần này chưa được công bố.")
    return week


@api_bp.get("/tasks/schedule")
@permission("schedule.view")
@api_bp.input(ScheduleWeekQuery, location="query", arg_name="query")
@api_bp.output(ScheduleWeekOut)
def schedule_week(query: ScheduleWeekQuery) -> Any:
    """Lịch công tác tuần của Chủ tịch và các Phó Chủ tịch (tuần chứa ngày đã cho)"""
    return _schedule_week(query.week)


@api_bp.post("/tasks/schedule/entries")
@permission("schedule.draft")
@api_bp.input(ScheduleEntryIn, arg_name="data")
@api_bp.output(ScheduleEntryOut, status_code=201)
def schedule_entry_add(data: ScheduleEntryIn) -> Any:
    """Thêm một dòng vào lịch công tác tuần (trùng giờ của cùng lãnh đạo bị từ chối)"""
    return schedule.add_entry(current_actor(), data)


def _week_by_id(week_id: int) -> Any:
    from eoffice.db import get_or_not_found
    from eoffice.tasks.models import ScheduleWeek

    return get_or_not_found(ScheduleWeek, week_id, "lịch công tác tuần")


@api_bp.post("/tasks/schedule/weeks/<int:week_id>/approve")
@permission("schedule.approve")
@api_bp.output(ScheduleWeekOut)
def schedule_week_approve(week_id: int) -> Any:
    """Duyệt lịch công tác tuần"""
    week = _week_by_id(week_id)
    schedule.approve(current_actor(), week)
    return week


@api_bp.post("/tasks/schedule/weeks/<int:week_id>/publish")
@permission("schedule.draft")
@api_bp.output(ScheduleWeekOut)
def schedule_week_publish(week_id: int) -> Any:
    """Công bố lịch công tác tuần đã duyệt cho mọi người"""
    week = _week_by_id(week_id)
    schedule.publish(current_actor(), week)
    return week
