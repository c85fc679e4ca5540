"""What the document lists search and sort by: the work item's folded search column and the
deadline a document is followed up against, both usable in SQL on SQLite and PostgreSQL.

Search: the core's (`eoffice.work.list_search`), over the fields
`IncomingDocument.list_search_parts` names (subject, issuer, numbers, signer, notes).

Deadline: after routing, the deadline that matters is the lead unit's (the document page and
the follow-up register show it: `IncomingDocument.effective_deadline`); the lists sort and
filter by the same rule's stored copy (`follow_up_deadline`), which the flush hook below
recomputes in SQL whenever a document or a lead part changes — a subquery per row made the
clerk's queue take a second at 50,000 documents (bench/lists.py).
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from eoffice.documents.models import Assignment, IncomingDocument, WorkItem


def _computed_follow_up_deadline(doc_id: Any) -> ColumnElement[Any]:
    """The rule of `IncomingDocument.effective_deadline` as SQL over the stored rows: the
    current lead part's deadline (the last lead not recalled or forwarded), else the one set
    at registration."""
    lead = aliased(Assignment)
    item = aliased(WorkItem)
    lead_deadline = (
        select(lead.deadline)
        .where(lead.work_item_id == doc_id, lead.role == "lead", lead.status.not_in(("recalled", "forwarded")))
        .order_by(lead.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(lead_deadline, select(item.deadline).where(item.id == doc_id).scalar_subquery())


def refresh_follow_up_deadlines(connection: Any, doc_ids: Iterable[int]) -> None:
    """Recompute the stored follow-up deadline of these documents from their rows."""
    ids = sorted(set(doc_ids))
    if ids:
        table = IncomingDocument.__table__
        connection.execute(update(table).where(table.c.id.in_(ids))
                           .values(follow_up_deadline=_computed_follow_up_deadline(table.c.id)))


def _touches_deadline(obj: Any) -> bool:
    if isinstance(obj, Assignment):
        return obj.role == "lead"
    return isinstance(obj, IncomingDocument) and inspect(obj).attrs.deadline.history.has_changes()


@event.listens_for(Session, "after_flush")
def _keep_follow_up_deadlines(session: Session, _flush_context: Any) -> None:
    """After a flush that registered a document, changed its deadline or touched a lead part,
    store the deadline it is followed up against again, in the flush's own transaction."""
    ids = {doc.id for doc in session.new if isinstance(doc, IncomingDocument)}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _touches_deadline(obj):
            ids.add(obj.work_item_id if isinstance(obj, Assignment) else obj.id)
    refresh_follow_up_deadlines(session.connection(), (i for i in ids if i is not None))


def effective_deadline_sql() -> ColumnElement[Any]:
    """SQL for `IncomingDocument.effective_deadline`: the stored copy the hook above keeps, so
    a list sorts 50,000 documents by it through an index instead of a subquery per row."""
    return IncomingDocument.follow_up_deadline


def row_deadline_sql(by_assignment: bool) -> ColumnElement[Any]:
    """The deadline a list row shows: an assignment's own, falling back to the document's
    effective one; for a document row, the effective one."""
    if by_assignment:
        return func.coalesce(Assignment.deadline, effective_deadline_sql())
    return effective_deadline_sql()
