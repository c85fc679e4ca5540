"""Task counts kept as tasks change, so the chairperson's dashboard adds up a few thousand
rows instead of grouping every task joined to its readers (bench/README.md "Tasks dashboard":
360–550 ms per request, 260 ms of it the readers' semi-join, at 100,000 tasks).

One row per (lead unit, lead person, top-level or sub-task, open / finished / cancelled,
the deadline for open tasks, the fixed timeliness for finished ones) holds how many tasks are
there. The row is adjusted in the same transaction as the change, by a flush hook on the
session rather than by each service: every way a task changes — given, split, accepted,
reported done, sent back, cancelled, its deadline extended, reassigned, made confidential —
goes through a flush, so no service can forget it, and a rolled-back change rolls its count
back with it.

Open tasks are kept by their deadline, not by "in time / due soon / overdue": those depend on
the moment the dashboard is read, so `groups` derives them at read time with the one shared
rule (`queries.timeliness_clause`: overdue once the deadline has passed, due soon within the
calendar's threshold) and the counts never go stale as days pass. Deadlines are ends of
working days (`calendar.due_by`), so in practice this is one row per deadline day.

Confidential tasks are not counted here: `readers_of` gives them to the named people only, so
whether a viewer may count one depends on the task. The overseers (chairpersons, office chief:
readers of every non-confidential task, `access.OVERSEEING_ROLES`) read this table and count
the confidential tasks they may read with the per-task query; everyone else is counted with
the per-task query (`dashboard._groups`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import Boolean, Integer, String, and_, case, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from eoffice.db import UTCDateTime, db
from eoffice.tasks.models import FINISHED_STATES, OPEN_STATES, Task
from eoffice.work.models import WorkItem

# The session flag set when a flush changed counts: the dashboard cache drops its figures
# once that transaction commits (see `eoffice.tasks.dashboard`).
CHANGED = "eoffice.task_counts_changed"
_KEY_COLUMNS = ("lead_unit_id", "lead_user_id", "parent_id", "status", "deadline", "finished_timeliness", "secrecy", "done_at")


class TaskCount(db.Model):
    """How many tasks are in one (lead unit, person, level, state, deadline / timeliness) cell."""

    __tablename__ = "task_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the cell's identity as one string, so the same upsert works on both databases
    key: Mapped[str] = mapped_column(String(120), unique=True)
    lead_unit_id: Mapped[int] = mapped_column(Integer, index=True)
    lead_user_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: led by the unit, no person named
    top: Mapped[bool] = mapped_column(Boolean)
    bucket: Mapped[str] = mapped_column(String(10))  # open | finished | cancelled
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(timezone=True))  # open tasks only
    timeliness: Mapped[str] = mapped_column(String(10), default="")  # finished tasks only
    done_month: Mapped[str] = mapped_column(String(7), default="")  # finished tasks only: yyyy-mm, Vietnam time (the trend)
    n: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Cell:
    lead_unit_id: int
    lead_user_id: int
    top: bool
    bucket: str
    deadline: Optional[datetime]
    timeliness: str
    done_month: str = ""

    @property
    def key(self) -> str:
        moment = self.deadline.astimezone(timezone.utc).isoformat() if self.deadline is not None else ""
        return (f"{self.lead_unit_id}:{self.lead_user_id}:{int(self.top)}:{self.bucket}:{moment}:{self.timeliness}"
                f":{self.done_month}")


def bucket_of(status: str) -> str:
    if status in OPEN_STATES:
        return "open"
    if status in FINISHED_STATES:
        return "finished"
    return "cancelled"


def month_of(moment: Optional[datetime]) -> str:
    """yyyy-mm of a moment in Vietnam time (the trend's months)."""
    from eoffice.calendar.timezone import to_local

    return f"{to_local(moment):%Y-%m}" if moment is not None else ""


def cell_of(lead_unit_id: Optional[int], lead_user_id: Optional[int], parent_id: Optional[int], status: Optional[str],
            deadline: Optional[datetime], finished_timeliness: Optional[str], secrecy: Optional[int],
            done_at: Optional[datetime] = None) -> Optional[Cell]:
    """The cell a task with these values is counted in (None: not counted here — confidential)."""
    if lead_unit_id is None or status is None or (secrecy or 0) > 0:
        return None
    bucket = bucket_of(status)
    if bucket == "finished":
        return Cell(lead_unit_id, lead_user_id or 0, parent_id is None, bucket, None, finished_timeliness or "", month_of(done_at))
    return Cell(lead_unit_id, lead_user_id or 0, parent_id is None, bucket, deadline if bucket == "open" else None, "")


def _cell_now(task: Task) -> Optional[Cell]:
    # a sub-task given through the relationship has no parent_id before the flush
    sub_task = task.parent_id is not None or task.parent is not None
    return cell_of(task.lead_unit_id, task.lead_user_id, -1 if sub_task else None, task.status, task.deadline,
                   task.finished_timeliness, task.secrecy, task.done_at)


def _cell_stored(connection: Any, task_id: int) -> Optional[Cell]:
    """The cell as the database has it before this flush (what was counted last)."""
    row = connection.execute(select(Task.lead_unit_id, Task.lead_user_id, Task.parent_id, WorkItem.status,
                                    WorkItem.deadline, Task.finished_timeliness, WorkItem.secrecy, Task.done_at)
                             .select_from(Task.__table__.join(WorkItem.__table__, Task.__table__.c.id == WorkItem.__table__.c.id))
                             .where(Task.__table__.c.id == task_id)).first()
    return cell_of(*row) if row is not None else None


def _touches_count(task: Task) -> bool:
    from sqlalchemy import inspect

    state = inspect(task)
    return any(state.attrs[name].history.has_changes() for name in _KEY_COLUMNS) or \
        state.attrs["parent"].history.has_changes()


def _upsert(connection: Any, cell: Cell, delta: int) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = TaskCount.__table__
    statement = dialect.insert(table).values(
        key=cell.key, lead_unit_id=cell.lead_unit_id, lead_user_id=cell.lead_user_id, top=cell.top, bucket=cell.bucket,
        deadline=cell.deadline, timeliness=cell.timeliness, done_month=cell.done_month, n=delta)
    connection.execute(statement.on_conflict_do_update(index_elements=[table.c.key], set_={"n": table.c.n + delta}))
    if delta < 0:  # an emptied cell goes, so the table holds only cells with tasks in them
        connection.execute(delete(table).where(table.c.key == cell.key, table.c.n == 0))


@event.listens_for(Session, "before_flush")
def _count_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """Move each new, changed or deleted task between cells in the flush's own transaction."""
    deltas: Counter[Cell] = Counter()
    for obj in session.new:
        if isinstance(obj, Task) and (cell := _cell_now(obj)) is not None:
            deltas[cell] += 1
    changed = [obj for obj in session.dirty if isinstance(obj, Task) and obj.id is not None and _touches_count(obj)]
    deleted = [obj for obj in session.deleted if isinstance(obj, Task) and obj.id is not None]
    if not deltas and not changed and not deleted:
        return
    connection = session.connection()
    for obj in changed:
        before, after = _cell_stored(connection, obj.id), _cell_now(obj)
        if before != after:
            if before is not None:
                deltas[before] -= 1
            if after is not None:
                deltas[after] += 1
    for obj in deleted:
        if (before := _cell_stored(connection, obj.id)) is not None:
            deltas[before] -= 1
    # one order for every transaction, so two changes at once never wait on each other in a circle
    for cell, delta in sorted(deltas.items(), key=lambda item: item[0].key):
        if delta:
            _upsert(connection, cell, delta)
            session.info[CHANGED] = True


def rebuild(connection: Any) -> int:
    """Count every task afresh (after writing tasks in bulk, e.g. the bench, which bypasses the
    session); returns the number of cells. Reads the tasks one by one: a one-off."""
    t, w = Task.__table__, WorkItem.__table__
    rows = connection.execute(select(t.c.lead_unit_id, t.c.lead_user_id, t.c.parent_id, w.c.status, w.c.deadline,
                                     t.c.finished_timeliness, w.c.secrecy, t.c.done_at).select_from(t.join(w, t.c.id == w.c.id)))
    totals: Counter[Cell] = Counter(cell for row in rows if (cell := cell_of(*row)) is not None)
    connection.execute(delete(TaskCount.__table__))
    if totals:
        connection.execute(TaskCount.__table__.insert(), [
            {"key": c.key, "lead_unit_id": c.lead_unit_id, "lead_user_id": c.lead_user_id, "top": c.top, "bucket": c.bucket,
             "deadline": c.deadline, "timeliness": c.timeliness, "done_month": c.done_month, "n": n} for c, n in totals.items()])
    return len(totals)


@dataclass
class Group:
    """Counts of one (lead unit, lead person, top level) group, the dashboard's building block."""

    lead_unit_id: int
    lead_user_id: Optional[int]
    top: bool
    counts: dict[str, int]


def groups(now: datetime, columns: tuple[str, ...]) -> list[Group]:
    """The non-confidential tasks' counts per (lead unit, lead person, top level), with open
    tasks' timeliness derived from their deadlines at `now` by the shared rule."""
    from eoffice.calendar import service as calendar

    c = TaskCount.__table__.c
    is_open, threshold = c.bucket == "open", calendar.due_soon_threshold(now)
    conditions = {
        "total": None, "open": is_open, "finished": c.bucket == "finished", "cancelled": c.bucket == "cancelled",
        "overdue": and_(is_open, c.deadline < now), "due_soon": and_(is_open, c.deadline >= now, c.deadline <= threshold),
        "in_time": and_(is_open, c.deadline > threshold),
        **{code: and_(c.bucket == "finished", c.timeliness == code) for code in ("early", "on_time", "late")},
    }
    measures = [func.coalesce(func.sum(c.n if conditions[col] is None else case((conditions[col], c.n), else_=0)), 0).label(col)
                for col in columns]
    rows = db.session.execute(select(c.lead_unit_id, c.lead_user_id, c.top, *measures)
                              .group_by(c.lead_unit_id, c.lead_user_id, c.top))
    return [Group(row.lead_unit_id, row.lead_user_id or None, bool(row.top), {col: int(row._mapping[col]) for col in columns})
            for row in rows]



def finished_per_month(since_month: str) -> dict[str, tuple[int, int]]:
    """Non-confidential tasks finished per month (yyyy-mm, Vietnam time) from `since_month`:
    (finished, of which early or on time) — the dashboard's trend, sub-tasks included."""
    c = TaskCount.__table__.c
    rows = db.session.execute(
        select(c.done_month, func.sum(c.n), func.sum(case((c.timeliness.in_(("early", "on_time")), c.n), else_=0)))
        .where(c.bucket == "finished", c.done_month >= since_month).group_by(c.done_month))
    return {month: (int(finished or 0), int(in_time or 0)) for month, finished, in_time in rows}
