"""What the task pages, the API and the dashboard list and count. Every list filters by the
readers the core materialised (WorkReader), so a confidential task never shows — not even in
a count — to someone not named on it.

Timeliness comes from the one shared function (`eoffice.calendar.service.timeliness_of`):
for finished tasks it is fixed when the result comes in (`finished_timeliness`); for open
ones the same rule is written as SQL over the deadline — overdue once the deadline has
passed, due soon while it is within the calendar's due-soon threshold
(`calendar.due_soon_threshold`, the function's own boundary) — so counts and badges agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from eoffice.auth.principals import head_units, principals_of
from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.tasks.models import FINISHED_STATES, OPEN_STATES, Task, TaskPlan, TaskState
from eoffice.work.list_search import text_condition
from eoffice.work.models import WorkReader

TABS = {"cua_toi": "Việc của tôi", "toi_giao": "Tôi giao", "don_vi": "Của đơn vị tôi", "tat_ca": "Tất cả nhiệm vụ tôi được xem"}
OPEN_TIMELINESS = ("in_time", "due_soon", "overdue")
FINISHED_TIMELINESS = ("early", "on_time", "late")
TIMELINESS_LABELS = {"in_time": "Trong hạn", "due_soon": "Sắp đến hạn", "overdue": "Quá hạn", "early": "Trước hạn",
                     "on_time": "Đúng hạn", "late": "Hoàn thành quá hạn"}
PER_PAGE = 50


def timeliness(task: Task, now: Optional[datetime] = None) -> Optional[str]:
    """The task's timeliness code by the shared function (None for a cancelled task)."""
    if task.status == TaskState.CANCELLED.value:
        return None
    finished = task.done_at if task.status in FINISHED_STATES else None
    return calendar.timeliness_of(task.deadline, finished, now)


def _readable(user: Any) -> Any:
    return Task.id.in_(select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user))))


def timeliness_clause(code: str, now: datetime) -> Any:
    """SQL for one timeliness code, the shared function's rule (see the module's docstring)."""
    if code in FINISHED_TIMELINESS:
        return and_(Task.status.in_(FINISHED_STATES), Task.finished_timeliness == code)
    is_open = Task.status.in_(OPEN_STATES)
    if code == "overdue":
        return and_(is_open, Task.deadline < now)
    threshold = calendar.due_soon_threshold(now)
    if code == "due_soon":
        return and_(is_open, Task.deadline >= now, Task.deadline <= threshold)
    if code == "in_time":
        return and_(is_open, Task.deadline > threshold)
    raise ValueError(code)


@dataclass
class Filters:
    tab: str = "tat_ca"
    q: str = ""  # words of the title or area, with or without diacritics
    status: str = ""
    timeliness: str = ""
    unit_id: Optional[int] = None
    user_id: Optional[int] = None
    plan_id: Optional[int] = None
    area: Optional[str] = None
    top_level: bool = False
    sub_tasks: bool = False  # only sub-tasks (those a unit head split off)
    done_since: Optional[datetime] = None  # finished at or after (the specialist's "done this month")
    extra: dict[str, Any] = field(default_factory=dict)


def listing_query(user: Any, filters: Filters, now: Optional[datetime] = None) -> Select[tuple[Task]]:
    now = now or utcnow()
    query = select(Task).where(_readable(user), text_condition(filters.q)).options(
        selectinload(Task.lead_unit), selectinload(Task.lead_user))  # the rows' "Chủ trì", not one query each
    if filters.tab == "cua_toi":
        heads = head_units(user)
        query = query.where(or_(Task.lead_user_id == user.id,
                                and_(Task.lead_user_id.is_(None), Task.lead_unit_id.in_(heads) if heads else False)))
    elif filters.tab == "toi_giao":
        query = query.where(Task.assigner_id == user.id)
    elif filters.tab == "don_vi":
        query = query.where(Task.lead_unit_id.in_(head_units(user) | set(user.unit_ids)))
    if filters.status == "open":
        query = query.where(Task.status.in_(OPEN_STATES))
    elif filters.status == "finished":
        query = query.where(Task.status.in_(FINISHED_STATES))
    elif filters.status:
        query = query.where(Task.status == filters.status)
    if filters.timeliness in OPEN_TIMELINESS + FINISHED_TIMELINESS:
        query = query.where(timeliness_clause(filters.timeliness, now))
    if filters.unit_id:
        query = query.where(Task.lead_unit_id == filters.unit_id)
    if filters.user_id:
        query = query.where(Task.lead_user_id == filters.user_id)
    if filters.plan_id:
        query = query.where(Task.plan_id == filters.plan_id)
    if filters.area is not None:
        query = query.where(Task.area == filters.area)
    if filters.top_level:
        query = query.where(Task.parent_id.is_(None))
    if filters.sub_tasks:
        query = query.where(Task.parent_id.is_not(None))
    if filters.done_since is not None:
        query = query.where(Task.status.in_(FINISHED_STATES), Task.done_at >= filters.done_since)
    open_first = case((Task.status.in_(OPEN_STATES), 0), else_=1)
    return query.order_by(open_first, Task.deadline, Task.id)


def listing(user: Any, filters: Filters, page: int = 1) -> Any:
    return db.paginate(listing_query(user, filters), page=page, per_page=PER_PAGE, error_out=False)


def count(user: Any, filters: Filters, now: Optional[datetime] = None) -> int:
    """How many tasks the list with these filters has (the number a dashboard links to it)."""
    query = listing_query(user, filters, now).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def my_open_count(user: Any) -> int:
    return count(user, Filters(tab="cua_toi", status="open"))


# --- Plans -------------------------------------------------------------------------------------
@dataclass
class AreaCount:
    area: str
    done: int
    total: int


def plan_areas(user: Any, plan: TaskPlan) -> list[AreaCount]:
    """Completed/total per area of a plan ("31/55 nhiệm vụ hoàn thành"): the plan's own tasks
    (not their sub-tasks), cancelled ones left out; completed is reported done (confirmed or waiting for it)."""
    rows = db.session.execute(
        select(Task.area, func.count(Task.id), func.sum(case((Task.status.in_(FINISHED_STATES), 1), else_=0)))
        .where(_readable(user), Task.plan_id == plan.id, Task.parent_id.is_(None), Task.status != TaskState.CANCELLED.value)
        .group_by(Task.area).order_by(Task.area))
    return [AreaCount(area or "", int(done or 0), int(total)) for area, total, done in rows]


def plan_of(plan_id: int) -> TaskPlan:
    from eoffice.db import get_or_not_found

    return get_or_not_found(TaskPlan, plan_id, "kế hoạch")
