"""The chairperson's figures: tasks counted by status and timeliness per unit and per person,
in SQL, over the tasks the viewer may read. The figures add up by construction — every open
task is in exactly one of in time / due soon / overdue and every finished one in exactly one
of early / on time / late (`queries.timeliness_clause`, the shared function's rule) — and
each number is a filter of the task list (`link_args`), so it opens the list behind it.

Per unit counts the tasks given to units (not their sub-tasks, which would count the same
work twice); per person counts what each person leads, sub-tasks included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Optional

import threading
import time
from urllib.parse import urlencode

from sqlalchemy import case, event, func, select
from sqlalchemy.orm import Session, selectinload

from eoffice.auth.models import User
from eoffice.auth.principals import principals_of
from eoffice.db import db, utcnow
from eoffice.org.models import Unit
from eoffice.tasks import counts
from eoffice.tasks.access import OVERSEEING_ROLES
from eoffice.tasks.models import FINISHED_STATES, OPEN_STATES, Task, TaskState
from eoffice.tasks.queries import FINISHED_TIMELINESS, OPEN_TIMELINESS, Filters, _readable, listing_query, timeliness, timeliness_clause

PEOPLE_SHOWN = 50  # the people with the most overdue, then due-soon tasks; each unit's row opens the rest
COLUMNS = ("total", "open", *OPEN_TIMELINESS, "finished", *FINISHED_TIMELINESS, "cancelled")
COLUMN_LABELS = {
    "total": "Tổng số", "open": "Đang thực hiện", "in_time": "Trong hạn", "due_soon": "Sắp đến hạn", "overdue": "Quá hạn",
    "finished": "Đã hoàn thành", "early": "Trước hạn", "on_time": "Đúng hạn", "late": "Hoàn thành quá hạn", "cancelled": "Đã hủy",
}
# Which list each column opens (besides the row's unit or person).
COLUMN_FILTERS: dict[str, dict[str, str]] = {
    "total": {}, "open": {"status": "open"}, "finished": {"status": "finished"}, "cancelled": {"status": "cancelled"},
    **{code: {"timeliness": code} for code in (*OPEN_TIMELINESS, *FINISHED_TIMELINESS)},
}

_COLUMN_QUERY = {c: ("&" + urlencode(f)) if f else "" for c, f in COLUMN_FILTERS.items()}


@dataclass
class Row:
    key: Optional[int]
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    filter_name: str = ""  # unit_id | user_id | scope (the scope's filters only) | "" (the whole office)
    scope: dict[str, Any] = field(default_factory=dict)  # more filters the counts were limited by (a unit head's unit)
    _base: Optional[str] = field(default=None, repr=False, compare=False)

    def link_args(self, column: str) -> dict[str, Any]:
        args: dict[str, Any] = {"tab": "tat_ca", **self.scope, **COLUMN_FILTERS[column]}
        if self.filter_name == "unit_id":
            args.update(unit_id=self.key, top_level="1")
        elif self.filter_name == "user_id":
            args["user_id"] = self.key
        elif self.filter_name == "":  # the whole office: tasks given to units, not their sub-tasks
            args["top_level"] = "1"
        return args

    def href(self, column: str) -> str:
        """The task list behind one number (built here, not with url_for per cell: a dashboard
        of 200 units has thousands of them; the row's part is encoded once)."""
        if self._base is None:
            self._base = "/tasks/?" + urlencode({k: v for k, v in self.link_args("total").items()})
        return self._base + _COLUMN_QUERY[column]

    @property
    def on_time_rate(self) -> Optional[int]:
        """Finished by the deadline (early or on time) per finished, in % (None: none finished)."""
        finished = self.counts.get("finished", 0)
        if not finished:
            return None
        return round(100 * (self.counts.get("early", 0) + self.counts.get("on_time", 0)) / finished)


def _measures(now: datetime) -> list[Any]:
    conditions = {
        "total": Task.id.is_not(None), "open": Task.status.in_(OPEN_STATES), "finished": Task.status.in_(FINISHED_STATES),
        "cancelled": Task.status == TaskState.CANCELLED.value,
        **{code: timeliness_clause(code, now) for code in (*OPEN_TIMELINESS, *FINISHED_TIMELINESS)},
    }
    return [func.coalesce(func.sum(case((conditions[c], 1), else_=0)), 0).label(c) for c in COLUMNS]


def _period(query: Any, start: Optional[date], end: Optional[date]) -> Any:
    """Tasks given within the period (by their creation), when one is chosen."""
    from eoffice.calendar.timezone import VN

    if start is not None:
        query = query.where(Task.created_at >= datetime.combine(start, datetime.min.time(), VN))
    if end is not None:
        query = query.where(Task.created_at <= datetime.combine(end, datetime.max.time(), VN))
    return query


@dataclass
class Dashboard:
    now: datetime
    overall: Row
    units: list[Row]
    people: list[Row]
    urgent: list["Urgent"]
    people_total: int = 0
    trend: list["Month"] = field(default_factory=list)
    start: Optional[date] = None
    end: Optional[date] = None
    html: Any = None  # the page's figures once rendered (dashboard_views), cached with the board


def grouped_query(user: Any, now: datetime, start: Optional[date] = None, end: Optional[date] = None,
                  confidential_only: bool = False, unit_id: Optional[int] = None, assigned_by: Optional[int] = None,
                  sub_tasks_only: bool = False) -> list[counts.Group]:
    """One pass over the tasks the viewer may read (the readers' semi-join every list uses):
    the counts per (lead unit, lead person, top level or sub-task)."""
    top = Task.parent_id.is_(None).label("top")
    query = select(Task.lead_unit_id, Task.lead_user_id, top, *_measures(now)).where(_readable(user))
    if confidential_only:
        query = query.where(Task.secrecy > 0)
    if unit_id is not None:
        query = query.where(Task.lead_unit_id == unit_id)
    if assigned_by is not None:
        query = query.where(Task.assigner_id == assigned_by)
    if sub_tasks_only:
        query = query.where(Task.parent_id.is_not(None))
    rows = db.session.execute(_period(query, start, end).group_by(Task.lead_unit_id, Task.lead_user_id, top))
    return [counts.Group(r.lead_unit_id, r.lead_user_id, bool(r.top), {c: int(r._mapping[c]) for c in COLUMNS}) for r in rows]


def reads_counts_table(user: Any) -> bool:
    """The chairpersons and the office chief read every non-confidential task (`readers_of`
    gives them `role:…`), so their figures are the counts table plus the confidential tasks
    named to them; anyone whose readable set is not "every non-confidential task" (a unit
    head, a specialist) is counted task by task with the readers' semi-join. Decided on the
    same principals the readers are matched with, so the two can never disagree."""
    principals = set(principals_of(user))
    return any(f"role:{role.value}" in principals for role in OVERSEEING_ROLES)


def _groups(user: Any, now: datetime, start: Optional[date], end: Optional[date]) -> list[counts.Group]:
    """The counts per (lead unit, lead person, top level or sub-task); the unit, person and
    overall figures are sums of these groups. A period (tasks given between two days) is
    counted task by task: the counts table does not keep the day a task was given."""
    if start is None and end is None and reads_counts_table(user):
        return counts.groups(now, COLUMNS) + grouped_query(user, now, confidential_only=True)
    return grouped_query(user, now, start, end)


def _summed(groups: list[counts.Group], key: Any) -> dict[Any, dict[str, int]]:
    totals: dict[Any, dict[str, int]] = {}
    for group in groups:
        k = key(group)
        if k is None:
            continue
        sums = totals.setdefault(k, dict.fromkeys(COLUMNS, 0))
        for column in COLUMNS:
            sums[column] += group.counts[column]
    return totals


def _named(model: Any, label: Any, ids: Any) -> dict[int, str]:
    ids = list(ids)
    return dict(db.session.execute(select(model.id, label).where(model.id.in_(ids))).all()) if ids else {}


def _by_urgency(row: Row) -> tuple[int, int, str]:
    return (-row.counts["overdue"], -row.counts["due_soon"], row.label)


# --- A short cache per viewer --------------------------------------------------------------
# Counting is cheap now (the counts table), but 20 people opening the page at once on a small
# server still wait on each other for the Python side of building it; the same viewer asking
# again within a few seconds gets the same figures. A commit in this process that changed
# counts drops every cached board (the person who just changed a task sees it at once); other
# processes' changes show within CACHE_SECONDS (STALE_SECONDS while a rebuild is under way).
# Each app has its own (app.extensions).
CACHE_SECONDS = 5.0
STALE_SECONDS = 15.0  # how old a board may be shown while the next one is being built
_cache_lock = threading.Lock()
_building: dict[Any, threading.Lock] = {}
_generation = 0


@event.listens_for(Session, "after_commit")
def _counts_committed(session: Session) -> None:
    global _generation
    if session.info.pop(counts.CHANGED, False):
        with _cache_lock:
            _generation += 1


@event.listens_for(Session, "after_rollback")
def _counts_rolled_back(session: Session) -> None:
    session.info.pop(counts.CHANGED, None)


def build(user: Any, now: Optional[datetime] = None, start: Optional[date] = None, end: Optional[date] = None,
          unit_ids: Optional[list[int]] = None, finish: Optional[Callable[[Dashboard], None]] = None) -> Dashboard:
    """The dashboard as of `now`; without a `now` (the page, the reports) a board built for
    the same viewer (the same principals) less than CACHE_SECONDS ago is reused. Once that age
    has passed, one request builds the next board while the viewer's other requests get the
    previous one for up to STALE_SECONDS more (no one waits behind a rebuild); after a commit
    that changed counts everyone waits for the new one. `finish` (rendering the page's figures)
    runs once per board, before it is shared."""
    def fresh_board() -> Dashboard:
        board = _build(user, utcnow(), start, end, unit_ids)
        if finish is not None:
            finish(board)
        return board

    if now is not None or CACHE_SECONDS <= 0:
        board = _build(user, now or utcnow(), start, end, unit_ids)
        if finish is not None:
            finish(board)
        return board
    from flask import current_app

    cache: dict[Any, tuple[float, int, Dashboard]] = current_app.extensions.setdefault("eoffice.task_dashboard_cache", {})
    key = (user.id, tuple(sorted(principals_of(user))), start, end, tuple(unit_ids or ()))

    def store(board: Dashboard, built_at: float, generation: int) -> None:
        with _cache_lock:
            if generation == _generation:
                for old in [k for k, v in cache.items() if v[1] != generation or built_at - v[0] >= STALE_SECONDS]:
                    del cache[old]
                cache[key] = (built_at, generation, board)

    with _cache_lock:
        if len(_building) > 1000:  # many periods asked for: forget the idle ones' locks
            _building.clear()
        building = _building.setdefault(key, threading.Lock())
        hit, generation = cache.get(key), _generation
    moment = time.monotonic()
    if hit is not None and hit[1] == generation:
        age = moment - hit[0]
        if age < CACHE_SECONDS:
            return hit[2]
        if age < STALE_SECONDS:
            if not building.acquire(blocking=False):
                return hit[2]  # another request is building the next one
            try:
                board = fresh_board()
                store(board, moment, generation)
                return board
            finally:
                building.release()
    with building:  # nothing usable: wait for the board being built, or build it
        with _cache_lock:
            hit, generation = cache.get(key), _generation
        moment = time.monotonic()
        if hit is not None and hit[1] == generation and moment - hit[0] < CACHE_SECONDS:
            return hit[2]
        board = fresh_board()
        store(board, moment, generation)
        return board


def _build(user: Any, now: datetime, start: Optional[date], end: Optional[date], unit_ids: Optional[list[int]]) -> Dashboard:
    groups = _groups(user, now, start, end)
    per_unit = _summed(groups, lambda g: g.lead_unit_id if g.top else None)
    per_person = _summed(groups, lambda g: g.lead_user_id)
    overall = Row(None, "Toàn cơ quan", _summed(groups, lambda g: "all" if g.top else None).get("all", dict.fromkeys(COLUMNS, 0)))
    unit_names = _named(Unit, Unit.name, per_unit)
    units = sorted((Row(k, unit_names.get(k, str(k)), sums, "unit_id") for k, sums in per_unit.items()
                    if not unit_ids or k in unit_ids), key=_by_urgency)
    person_names = _named(User, User.full_name, per_person)
    people_all = sorted((Row(k, person_names.get(k, str(k)), sums, "user_id") for k, sums in per_person.items()),
                        key=_by_urgency)
    return Dashboard(now, overall, units, people_all[:PEOPLE_SHOWN], urgent_list(user, now), len(people_all),
                     monthly_trend(user, now), start, end)


@dataclass
class Month:
    year: int
    month: int
    finished: int
    in_time: int  # early or on time

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def rate(self) -> Optional[int]:
        return round(100 * self.in_time / self.finished) if self.finished else None


def monthly_trend(user: Any, now: datetime, months: int = 6, by_counts: Optional[bool] = None) -> list[Month]:
    """Tasks finished per month over the last `months` months (Vietnam time) and how many of
    them by their deadline: the trend line of the dashboard. An overseer's comes from the
    counts table (plus the confidential tasks named to them); anyone else's task by task."""
    from eoffice.calendar.timezone import to_local

    local = to_local(now)
    first = (local.year * 12 + local.month - 1) - (months - 1)
    since = datetime(first // 12, first % 12 + 1, 1, tzinfo=local.tzinfo)
    buckets = {((first + i) // 12, (first + i) % 12 + 1): Month((first + i) // 12, (first + i) % 12 + 1, 0, 0) for i in range(months)}
    query = select(Task.done_at, Task.finished_timeliness).where(
        _readable(user), Task.status.in_(FINISHED_STATES), Task.done_at >= since)
    if reads_counts_table(user) if by_counts is None else by_counts:
        for month, (finished, in_time) in counts.finished_per_month(f"{since:%Y-%m}").items():
            bucket = buckets.get((int(month[:4]), int(month[5:7])))
            if bucket is not None:
                bucket.finished += finished
                bucket.in_time += in_time
        query = query.where(Task.secrecy > 0)
    for done_at, timeliness in db.session.execute(query):
        moment = to_local(done_at)
        bucket = buckets.get((moment.year, moment.month))
        if bucket is not None:
            bucket.finished += 1
            bucket.in_time += timeliness in ("early", "on_time")
    return list(buckets.values())


@dataclass(frozen=True)
class Urgent:
    """One line of the overdue / due-soon list, as plain values (a board outlives its request
    in the cache, its tasks' session does not)."""

    id: int
    title: str
    lead_label: str
    deadline: Optional[datetime]
    progress: int
    timeliness: Optional[str]


def urgent_list(user: Any, now: datetime, limit: int = 50, filters: Optional[Filters] = None,
                codes: tuple[str, ...] = ("overdue", "due_soon")) -> list[Urgent]:
    """The overdue and due-soon tasks (or those of `codes`), most urgent first (earliest deadline)."""
    condition = timeliness_clause(codes[0], now)
    for code in codes[1:]:
        condition = condition | timeliness_clause(code, now)
    query = listing_query(user, filters or Filters(tab="tat_ca"), now).where(condition)
    query = query.order_by(None).order_by(Task.deadline, Task.id).limit(limit)
    tasks = db.session.scalars(query.options(selectinload(Task.lead_unit), selectinload(Task.lead_user)))
    return [Urgent(t.id, t.title, t.lead_label, t.deadline, t.progress, timeliness(t, now)) for t in tasks]


