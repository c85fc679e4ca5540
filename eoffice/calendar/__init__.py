"""eoffice.calendar: working days, working hours and deadlines — the pure engine.

No Flask and no database here: callers pass plain values (admin overrides as mappings or
`Override`s) and get plain values back. The `holidays` package is imported on first use.
"""
from __future__ import annotations

from eoffice.calendar.appointment import Appointment
from eoffice.calendar.clock import CLOCK_EVENT_LABELS, ClockEvent, ClockReading, dossier_clock
from eoffice.calendar.days import DAY_OFF, WORKING_DAY, CalendarDay, DayStatus
from eoffice.calendar.engine import (
    MAX_CALENDAR_DAYS,
    MAX_WORKING_DAYS,
    DeadlineResult,
    Duration,
    add_calendar_days,
    add_duration,
    add_working_days,
    add_working_days_to_date,
    add_working_hours,
    add_working_time,
    calendar_year_listing,
    compute_deadline,
    counting_start,
    national_calendar,
    next_working_moment,
    working_days_between,
    working_time_between,
)
from eoffice.calendar.errors import (
    AppointmentAlreadyMoved,
    CalendarError,
    ContradictoryOverrides,
    DateOutOfRange,
    DuplicateOverride,
    DurationTooLong,
    EndBeforeStart,
    InvalidAppointment,
    InvalidClockEvent,
    InvalidDuration,
    InvalidOverride,
    InvalidSwapData,
    InvalidWorkingHours,
)
from eoffice.calendar.overrides import Override, validate_overrides
from eoffice.calendar.swaps import AnnouncedSwaps, load_announced_swaps
from eoffice.calendar.timeliness import TIMELINESS_LABELS, Timeliness, classify_timeliness
from eoffice.calendar.timezone import VN, now, to_local, to_utc
from eoffice.calendar.working_calendar import WorkingCalendar
from eoffice.calendar.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

__all__ = [
    "Appointment", "AnnouncedSwaps", "AppointmentAlreadyMoved", "CLOCK_EVENT_LABELS", "CalendarDay",
    "CalendarError", "ClockEvent", "ClockReading", "ContradictoryOverrides", "DAY_OFF", "DEFAULT_WORKING_HOURS",
    "DateOutOfRange", "DayStatus", "DeadlineResult", "DuplicateOverride", "Duration", "DurationTooLong",
    "EndBeforeStart", "InvalidAppointment", "InvalidClockEvent", "InvalidDuration", "InvalidOverride",
    "InvalidSwapData", "InvalidWorkingHours", "MAX_CALENDAR_DAYS", "MAX_WORKING_DAYS", "Override",
    "TIMELINESS_LABELS", "Timeliness", "VN", "WORKING_DAY", "WorkingCalendar", "WorkingHours",
    "add_calendar_days", "add_duration", "add_working_days", "add_working_days_to_date", "add_working_hours",
    "add_working_time", "calendar_year_listing", "classify_timeliness", "compute_deadline", "counting_start",
    "dossier_clock", "load_announced_swaps", "national_calendar", "next_working_moment", "now", "to_local",
    "to_utc", "validate_overrides", "working_days_between", "working_time_between",
]
