"""The admin's yearly calendar: add and delete extra days off and extra working days.

The rules live here, not in the views: permission, parsing the date typed in a form, one entry
per date per scope (the engine's duplicate/contradiction messages), no entry that would change
nothing, an audit entry for every change, and the request's cached calendars dropped so the next
deadline computed in the same request already uses the change. Deadlines already stored are
not recomputed: they were what the office promised at the time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Optional, Union

from sqlalchemy import extract, or_, select
from sqlalchemy.exc import IntegrityError

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize
from eoffice.calendar import service
from eoffice.calendar.days import DAY_OFF, WORKING_DAY, CalendarDay, day_label
from eoffice.calendar.errors import DuplicateOverride, InvalidOverride, RedundantOverride, UnknownUnit
from eoffice.calendar.grid import MonthGrid, year_grid
from eoffice.calendar.models import OVERRIDE_KINDS, CalendarOverride
from eoffice.calendar.overrides import KIND_LABELS, Override, validate_overrides
from eoffice.calendar.working_calendar import check_year
from eoffice.dates import parse_date
from eoffice.db import db, get_or_not_found

MANAGE = "admin.calendar.manage"
REASON_MAX = 300
SOURCE_MAX = 200


def parse_day(value: Union[str, date, None]) -> date:
    """The day a form or the API names, read by the app's one date parser; a blank is refused here
    because a calendar entry always needs its day."""
    if isinstance(value, datetime):
        return value.date()
    day = parse_date(value, "Ngày")
    if day is None:
        raise InvalidOverride("Hãy chọn ngày cần khai báo.")
    return day


def _scope_label(unit: Any) -> str:
    return f"đơn vị {unit.name}" if unit is not None else "toàn cơ quan"


def _unit_or_none(unit_id: Optional[int]) -> Any:
    if not unit_id:
        return None
    from eoffice.org.models import Unit

    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise UnknownUnit(f"Không có đơn vị mã số {unit_id}. Hãy chọn lại đơn vị.", unit_id=unit_id)
    return unit


def scope_overrides(unit_id: Optional[int], year: Optional[int] = None) -> list[CalendarOverride]:
    """The entries that shape `unit_id`'s calendar: the organisation's and those of the unit and
    its ancestors (all units' entries with no unit given would mislead, so only the chain)."""
    chain = [int(u) for u in service.unit_scope(unit_id)] if unit_id else []
    query = select(CalendarOverride).where(
        or_(CalendarOverride.unit_id.is_(None), CalendarOverride.unit_id.in_(chain))
    ).order_by(CalendarOverride.day, CalendarOverride.id)
    if year is not None:
        query = query.where(extract("year", CalendarOverride.day) == year)
    return list(db.session.scalars(query))


def add_override(
    actor: Actor,
    *,
    day: Union[str, date, None],
    kind: str,
    reason: str,
    source: str = "",
    unit_id: Optional[int] = None,
) -> CalendarOverride:
    """Record an extra day off or extra working day for the organisation or one unit."""
    authorize(actor, MANAGE)
    parsed_day = parse_day(day)
    check_year(parsed_day.year)
    if kind not in OVERRIDE_KINDS:
        raise InvalidOverride("Hãy chọn loại ngày: ngày nghỉ thêm hoặc ngày làm việc bù.", value=str(kind))
    reason, source = (reason or "").strip(), (source or "").strip()
    if len(reason) > REASON_MAX:
        raise InvalidOverride(f"Lý do dài quá {REASON_MAX} ký tự; hãy viết gọn lại (số văn bản ghi ở ô “Văn bản”).")
    if len(source) > SOURCE_MAX:
        raise InvalidOverride(f"Văn bản căn cứ dài quá {SOURCE_MAX} ký tự; hãy ghi số, ký hiệu và ngày của văn bản.")
    unit = _unit_or_none(unit_id)
    if unit is not None and not unit.is_active:
        raise InvalidOverride(f"Đơn vị {unit.name} đã ngừng hoạt động; không khai báo lịch riêng cho đơn vị này.")
    key = str(unit.id) if unit is not None else None
    entry = Override(parsed_day, kind, reason, source, key)  # type: ignore[arg-type]  # validates reason
    same_scope = [service._to_engine(row) for row in scope_overrides(unit.id if unit else None, parsed_day.year)
                  if row.unit_id == (unit.id if unit else None)]
    validate_overrides([*same_scope, entry])  # duplicate / contradiction, in the engine's words
    current = service.calendar_for(unit.id if unit else None).status(parsed_day)
    if current.kind == kind:
        raise RedundantOverride(
            f"{day_label(parsed_day).capitalize()} đã là {KIND_LABELS[kind]} trong lịch của {_scope_label(unit)} "
            f"({current.name}); không cần khai báo thêm.", day=parsed_day.isoformat(),
        )
    row = CalendarOverride(day=parsed_day, kind=kind, reason=reason, source=source,
                           unit_id=unit.id if unit else None, created_by_id=actor.user_id)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DuplicateOverride(
            f"Ngày {parsed_day:%d/%m/%Y} vừa được người khác khai báo cho {_scope_label(unit)}. Hãy tải lại trang.",
        ) from None
    audit.record(actor, "calendar.override.create", "calendar_override", row.id, {"after": _summary(row, unit)})
    db.session.commit()
    service.forget_cached_calendars()
    return row


def get_override(override_id: Any) -> CalendarOverride:
    return get_or_not_found(CalendarOverride, override_id, "mục lịch năm")


def delete_override(actor: Actor, override_id: Any) -> dict[str, Any]:
    """Remove an entry; returns what was removed (for the confirmation message)."""
    authorize(actor, MANAGE)
    row = get_override(override_id)
    before = _summary(row, row.unit)
    audit.record(actor, "calendar.override.delete", "calendar_override", row.id, {"before": before})
    db.session.delete(row)
    db.session.commit()
    service.forget_cached_calendars()
    return before


def _summary(row: CalendarOverride, unit: Any) -> dict[str, Any]:
    return {
        "day": row.day.isoformat(), "kind": row.kind, "reason": row.reason, "source": row.source,
        "unit_id": row.unit_id, "unit": unit.name if unit is not None else "toàn cơ quan",
    }


# --- the page ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class YearView:
    """Everything the calendar page shows for one year and one scope."""

    year: int
    unit: Any
    months: list[MonthGrid]
    listing: list[CalendarDay]
    overrides: list[CalendarOverride]
    working_days: int
    hours_text: str
    paper_cutoff: str

    @property
    def days_off(self) -> int:
        return sum(1 for row in self.listing if row.kind == DAY_OFF)

    @property
    def extra_working_days(self) -> int:
        return sum(1 for row in self.listing if row.kind == WORKING_DAY)


def year_view(year: int, unit_id: Optional[int] = None) -> YearView:
    check_year(year)
    unit = _unit_or_none(unit_id)
    calendar = service.calendar_for(unit.id if unit else None)
    months = year_grid(calendar, year, today=service.now().date())
    hours = calendar.hours
    return YearView(
        year=year, unit=unit, months=months, listing=calendar.year_listing(year),
        overrides=scope_overrides(unit.id if unit else None, year),
        working_days=sum(m.working_days for m in months), hours_text=hours.periods_text(),
        paper_cutoff=f"{hours.paper_cutoff:%H:%M}",
    )
