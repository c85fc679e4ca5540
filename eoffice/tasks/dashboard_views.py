"""The chairperson's dashboard page, its chart (inline SVG, no outside service) and the
completion report for a period as Excel and PDF."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, Optional

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup
from flask_login import current_user

from eoffice import dates
from eoffice.tasks import dashboard as figures
from eoffice.tasks import report_export
from eoffice.tasks.queries import TIMELINESS_LABELS
from eoffice.web.guard import requires

bp = Blueprint("task_dashboard", __name__, url_prefix="/tasks/dashboard", template_folder="templates")

CHART_COLOURS = {"in_time": "#2e7d32", "due_soon": "#f9a825", "overdue": "#c62828",
                 "early": "#1565c0", "on_time": "#64b5f6", "late": "#8e24aa"}


def _day(name: str) -> Optional[date]:
    try:
        return dates.parse_date(request.args.get(name) or None, name)
    except dates.InvalidDate:
        return None


def _board(finish: Optional[Callable[[figures.Dashboard], None]] = None) -> figures.Dashboard:
    return figures.build(current_user, start=_day("from"), end=_day("to"), finish=finish)


def _render_figures(board: figures.Dashboard) -> None:
    """The page's figures as HTML, once per board: a cached board comes with them."""
    board.html = Markup(render_template("tasks/_dashboard_body.html", board=board, COLUMNS=figures.COLUMNS,
                                        LABELS=figures.COLUMN_LABELS, COLOURS=CHART_COLOURS,
                                        TIMELINESS_LABELS=TIMELINESS_LABELS))


@bp.get("/", strict_slashes=False)
@requires("tasks.dashboard")
def dashboard() -> Any:
    board = _board(_render_figures)
    if board.html is None:  # a board the reports built first
        _render_figures(board)
    return render_template("tasks/dashboard.html", body=board.html, period={k: request.args.get(k, "") for k in ("from", "to")})


@bp.get("/unit")
@requires("tasks.dashboard.unit")
def unit() -> Any:
    """A unit head's board: the units they head, their people, what is late or about to be."""
    from eoffice.tasks import team

    return render_template("tasks/dashboard_unit.html", boards=team.unit_boards(current_user), COLUMNS=figures.COLUMNS,
                           LABELS=figures.COLUMN_LABELS, TIMELINESS_LABELS=TIMELINESS_LABELS)


@bp.get("/me")
@requires("tasks.dashboard.mine")
def mine() -> Any:
    """A specialist's board: their own queue."""
    from eoffice.tasks import team

    return render_template("tasks/dashboard_mine.html", board=team.my_board(current_user), TIMELINESS_LABELS=TIMELINESS_LABELS)


@bp.get("/report.xlsx")
@requires("tasks.dashboard")
def report_xlsx() -> Response:
    return Response(report_export.report_xlsx(_board()),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="bao-cao-nhiem-vu.xlsx"'})


@bp.get("/report.pdf")
@requires("tasks.dashboard")
def report_pdf() -> Response:
    return Response(report_export.report_pdf(_board()), mimetype="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="bao-cao-nhiem-vu.pdf"'})
