"""What the document lists search and sort by: an unaccented search column and the deadline a
document is followed up against, both usable in SQL on SQLite and PostgreSQL.

Search: users type without diacritics ("nha o xuong cap", "56/2007/nd-cp"), as on the search
page. Folding in SQL would need an extension on PostgreSQL (unaccent) and a user function on
SQLite, and neither folds đ the way `search.vietnamese.fold` does; so each document stores its
searchable fields folded (`search_text`), written on every insert and update by the listeners
below, and a query is folded by the same function and matched word by word.

Deadline: after routing, the deadline that matters is the lead unit's (the document page and
the follow-up register show it: `IncomingDocument.effective_deadline`); the lists sort and
filter with the same rule, as a correlated subquery.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, event, func, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from eoffice.documents.models import Assignment, IncomingDocument
from search.vietnamese import fold, normalize, same_i_y

_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def fold_for_search(text: str) -> str:
    """Lowercase, unaccented (đ→d), single-spaced, numbers without leading zeros, one i/y
    spelling as on the search page: "Quy định 05/QĐ-UBND" → "qui dinh 5/qd-ubnd"."""
    folded = same_i_y(fold(normalize(text or "")).lower())
    return " ".join(_LEADING_ZEROS.sub("", folded).split())


def document_search_text(doc: IncomingDocument) -> str:
    """The fields a list's search box looks in, folded."""
    parts = [doc.subject, doc.issuer_name, doc.issuer_code or "", doc.number_notation, doc.signer_name, doc.notes,
             f"{doc.arrival_number}/{doc.year}" if doc.arrival_number else ""]
    return fold_for_search(" ".join(p for p in parts if p))


@event.listens_for(IncomingDocument, "before_insert")
@event.listens_for(IncomingDocument, "before_update")
def _keep_search_text(_mapper: Any, _connection: Any, doc: IncomingDocument) -> None:
    doc.search_text = document_search_text(doc)


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_condition(q: str) -> ColumnElement[bool]:
    """Every word of `q` (folded) appears in the document's search text."""
    words = fold_for_search(q).split()
    if not words:
        return true()
    return and_(*[IncomingDocument.search_text.like(f"%{_like_escaped(w)}%", escape="\\") for w in words])


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
