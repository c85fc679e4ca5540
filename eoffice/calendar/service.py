"""The calendar as the rest of the app uses it: the pure engine (eoffice.calendar) with the
admin's stored overrides and the configured working hours. Every deadline in the system goes
through here; nothing else does date arithmetic on deadlines."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Optional

from flask import g, has_app_context
from sqlalchemy import select

from eoffice import calendar as engine
from eoffice.calendar.models import CalendarOverride
from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.errors import ServiceError

__all__ = ["VN", "now", "calendar_for"]

WARN_WITHIN_HOURS = 8


def now() -> datetime:
    return engine.now()


def unit_scope(unit_id: Optional[int]) -> list[str]:
    """The unit and its ancestors, root first, as the engine's unit keys (ids as text)."""
    if unit_id is None:
        return []
    from eoffice.org.models import Unit

    unit = db.session.get(Unit, unit_id)
    if unit is None:
        return []
    return [str(u.id) for u in unit.ancestors()] + [str(unit.id)]


def stored_overrides() -> list[engine.Override]:
    rows = db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day)).all()
    return [
        engine.Override(day=row.day, kind=row.kind, reason=row.reason, source=row.source,  # type: ignore[arg-type]
                        unit=str(row.unit_id) if row.unit_id else None)
        for row in rows
    ]


def calendar_for(unit_id: Optional[int] = None) -> engine.WorkingCalendar:
    """The working calendar of a unit (organisation-wide overrides plus the unit's own chain)."""
    cache: dict[Optional[int], engine.WorkingCalendar] | None = None
    if has_app_context():
        cache = g.setdefault("eoffice_calendars", {})
        if unit_id in cache:
            return cache[unit_id]
    calendar = engine.WorkingCalendar(stored_overrides(), unit_scope(unit_id) or None)
    if cache is not None:
        cache[unit_id] = calendar
    return calendar


def forget_cached_calendars() -> None:
    if has_app_context():
        g.pop("eoffice_calendars", None)


def is_working_day(day: date, unit_id: Optional[int] = None) -> bool:
    return calendar_for(unit_id).is_working_day(day)


def next_working_day(day: date, unit_id: Optional[int] = None) -> date:
    return calendar_for(unit_id).next_working_day(day)


def require_working_day(day: date, unit_id: Optional[int], what: str = "Ngày") -> None:
    """Refuse a day off, offering the next working day (the user picks, we do not move it)."""
    calendar = calendar_for(unit_id)
    if not calendar.is_working_day(day):
        status = calendar.status(day)
        reason = getattr(status, "name", "") or "ngày nghỉ"
        suggestion = calendar.next_working_day(day)
        raise ServiceError(
            "not_a_working_day",
            f"{what} {day:%d/%m/%Y} là ngày nghỉ ({reason}). Ngày làm việc gần nhất sau đó là {suggestion:%d/%m/%Y}.",
            suggestion=suggestion.isoformat(),
        )


def day_end_time() -> time:
    return calendar_for(None).hours.day_end


def add_working_days_date(day: date, days: int, unit_id: Optional[int] = None) -> date:
    return engine.add_working_days_to_date(day, days, calendar=calendar_for(unit_id))


def due_soon_threshold(moment: datetime, unit_id: Optional[int] = None) -> datetime:
    """The latest deadline that counts as "sắp đến hạn" at `moment`."""
    return engine.add_working_hours(moment, WARN_WITHIN_HOURS, calendar=calendar_for(unit_id))


def timeliness_of(due: Optional[datetime], done_at: Optional[datetime], moment: Optional[datetime] = None,
                  *, warn_within_hours: int = WARN_WITHIN_HOURS, unit_id: Optional[int] = None) -> Optional[str]:
    result = engine.classify_timeliness(due, done_at, moment, warn_within_hours=warn_within_hours,
                                        calendar=calendar_for(unit_id))
    return result.value if result else None


def timeliness_label(due: Optional[datetime], done_at: Optional[datetime], moment: Optional[datetime] = None) -> Optional[tuple[str, str]]:
    """(code, Vietnamese label) for badges, or None when there is no deadline."""
    result = engine.classify_timeliness(due, done_at, moment, warn_within_hours=WARN_WITHIN_HOURS, calendar=calendar_for(None))
    return (result.value, result.label) if result else None


def end_of_working_day(day: date, unit_id: Optional[int] = None) -> datetime:
    return calendar_for(unit_id).end_of_working_day(day)
