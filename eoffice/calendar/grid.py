"""A year as twelve month grids, for the calendar page: plain values, no Flask.

Each day cell carries a style (weekend, statutory holiday, announced day off, swapped working
Saturday, admin day off, admin working day) so the page can colour it and a legend can explain
the colours; the title text says why, so the reason is one hover (or one printout) away.
"""
from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date
from typing import Optional

from eoffice.calendar.days import DAY_OFF, DayStatus, weekday_name
from eoffice.calendar.working_calendar import WorkingCalendar

MONTH_NAMES = tuple(f"Tháng {n}" for n in range(1, 13))
WEEKDAY_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")

SOURCE_LABELS = {
    "statutory": "Luật định",
    "announced": "Chính phủ công bố",
    "admin": "Cơ quan khai báo",
    "regular": "Lịch tuần",
}

# style → legend text, in the order the legend shows them.
LEGEND: dict[str, str] = {
    "work": "Ngày làm việc",
    "weekend": "Nghỉ hằng tuần (thứ Bảy, Chủ nhật)",
    "holiday": "Nghỉ lễ, Tết theo Bộ luật Lao động",
    "announced-off": "Nghỉ theo thông báo hoán đổi của Chính phủ",
    "announced-work": "Làm việc bù theo thông báo của Chính phủ",
    "admin-off": "Nghỉ thêm do cơ quan/đơn vị khai báo",
    "admin-work": "Làm việc do cơ quan/đơn vị khai báo",
}


def style_of(status: DayStatus) -> str:
    off = status.kind == DAY_OFF
    if status.source == "regular":
        return "weekend" if off else "work"
    if status.source == "statutory":
        return "holiday" if off else "work"
    prefix = "admin" if status.source == "admin" else "announced"
    return f"{prefix}-off" if off else f"{prefix}-work"


@dataclass(frozen=True)
class DayCell:
    day: date
    style: str
    title: str
    is_today: bool = False

    @property
    def is_working_day(self) -> bool:
        return self.style in ("work", "announced-work", "admin-work")


@dataclass(frozen=True)
class MonthGrid:
    month: int
    name: str
    weeks: tuple[tuple[Optional[DayCell], ...], ...]
    working_days: int


def _title(day: date, status: DayStatus) -> str:
    text = f"{weekday_name(day)} {day:%d/%m/%Y}: {status.name}"
    if status.source != "regular":
        text += f" ({SOURCE_LABELS[status.source]}"
        text += f" — {status.document})" if status.document else ")"
    return text


def year_grid(calendar: WorkingCalendar, year: int, today: Optional[date] = None) -> list[MonthGrid]:
    """Twelve months of `year` under `calendar`, weeks starting on Monday (as Vietnamese
    wall calendars do)."""
    months = []
    for month in range(1, 13):
        weeks = []
        count = 0
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells: list[Optional[DayCell]] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                status = calendar.status(day)
                cell = DayCell(day, style_of(status), _title(day, status), is_today=day == today)
                count += cell.is_working_day
                cells.append(cell)
            weeks.append(tuple(cells))
        months.append(MonthGrid(month, MONTH_NAMES[month - 1], tuple(weeks), count))
    return months
