"""Which days are working days, for the organisation or for one unit.

Layers, each on top of the one before:
  1. regular week: Monday–Friday work, Saturday and Sunday off;
  2. the `holidays` package: Labour Code holidays with lunar dates, compensatory days, and the
     swaps it knows (a substituted day off brings its working Saturday with it);
  3. our data file of announced swaps (what the package misses, each with its document);
  4. the admin calendar for the whole organisation;
  5. the admin calendar of the unit (outermost unit first, the innermost wins).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Optional, Sequence, Union

from eoffice.calendar.days import DAY_OFF, WORKING_DAY, CalendarDay, DayStatus, weekday_name
from eoffice.calendar.errors import DateOutOfRange
from eoffice.calendar.overrides import Override, OverrideLike, unit_chain, validate_overrides
from eoffice.calendar.statutory import FIRST_YEAR, LAST_YEAR, PACKAGE_DOCUMENT, package_year
from eoffice.calendar.swaps import AnnouncedSwaps, load_announced_swaps
from eoffice.calendar.timezone import VN
from eoffice.calendar.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

# How far to look for the next working day before deciding the calendar is broken
# (an admin who marks a whole year off gets an error, not an endless loop).
SEARCH_LIMIT_DAYS = 400


def _regular(day: date) -> DayStatus:
    if day.weekday() >= 5:
        return DayStatus(DAY_OFF, f"{weekday_name(day)} (nghỉ hằng tuần)", "regular")
    return DayStatus(WORKING_DAY, f"{weekday_name(day)} (ngày làm việc)", "regular")


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateOutOfRange(
            f"Năm {year} nằm ngoài khoảng lịch nghỉ lễ hệ thống tính được ({FIRST_YEAR}–{LAST_YEAR}). "
            "Hãy kiểm tra lại ngày hoặc thời hạn đã nhập.",
            year=year,
        )


class WorkingCalendar:
    """Days off and working days for one scope, plus that scope's working hours.

    Build one per request from the stored admin entries; years are computed on first use."""

    def __init__(
        self,
        overrides: Iterable[OverrideLike] = (),
        unit: Union[str, Sequence[str], None] = None,
        *,
        hours: WorkingHours = DEFAULT_WORKING_HOURS,
        announced: Optional[AnnouncedSwaps] = None,
    ) -> None:
        self.hours = hours
        self.units = unit_chain(unit)
        self.announced = announced if announced is not None else load_announced_swaps()
        parsed = validate_overrides(overrides)
        scopes: list[Optional[str]] = [None, *self.units]
        self._admin_layers: list[dict[date, Override]] = [
            {o.day: o for o in parsed if o.unit == scope} for scope in scopes
        ]
        self._years: dict[int, dict[date, DayStatus]] = {}

    # --- days ----------------------------------------------------------------------------
    def _year(self, year: int) -> dict[date, DayStatus]:
        table = self._years.get(year)
        if table is not None:
            return table
        check_year(year)
        table = dict(package_year(year))
        for day, status in self.announced.for_year(year).items():
            known = table.get(day)
            if known is not None and known.kind == status.kind:
                # The package already has it: keep its name, cite the notice that confirms it.
                table[day] = known._replace(document=status.document)
            else:
                table[day] = status
        for layer in self._admin_layers:
            for day, item in layer.items():
                if day.year == year:
                    table[day] = DayStatus(item.kind, item.reason, "admin", item.source)
        self._years[year] = table
        return table

    def status(self, day: date) -> DayStatus:
        """What `day` is for this scope, with the name and source that decided it."""
        if isinstance(day, datetime):
            day = day.astimezone(VN).date() if day.tzinfo else day.date()
        return self._year(day.year).get(day) or _regular(day)

    def is_working_day(self, day: date) -> bool:
        return self.status(day).kind == WORKING_DAY

    def next_working_day(self, day: date, *, include_self: bool = False) -> date:
        """The first working day after `day` (or `day` itself when allowed and working)."""
        candidate = day if include_self else day + timedelta(days=1)
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise DateOutOfRange(
            f"Không có ngày làm việc nào trong {SEARCH_LIMIT_DAYS} ngày sau {day:%d/%m/%Y}. "
            "Hãy kiểm tra lịch năm (có thể đã khai báo nhầm quá nhiều ngày nghỉ)."
        )

    def previous_working_day(self, day: date, *, include_self: bool = False) -> date:
        candidate = day if include_self else day - timedelta(days=1)
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate -= timedelta(days=1)
        raise DateOutOfRange(
            f"Không có ngày làm việc nào trong {SEARCH_LIMIT_DAYS} ngày trước {day:%d/%m/%Y}. "
            "Hãy kiểm tra lịch năm."
        )

    def days_off_between(self, first: date, last: date) -> list[CalendarDay]:
        """Days off from `first` to `last` inclusive that are not plain weekends."""
        result: list[CalendarDay] = []
        day = first
        while day <= last:
            status = self.status(day)
            if status.kind == DAY_OFF and status.source != "regular":
                result.append(CalendarDay(day, status.kind, status.name, status.source))
            day += timedelta(days=1)
        return result

    def year_listing(self, year: int) -> list[CalendarDay]:
        """Every date of `year` that differs from, or is named beyond, the regular week."""
        rows = []
        for day, status in sorted(self._year(year).items()):
            name = status.name
            if status.document and status.document != PACKAGE_DOCUMENT and status.document not in name:
                name = f"{name} — {status.document}"
            rows.append(CalendarDay(day, status.kind, name, status.source))
        return rows

    # --- clock times of a day ---------------------------------------------------------------
    def start_of_working_day(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.day_start, VN)

    def end_of_working_day(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.day_end, VN)
