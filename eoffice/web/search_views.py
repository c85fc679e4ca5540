"""The search page: one box over everything the user may read, accents or not, with facets."""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

from flask import Blueprint, flash, render_template, request
from flask_login import current_user

from eoffice.auth.principals import principals_of
from eoffice.backends import search_index
from eoffice.dates import InvalidDate, parse_date
from eoffice.web.guard import requires
from eoffice.web.paging import page_number

bp = Blueprint("search", __name__, template_folder="templates")

FACET_LABELS = {"doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "unit": "Đơn vị", "year": "Năm", "status": "Tình trạng"}


SORTS = ("relevance", "date_desc", "date_asc")


def run_search(user: Any, text: str, filters: dict[str, list[Any]], date_from: Optional[date], date_to: Optional[date],
               sort: str, page: int, per_page: int = 20) -> Any:
    """The one search the page and the API run: what `user` may read, with the page's filters.

    Raises search.SearchError with a Vietnamese message for an unusable query."""
    from search import Query

    return search_index().search(Query(
        text=text.replace("\x00", ""), principals=principals_of(user), filters=filters, date_from=date_from,
        date_to=date_to, sort=sort if sort in SORTS else "relevance", page=page, per_page=per_page,
    ))


@bp.get("/search")
@requires("authenticated")
def index() -> Any:
    from search import SearchError

    text = request.args.get("q", "")
    filters = {key: [v.replace("\x00", "") for v in request.args.getlist(key)] for key in FACET_LABELS if request.args.getlist(key)}
    if "year" in filters:
        filters["year"] = [int(y) for y in filters["year"] if y.isdigit() and len(y) <= 4]
    result = None
    try:
        result = run_search(
            current_user, text, filters, parse_date(request.args.get("from"), "Từ ngày"),
            parse_date(request.args.get("to"), "Đến ngày"), request.args.get("sort", "relevance"), page_number(),
        )
    except SearchError as exc:
        flash(exc.message, "error")
    except InvalidDate as exc:
        flash(exc.message, "error")
    return render_template("search.html", result=result, text=text, filters=filters, facet_labels=FACET_LABELS)
