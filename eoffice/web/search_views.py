"""The search page: one box over everything the user may read, accents or not, with facets."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request
from flask_login import current_user

from eoffice.auth.principals import principals_of
from eoffice.backends import search_index
from eoffice.web.guard import requires

bp = Blueprint("search", __name__, template_folder="templates")

FACET_LABELS = {"doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "unit": "Đơn vị", "year": "Năm", "status": "Tình trạng"}


@bp.get("/search")
@requires("authenticated")
def index() -> Any:
    from datetime import date

    from search import Query, SearchError

    text = request.args.get("q", "")
    filters = {key: request.args.getlist(key) for key in FACET_LABELS if request.args.getlist(key)}
    if "year" in filters:
        filters["year"] = [int(y) for y in filters["year"] if y.isdigit()]
    result = None
    try:
        date_from = date.fromisoformat(request.args["from"]) if request.args.get("from") else None
        date_to = date.fromisoformat(request.args["to"]) if request.args.get("to") else None
        result = search_index().search(Query(
            text=text, principals=principals_of(current_user), filters=filters, date_from=date_from, date_to=date_to,
            sort=request.args.get("sort", "relevance") if request.args.get("sort") in ("relevance", "date_desc", "date_asc") else "relevance",
            page=max(request.args.get("page", 1, type=int) or 1, 1), per_page=20,
        ))
    except SearchError as exc:
        flash(exc.message, "error")
    except ValueError:
        flash("Ngày không hợp lệ; dùng dạng yyyy-mm-dd.", "error")
    return render_template("search.html", result=result, text=text, filters=filters, facet_labels=FACET_LABELS)
