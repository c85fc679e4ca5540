"""JSON API for the calendar: a deadline counted in working days, and a year's days off —
the same engine and admin entries the pages and the deadline fields use."""
from __future__ import annotations

from typing import Any

from eoffice.api import api_bp, permission
from eoffice.calendar import admin, service
from eoffice.calendar.schemas import DeadlineOut, DeadlineQuery, YearOut, YearQuery


@api_bp.get("/calendar/deadline")
@permission("calendar.view")
@api_bp.input(DeadlineQuery, location="query", arg_name="query")
@api_bp.output(DeadlineOut)
def deadline(query: DeadlineQuery) -> Any:
    """Hạn sau một số ngày làm việc

    Ngày thứ `working_days` làm việc sau `start` (không tính chính ngày đó), bỏ qua ngày nghỉ lễ, cuối tuần
    và ngày nghỉ quản trị khai báo cho đơn vị.
    """
    start = query.start or service.now().date()
    if query.unit_id is not None:
        from eoffice.org import service as org

        org.get_unit(query.unit_id)  # 404 for a unit that does not exist
    due = service.add_working_days_date(start, query.working_days, query.unit_id)
    return {"start": start, "working_days": query.working_days, "deadline": due, "unit_id": query.unit_id}


@api_bp.get("/calendar/days-off")
@permission("calendar.view")
@api_bp.input(YearQuery, location="query", arg_name="query")
@api_bp.output(YearOut)
def days_off(query: YearQuery) -> Any:
    """Các ngày nghỉ lễ, ngày làm bù và ngày quản trị khai báo trong năm"""
    view = admin.year_view(query.year or service.now().year, query.unit_id)
    return {"year": query.year or service.now().year, "unit_id": view.unit.id if view.unit else None,
            "working_days": view.working_days, "days": [row._asdict() for row in view.listing]}
