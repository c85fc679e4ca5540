"""The calendar as the rest of the app uses it: the pure engine (eoffice.calendar) with the
admin's stored overrides and the configured working hours. Every deadline in the system goes
through here; nothing else does date arithmetic on deadlines.

Calendars are built per request (the override table is small) and cached in `g`; whoever
changes the overrides calls `forget_cached_calendars()` so the same request sees the change.
"""
from __future__ import annotations

from datetime import date, datetime, time
from fractions import Fraction
from typing import Any, Optional, Union

from flask import current_app, g, has_app_context
from sqlalchemy import func, or_, select

from eoffice import calendar as engine
from eoffice.calendar.errors import UnknownUnit
from eoffice.calendar.models import CalendarOverride
from eoffice.calendar.settings import DEFAULT_SETTINGS, EXTENSION_KEY, CalendarSettings
from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.errors import ServiceError

__all__ = ["VN", "now", "calendar_for"]

# The default "sắp đến hạn" threshold in working hours; the configured one (EOFFICE_DUE_SOON_HOURS)
# is `settings().due_soon_hours`.
WARN_WITHIN_HOURS = 8

_CACHE_KEY = "eoffice_calendars"


def settings() -> CalendarSettings:
    """The configured working hours and thresholds (defaults outside an app context)."""
    if has_app_context():
        return current_app.extensions.get(EXTENSION_KEY, DEFAULT_SETTINGS)
    return DEFAULT_SETTINGS


def now() -> datetime:
    return engine.now()


# --- units ----------------------------------------------------------------------------------
def _unit(unit_id: int) -> Any:
    from eoffice.org.models import Unit

    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise UnknownUnit(
            f"Không có đơn vị mã số {unit_id}; không thể dùng lịch làm việc riêng của đơn vị đó. "
            "Hãy chọn lại đơn vị.", unit_id=unit_id,
        )
    return unit


def unit_scope(unit_id: Optional[int]) -> list[str]:
    """The unit and its ancestors, root first, as the engine's unit keys (ids as text): a
    commune inherits the days its province declared, and its own entries win."""
    if unit_id is None:
        return []
    unit = _unit(unit_id)
    return [str(u.id) for u in unit.ancestors()] + [str(unit.id)]


def _under(unit: Any, parents: list[str]) -> bool:
    """True when the short names right above `unit` are `parents` (lower case, outermost first)."""
    if not parents:
        return True
    return [a.short_name.lower() for a in unit.ancestors()][-len(parents):] == parents


def find_unit(code: str) -> Any:
    """The unit named by `code`: its organisation code (000.00.01.H01), its short name, or a
    path of short names "UBND/VP" when the short name alone is ambiguous. Unknown or
    ambiguous codes raise UnknownUnit with a message that says what to type instead."""
    from eoffice.org.models import Unit

    text = (code or "").strip()
    if not text:
        raise UnknownUnit("Hãy nhập mã đơn vị (tên viết tắt hoặc mã định danh, ví dụ VP hoặc 000.00.01.H01).")
    by_code = db.session.scalar(select(Unit).where(func.lower(Unit.org_code) == text.lower()))
    if by_code is not None:
        return by_code
    parts = [p.strip().lower() for p in text.replace("›", "/").split("/") if p.strip()]
    candidates = db.session.scalars(select(Unit).where(func.lower(Unit.short_name) == parts[-1])).all()
    matches = [u for u in candidates if _under(u, parts[:-1])]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownUnit(
            f"Không tìm thấy đơn vị “{text}”. Hãy dùng tên viết tắt hoặc mã định danh của đơn vị "
            "(xem trang Quản trị › Đơn vị).", code=text,
        )
    paths = ", ".join(sorted(u.path_label().replace(" › ", "/") for u in matches))
    raise UnknownUnit(
        f"Có {len(matches)} đơn vị cùng tên viết tắt “{text}”: {paths}. Hãy ghi rõ đường dẫn (ví dụ "
        f"{sorted(u.path_label().replace(' › ', '/') for u in matches)[0]}) hoặc dùng mã định danh.", code=text,
    )


