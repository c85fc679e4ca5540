"""Reading incoming documents: each user's queues with counts, and filtered, sorted lists.

Every list is filtered by the materialised readers (WorkReader) or by the user's own
assignments, so confidential documents never appear in anyone else's list or count.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Optional

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from eoffice.auth.principals import clerk_units, head_units, principals_of
from eoffice.auth.roles import Role
from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.documents import list_search, submission
from eoffice.documents.models import Assignment, IncomingDocument, IncomingRegister, WorkItem, WorkReader
from eoffice.work.list_search import text_condition

OPEN = ("pending", "in_progress")
FINISHED = ("done", "returned", "forwarded")

TABS: dict[str, str] = {
    "can_xu_ly": "Cần xử lý",
    "dang_xu_ly": "Đang xử lý",
    "sap_den_han": "Sắp đến hạn",
    "qua_han": "Quá hạn",
    "da_xu_ly": "Đã xử lý",
    "de_biet": "Để biết",
    "cho_chi_dao": "Chờ ý kiến chỉ đạo",
    "chua_trinh": "Chưa trình",
    "da_chi_dao": "Việc tôi đã chỉ đạo",
    "da_vao_so": "Đã vào sổ",
    "tat_ca": "Tất cả văn bản",
}
ASSIGNMENT_TABS = ("can_xu_ly", "dang_xu_ly", "sap_den_han", "qua_han", "da_xu_ly", "de_biet")


def _mine(user: Any):  # type: ignore[no-untyped-def]
    """Assignments held by the user: given to them, or to a unit they head (not yet to a person)."""
    heads = head_units(user)
    clauses = [Assignment.user_id == user.id]
    if heads:
        clauses.append(and_(Assignment.user_id.is_(None), Assignment.unit_id.in_(heads)))
    return or_(*clauses)


def due_soon_threshold(now: datetime, user: Any = None) -> datetime:
    return calendar.due_soon_threshold(now)


def _assignment_query(user: Any, tab: str, now: datetime):  # type: ignore[no-untyped-def]
    # The rows show each document's lead part and deadline: loaded for the page in two queries,
    # not one per row.
    query = (select(Assignment).join(IncomingDocument).where(_mine(user))
             .options(selectinload(Assignment.work_item).selectinload(WorkItem.assignments)))
    active = Assignment.status.in_(OPEN)
    deadline = list_search.row_deadline_sql(True)
    real_work = Assignment.role != "inform"
    if tab == "can_xu_ly":
        query = query.where(Assignment.status == "pending", real_work)
    elif tab == "dang_xu_ly":
        query = query.where(Assignment.status == "in_progress", real_work)
    elif tab == "sap_den_han":
        query = query.where(active, real_work, deadline >= now, deadline <= due_soon_threshold(now))
    elif tab == "qua_han":
        query = query.where(active, real_work, deadline < now)
    elif tab == "da_xu_ly":
        query = query.where(Assignment.status.in_(FINISHED), real_work)
    elif tab == "de_biet":
        query = query.where(Assignment.role == "inform")
    return query


def _document_query(user: Any, tab: str):  # type: ignore[no-untyped-def]
    readable = exists().where(WorkReader.work_item_id == IncomingDocument.id, WorkReader.principal.in_(principals_of(user)))
    query = select(IncomingDocument).where(readable).options(selectinload(IncomingDocument.assignments))
    if tab == "cho_chi_dao":
        query = query.where(IncomingDocument.status == "submitted", IncomingDocument.submitted_to_id == user.id)
    elif tab == "da_vao_so":
        units = clerk_units(user)
        query = query.join(IncomingRegister).where(IncomingRegister.unit_id.in_(units or {-1}))
    elif tab == "chua_trinh":
        query = query.where(submission.not_presented())
    elif tab == "da_chi_dao":
        query = query.where(submission.directed_by(user))
    return query


@dataclass
class Filters:
    q: str = ""
    doc_type: str = ""
    urgency: Optional[int] = None
    status: str = ""
    date_from: Optional[date] = None
    date_to: Optional[date] = None
    register_id: Optional[int] = None
    sort: str = "deadline"


def _apply_filters(query, filters: Filters):  # type: ignore[no-untyped-def]
    if filters.q:
        query = query.where(text_condition(filters.q))
    if filters.doc_type:
        query = query.where(IncomingDocument.doc_type == filters.doc_type)
    if filters.urgency is not None:
        query = query.where(IncomingDocument.urgency == filters.urgency)
    if filters.status:
        query = query.where(IncomingDocument.status == filters.status)
    if filters.register_id:
        query = query.where(IncomingDocument.register_id == filters.register_id)
    if filters.date_from:
        query = query.where(IncomingDocument.arrival_at >= datetime.combine(filters.date_from, time(), calendar.VN))
    if filters.date_to:
        query = query.where(IncomingDocument.arrival_at < datetime.combine(filters.date_to + timedelta(days=1), time(), calendar.VN))
    return query


def _sorted(query, filters: Filters, by_assignment: bool):  # type: ignore[no-untyped-def]
    deadline = list_search.row_deadline_sql(by_assignment)
    # NULLS LAST rather than a CASE: an index on the deadline can give the order.
    if filters.sort == "urgency":
        return query.order_by(IncomingDocument.urgency.desc(), deadline.asc().nulls_last(), IncomingDocument.id.desc())
    if filters.sort == "arrival":
        return query.order_by(IncomingDocument.arrival_at.desc(), IncomingDocument.id.desc())
    return query.order_by(deadline.asc().nulls_last(), IncomingDocument.urgency.desc(), IncomingDocument.id.desc())


def listing(user: Any, tab: str, filters: Filters, page: int = 1, per_page: int = 25):  # type: ignore[no-untyped-def]
    """A page of (document, assignment or None) rows for a tab."""
    now = utcnow()
    if tab in ASSIGNMENT_TABS:
        query = _sorted(_apply_filters(_assignment_query(user, tab, now), filters), filters, True)
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
        rows = [(a.work_item, a) for a in pagination.items]
    else:
        query = _sorted(_apply_filters(_document_query(user, tab), filters), filters, False)
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
        rows = [(d, None) for d in pagination.items]
    return pagination, rows


def tabs_for(user: Any) -> list[str]:
    tabs = list(ASSIGNMENT_TABS)
    if user.has_role(Role.CHAIR):
        tabs.insert(0, "da_chi_dao")
    if user.has_role(Role.CLERK, Role.OFFICE_CHIEF):
        tabs.insert(0, "chua_trinh")
    if user.has_role(Role.CHAIR, Role.OFFICE_CHIEF):
        tabs.insert(0, "cho_chi_dao")
    if user.has_role(Role.CLERK):
        tabs.insert(0, "da_vao_so")
    tabs.append("tat_ca")
    return tabs


def counts(user: Any) -> dict[str, int]:
    """How many items each of the user's tabs holds (what the home page and tab bar show)."""
    now = utcnow()
    result: dict[str, int] = {}
    for tab in tabs_for(user):
        if tab in ASSIGNMENT_TABS:
            query = _assignment_query(user, tab, now)
            if tab == "de_biet":
                query = query.where(Assignment.status == "pending")
        elif tab == "da_vao_so":
            start = datetime.combine(now.astimezone(calendar.VN).date(), time(), calendar.VN)
            query = _document_query(user, tab).where(IncomingDocument.arrival_at >= start)
        else:
            query = _document_query(user, tab)
        result[tab] = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return result
