"""The two other dashboards: a unit head's (their unit's tasks and people — counts per person,
the overdue and due-soon lists, the sub-tasks they split) and a specialist's (their own queue:
assigned to me, due soon, overdue, done this month). Every number is a filter of the task list
(`queries.Filters`, the same the list page reads), so it opens exactly the tasks it counts.

Both count task by task through the readers' semi-join (`dashboard.grouped_query`,
`queries.count`): a unit's or a person's tasks are a few hundred, not the whole province's, and
the readable set of a unit head is not "every non-confidential task", which is what the counts
table answers (see `eoffice.tasks.counts`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Optional
from urllib.parse import urlencode

from sqlalchemy import select

from eoffice.auth.models import Membership, User
from eoffice.auth.principals import head_units
from eoffice.calendar.timezone import VN, to_local
from eoffice.db import db, utcnow
from eoffice.org.models import Unit
from eoffice.tasks import dashboard
from eoffice.tasks.dashboard import COLUMNS, Row, Urgent
from eoffice.tasks.queries import Filters, count

LIST_SHOWN = 20  # lines of each list on a dashboard; its number opens the whole list


def list_href(**args: Any) -> str:
    return "/tasks/?" + urlencode({k: v for k, v in args.items() if v not in (None, "", False)})


@dataclass
class UnitBoard:
    unit: Unit
    overall: Row
    people: list[Row]
    overdue: list[Urgent]
    due_soon: list[Urgent]
    split: Row  # the sub-tasks this head gave to the unit's specialists
    split_open: list[Urgent] = field(default_factory=list)

    def href(self, timeliness: str, **more: Any) -> str:
        return list_href(tab="tat_ca", unit_id=self.unit.id, timeliness=timeliness, **more)


def _zero() -> dict[str, int]:
    return dict.fromkeys(COLUMNS, 0)


def _members(unit_id: int) -> dict[int, str]:
    return dict(db.session.execute(select(User.id, User.full_name).join(Membership, Membership.user_id == User.id)
                                   .where(Membership.unit_id == unit_id, User.is_enabled.is_(True))).all())


def unit_board(user: Any, unit: Unit, now: datetime) -> UnitBoard:
    groups = dashboard.grouped_query(user, now, unit_id=unit.id)
    overall, per_person = _zero(), {}
    for g in groups:
        if g.top:
            for c in COLUMNS:
                overall[c] += g.counts[c]
        if g.lead_user_id is not None:
            sums = per_person.setdefault(g.lead_user_id, _zero())
            for c in COLUMNS:
                sums[c] += g.counts[c]
    names = _members(unit.id)
    names.update(dashboard._named(User, User.full_name, set(per_person) - set(names)))
    scope = {"unit_id": unit.id}
    people = sorted((Row(uid, name, per_person.get(uid, _zero()), "user_id", scope) for uid, name in names.items()),
                    key=dashboard._by_urgency)
    unit_filters = Filters(tab="tat_ca", unit_id=unit.id)
    split_scope = {"tab": "toi_giao", "unit_id": unit.id, "sub_tasks": "1"}
    split_counts = _zero()
    for g in dashboard.grouped_query(user, now, unit_id=unit.id, assigned_by=user.id, sub_tasks_only=True):
        for c in COLUMNS:
            split_counts[c] += g.counts[c]
    split_filters = Filters(tab="toi_giao", unit_id=unit.id, sub_tasks=True, status="open")
    return UnitBoard(
        unit, Row(unit.id, unit.name, overall, "unit_id"), people,
        dashboard.urgent_list(user, now, LIST_SHOWN, unit_filters, ("overdue",)),
        dashboard.urgent_list(user, now, LIST_SHOWN, unit_filters, ("due_soon",)),
        Row(unit.id, "Nhiệm vụ con tôi đã giao", split_counts, "scope", split_scope),
        dashboard.urgent_list(user, now, LIST_SHOWN, split_filters, ("overdue", "due_soon", "in_time")),
    )


def unit_boards(user: Any, now: Optional[datetime] = None) -> list[UnitBoard]:
    """One board per unit the viewer heads (a head of two units sees both)."""
    now = now or utcnow()
    units = db.session.scalars(select(Unit).where(Unit.id.in_(head_units(user) or {0})).order_by(Unit.name))
    return [unit_board(user, unit, now) for unit in units]


# --- A specialist's queue --------------------------------------------------------------------
@dataclass
class Figure:
    label: str
    count: int
    href: str
    testid: str


@dataclass
class MyBoard:
    figures: list[Figure]
    overdue: list[Urgent]
    due_soon: list[Urgent]
    month_start: date


def month_start(now: datetime) -> datetime:
    """The first moment of the current month, Vietnam time."""
    local = to_local(now)
    return datetime(local.year, local.month, 1, tzinfo=VN)


def my_board(user: Any, now: Optional[datetime] = None) -> MyBoard:
    """What I lead (the "Việc của tôi" tab: led by me, or by my unit while I head it and no
    one is named): open, due soon, overdue, done since the first of the month."""
    now = now or utcnow()
    since = month_start(now)
    mine = {"tab": "cua_toi"}
    wanted = [
        ("Đang thực hiện", Filters(tab="cua_toi", status="open"), {"status": "open"}, "open"),
        ("Mới giao, chưa nhận", Filters(tab="cua_toi", status="assigned"), {"status": "assigned"}, "assigned"),
        ("Sắp đến hạn", Filters(tab="cua_toi", timeliness="due_soon"), {"timeliness": "due_soon"}, "due_soon"),
        ("Quá hạn", Filters(tab="cua_toi", timeliness="overdue"), {"timeliness": "overdue"}, "overdue"),
        (f"Hoàn thành từ đầu tháng {since:%m/%Y}", Filters(tab="cua_toi", done_since=since),
         {"done_from": since.date().isoformat()}, "done_month"),
    ]
    figures = [Figure(label, count(user, filters, now), list_href(**mine, **args), testid) for label, filters, args, testid in wanted]
    return MyBoard(figures, dashboard.urgent_list(user, now, LIST_SHOWN, Filters(tab="cua_toi"), ("overdue",)),
                   dashboard.urgent_list(user, now, LIST_SHOWN, Filters(tab="cua_toi"), ("due_soon",)), since.date())
