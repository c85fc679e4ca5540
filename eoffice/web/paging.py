"""Page numbers from the query string, bounded: ?page=10**20 would overflow the SQL OFFSET
(500 on SQLite and PostgreSQL); past the last page a list is simply empty."""
from __future__ import annotations

from flask import request

MAX_PAGE = 100_000


def page_number(name: str = "page") -> int:
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), MAX_PAGE)