# --- calendars ------------------------------------------------------------------------------
def _to_engine(row: CalendarOverride) -> engine.Override:
    return engine.Override(day=row.day, kind=row.kind, reason=row.reason, source=row.source,  # type: ignore[arg-type]
                           unit=str(row.unit_id) if row.unit_id else None)


def stored_overrides(unit_ids: Optional[list[int]] = None) -> list[engine.Override]:
    """The admin entries of the whole organisation plus those of `unit_ids` (all when None)."""
    query = select(CalendarOverride).order_by(CalendarOverride.day, CalendarOverride.id)
    if unit_ids is not None:
        query = query.where(or_(CalendarOverride.unit_id.is_(None), CalendarOverride.unit_id.in_(unit_ids)))
    return [_to_engine(row) for row in db.session.scalars(query)]


def calendar_for(unit_id: Optional[int] = None) -> engine.WorkingCalendar:
    """The working calendar of a unit (organisation-wide overrides plus the unit's own chain);
    an unknown unit id raises UnknownUnit."""
    cache: Optional[dict[Optional[int], engine.WorkingCalendar]] = None
    if has_app_context():
        cache = g.setdefault(_CACHE_KEY, {})
        if unit_id in cache:
            return cache[unit_id]
    scope = unit_scope(unit_id)
    calendar = engine.WorkingCalendar(
        stored_overrides([int(u) for u in scope]), scope or None, hours=settings().hours,
    )
    if cache is not None:
        cache[unit_id] = calendar
    return calendar


def forget_cached_calendars() -> None:
    """Drop this request's calendars after the overrides changed."""
    if has_app_context():
        g.pop(_CACHE_KEY, None)


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
    return settings().hours.day_end


def add_working_days_date(day: date, days: int, unit_id: Optional[int] = None) -> date:
    return engine.add_working_days_to_date(day, days, calendar=calendar_for(unit_id))


def due_soon_threshold(moment: datetime, unit_id: Optional[int] = None) -> datetime:
    """The latest deadline that counts as "sắp đến hạn" at `moment`."""
    return engine.add_working_hours(moment, settings().due_soon_hours, calendar=calendar_for(unit_id))


def timeliness_of(due: Optional[datetime], done_at: Optional[datetime], moment: Optional[datetime] = None,
                  *, warn_within_hours: Union[int, Fraction, None] = None, unit_id: Optional[int] = None) -> Optional[str]:
    """The timeliness code (early, on_time, late, in_time, due_soon, overdue) or None."""
    warn = settings().due_soon_hours if warn_within_hours is None else warn_within_hours
    result = engine.classify_timeliness(due, done_at, moment, warn_within_hours=warn, calendar=calendar_for(unit_id))
    return result.value if result else None


def timeliness_label(due: Optional[datetime], done_at: Optional[datetime], moment: Optional[datetime] = None) -> Optional[tuple[str, str]]:
    """(code, Vietnamese label) for badges, or None when there is no deadline."""
    result = engine.classify_timeliness(due, done_at, moment, warn_within_hours=settings().due_soon_hours,
                                        calendar=calendar_for(None))
    return (result.value, result.label) if result else None


def end_of_working_day(day: date, unit_id: Optional[int] = None) -> datetime:
    return calendar_for(unit_id).end_of_working_day(day)


def deadline_on(day: date, unit_id: Optional[int] = None, what: str = "Hạn xử lý") -> datetime:
    """The one rule for a deadline a person picks as a date: today or later, a working day of
    the unit's calendar, due at the end of that working day (Vietnam time)."""
    if day < now().date():
        raise ServiceError("deadline_past", f"{what} {day:%d/%m/%Y} đã qua. Hãy chọn một ngày từ hôm nay trở đi.")
    require_working_day(day, unit_id, what=what)
    return end_of_working_day(day, unit_id)


def due_by(day: Optional[date], working_days: Optional[int], unit_id: Optional[int] = None,
           what: str = "Hạn xử lý") -> Optional[datetime]:
    """A deadline a person gives as a picked date (`deadline_on`'s rule) or as N working days
    from today, due at the end of that working day; None when neither is given."""
    if day is not None:
        return deadline_on(day, unit_id, what)
    if working_days:
        return end_of_working_day(add_working_days_date(now().date(), working_days, unit_id), unit_id)
    return None
