"""Lists of dossiers a person may read (through the materialised readers), and their queue."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from eoffice.auth.principals import principals_of
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.onestop.access import STEP_ROLE, may_act_on_step
from eoffice.onestop.models import CLOSED_STATES, Dossier
from eoffice.work.list_search import text_condition
from eoffice.work.models import OPEN_ASSIGNMENT_STATES, Assignment, WorkReader

TABS = {"cho_toi": "Chờ tôi xử lý", "dang_giai_quyet": "Đang giải quyết", "tat_ca": "Tất cả"}
PER_PAGE = 50
LIMIT = 500  # dossiers "chờ tôi" checks by the step rule at most (a person's own queue)
DESK_STATES = ("new", "resolved", "supplement")


def _readable(user: Any, q: str = "") -> Select[tuple[Dossier]]:
    # IN (subquery), not DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT would.
    ids = select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user)))
    return (select(Dossier).where(Dossier.id.in_(ids), text_condition(q))
            .options(selectinload(Dossier.assignments), selectinload(Dossier.procedure))
            .order_by(Dossier.id.desc()))


def _maybe_mine(user: Any) -> Any:
    """SQL for the dossiers that may wait for the user: an open step handed to a unit they
    belong to or hold a role in, or (desk officers) a dossier of their desk in a desk state.
    The step's role lives in the procedure's JSON steps: `may_act_on_step` checks it after."""
    units = set(user.unit_ids) | {u for grant in user.role_grants if (u := grant.unit_id) is not None}
    steps = select(Assignment.work_item_id).where(
        Assignment.role == STEP_ROLE, Assignment.status.in_(OPEN_ASSIGNMENT_STATES), Assignment.unit_id.in_(units))
    clauses = [Dossier.id.in_(steps)]
    if user.has_role(Role.DESK_OFFICER):
        clauses.append(and_(Dossier.status.in_(DESK_STATES), Dossier.owner_unit_id.in_(user.unit_ids)))
    return or_(*clauses)


def _waiting(user: Any, q: str = "") -> list[Dossier]:
    from eoffice.auth.permissions import can

    candidates = db.session.scalars(_readable(user, q).where(_maybe_mine(user)).limit(LIMIT))
    return [d for d in candidates if may_act_on_step(user, d) or (d.status in DESK_STATES and can(user, "onestop.desk", d))]


class ListPage(Pagination):
    """One page of a list already held in memory (what "chờ tôi" checks in Python), with
    Flask-SQLAlchemy's page attributes that the pager macro and the API read."""

    def _query_items(self) -> list[Any]:
        return self._query_args["items"][self._query_offset:self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def listing(user: Any, tab: str, q: str = "", page: int = 1, per_page: int = PER_PAGE) -> Any:
    """One page of a tab, the dossiers matching the search box's words (folded: code, procedure,
    applicant). "Đang giải quyết" and "Tất cả" load only the page's rows."""
    if tab == "cho_toi":
        return ListPage(page, per_page, max_per_page=None, error_out=False, items=_waiting(user, q))
    query = _readable(user, q)
    if tab == "dang_giai_quyet":
        query = query.where(Dossier.status.not_in(CLOSED_STATES))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def waiting_count(user: Any) -> int:
    """How many dossiers wait for the user (the home page's queue)."""
    return len(_waiting(user))


def tracking_book(user: Any, first: date, last: date) -> list[dict[str, Any]]:
    """Sổ theo dõi hồ sơ (form 06): the dossiers the person may read received between two days,
    oldest first, each with its timeliness by the one shared rule."""
    from eoffice.calendar import classify_timeliness
    from eoffice.calendar import service as calendar
    from eoffice.calendar.timezone import VN

    start = datetime.combine(first, time.min, VN)
    end = datetime.combine(last + timedelta(days=1), time.min, VN)
    ids = select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user)))
    query = (select(Dossier).where(Dossier.id.in_(ids), Dossier.received_at >= start, Dossier.received_at < end)
             .order_by(Dossier.received_at, Dossier.id).limit(5000))
    rows = []
    for number, dossier in enumerate(db.session.scalars(query), start=1):
        result = classify_timeliness(dossier.deadline, dossier.resolved_at, calendar=calendar.calendar_for(dossier.agency_unit_id))
        rows.append({"number": number, "dossier": dossier, "timeliness": result.label if result else ""})
    return rows
