"""Small shared values: the two kinds of day, where a day's status comes from, weekday names."""
from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

DayKind = Literal["day_off", "working_day"]
DAY_OFF: DayKind = "day_off"
WORKING_DAY: DayKind = "working_day"
DAY_KINDS: tuple[DayKind, ...] = (DAY_OFF, WORKING_DAY)

# statutory: the `holidays` package (Labour Code art. 112 and its lunar dates);
# announced: a swap or holiday schedule announced by the Government (package substitutions
# and our data file); admin: the organisation's or a unit's own calendar; regular: Mon–Fri work,
# Sat/Sun off, when nothing else applies.
Source = Literal["statutory", "announced", "admin", "regular"]

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAY_IN_TEXT = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def day_label(day: date) -> str:
    """“thứ Bảy 10/01/2026” — how notices name a day."""
    return f"{_WEEKDAY_IN_TEXT[day.weekday()]} {day:%d/%m/%Y}"


class DayStatus(NamedTuple):
    """What a date is and why: kind, display name, source, and the document behind it."""

    kind: DayKind
    name: str
    source: Source
    document: str = ""


class CalendarDay(NamedTuple):
    """One row of a year's calendar listing (what `eoffice calendar` prints)."""

    day: date
    kind: DayKind
    name: str
    source: Source
