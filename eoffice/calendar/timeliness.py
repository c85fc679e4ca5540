"""Timeliness of an item at a moment — the one function reports and dashboards use.

Finished items: trước hạn (finished on a day before the due day), đúng hạn (finished on the due
working day, not after the due moment), quá hạn (finished after the due moment).
Open items: quá hạn once the due moment has passed, sắp đến hạn when at most
`warn_within_hours` working hours are left, otherwise trong hạn. An item is late exactly when
it is past its due moment, open or finished, so the two sets of figures always agree
(DOMAIN.md §2: resolved = early + on time + late; in progress = in time + late).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Optional

from eoffice.calendar.engine import Number, _cal, _fraction, working_time_between
from eoffice.calendar.timezone import now as vn_now
from eoffice.calendar.timezone import to_local
from eoffice.calendar.working_calendar import WorkingCalendar

DEFAULT_WARN_WITHIN_HOURS = 8


class Timeliness(str, Enum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    IN_TIME = "in_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return TIMELINESS_LABELS[self]

    @property
    def is_finished(self) -> bool:
        return self in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE)

    @property
    def is_late(self) -> bool:
        return self in (Timeliness.LATE, Timeliness.OVERDUE)


TIMELINESS_LABELS: dict[Timeliness, str] = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.IN_TIME: "Trong hạn",
    Timeliness.DUE_SOON: "Sắp đến hạn",
    Timeliness.OVERDUE: "Quá hạn",
}


def classify_timeliness(
    due: Optional[datetime],
    finished_at: Optional[datetime] = None,
    now: Optional[datetime] = None,
    *,
    warn_within_hours: Number = DEFAULT_WARN_WITHIN_HOURS,
    calendar: Optional[WorkingCalendar] = None,
) -> Optional[Timeliness]:
    """Classify an item with deadline `due`, finished at `finished_at` (None while open), as
    seen at `now` (default: the current moment). An item with no deadline has no timeliness
    (None). Naive datetimes are Vietnam local time."""
    if due is None:
        return None
    due_local = to_local(due)
    if finished_at is not None:
        done = to_local(finished_at)
        if done > due_local:
            return Timeliness.LATE
        return Timeliness.ON_TIME if done.date() == due_local.date() else Timeliness.EARLY
    moment = to_local(now) if now is not None else vn_now()
    if moment > due_local:
        return Timeliness.OVERDUE
    cal = _cal(calendar)
    warn = timedelta(seconds=round(_fraction(warn_within_hours, "Số giờ cảnh báo") * 3600))
    if working_time_between(moment, due_local, calendar=cal) <= warn:
        return Timeliness.DUE_SOON
    return Timeliness.IN_TIME
