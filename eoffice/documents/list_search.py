"""What the document lists search and sort by: the work item's folded search column and the
deadline a document is followed up against, both usable in SQL on SQLite and PostgreSQL.

Search: the core's (`eoffice.work.list_search`), over the fields
`IncomingDocument.list_search_parts` names (subject, issuer, numbers, signer, notes).

Deadline: after routing, the deadline that matters is the lead unit's (the document page and
the follow-up register show it: `IncomingDocument.effective_deadline`); the lists sort and
filter with the same rule, as a correlated subquery.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from eoffice.documents.models import Assignment, IncomingDocument


def effective_deadline_sql() -> ColumnElement[Any]:
    """SQL for `IncomingDocument.effective_deadline`: the current lead part's deadline (the
    last lead not recalled or forwarded), else the one set at registration."""
    lead = aliased(Assignment)
    lead_deadline = (
        select(lead.deadline)
        .where(lead.work_item_id == IncomingDocument.id, lead.role == "lead", lead.status.not_in(("recalled", "forwarded")))
        .order_by(lead.id.desc())
        .limit(1)
        .correlate(IncomingDocument)
        .scalar_subquery()
    )
    return func.coalesce(lead_deadline, IncomingDocument.deadline)


def row_deadline_sql(by_assignment: bool) -> ColumnElement[Any]:
    """The deadline a list row shows: an assignment's own, falling back to the document's
    effective one; for a document row, the effective one."""
    if by_assignment:
        return func.coalesce(Assignment.deadline, effective_deadline_sql())
    return effective_deadline_sql()
