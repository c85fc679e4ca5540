"""What every kind's list searches in: one folded column on the work item, one query helper.

Users type without diacritics ("thanh lap", "56/2007/nd-cp", "quy dinh"), as on the search
page. Folding in SQL would need an extension on PostgreSQL (unaccent) and a user function on
SQLite, and neither folds đ or the i/y spellings the way `search.vietnamese` does; so every
work item stores the fields its list searches, folded (`WorkItem.search_text`), written on
every insert and update by the one listener below, and a query is folded by the same function
and matched word by word. Which fields: the kind's `list_search_parts()` (the title unless the
kind says more — the incoming document adds its issuer and numbers, a dossier its code and
applicant).
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, event, true
from sqlalchemy.sql.elements import ColumnElement

from eoffice.work.models import WorkItem
from search.vietnamese import fold, normalize, same_i_y

_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def fold_for_search(text: str) -> str:
    """Lowercase, unaccented (đ→d), single-spaced, numbers without leading zeros, one i/y
    spelling as on the search page: "Quy định 05/QĐ-UBND" → "qui dinh 5/qd-ubnd"."""
    folded = same_i_y(fold(normalize(text or "")).lower())
    return " ".join(_LEADING_ZEROS.sub("", folded).split())


def search_text_of(item: WorkItem) -> str:
    """The fields a list's search box looks in, folded."""
    return fold_for_search(" ".join(p for p in item.list_search_parts() if p))


@event.listens_for(WorkItem, "before_insert", propagate=True)
@event.listens_for(WorkItem, "before_update", propagate=True)
def _keep_search_text(_mapper: Any, _connection: Any, item: WorkItem) -> None:
    item.search_text = search_text_of(item)


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


MAX_WORDS = 12


def text_condition(q: str) -> ColumnElement[bool]:
    """Every word of `q` (folded) appears in the item's search text (any kind's list).

    A NUL byte is dropped (PostgreSQL refuses it in a query; it can match nothing), and only
    the first `MAX_WORDS` words count: a pasted page of text must not become a thousand LIKEs."""
    words = fold_for_search(q.replace("\x00", "")).split()[:MAX_WORDS]
    if not words:
        return true()
    return and_(*[WorkItem.search_text.like(f"%{_like_escaped(w)}%", escape="\\") for w in words])
