"""Errors of the deadline engine: an English code for machines, a Vietnamese message that says
what to do next. They subclass the app's ServiceError (a plain exception, no Flask) so the web
and API layers render them like any other bad input, without a translation table."""
from __future__ import annotations

from typing import Any

from eoffice.errors import ServiceError


class CalendarError(ServiceError):
    """Base of every error the calendar and deadline engine raises."""

    status = 400
    default_code = "calendar_error"

    def __init__(self, message: str, code: str | None = None, **details: Any) -> None:
        super().__init__(code or self.default_code, message, **details)


class InvalidDuration(CalendarError):
    """Negative, non-finite or mixed-unit durations."""

    default_code = "invalid_duration"


class DurationTooLong(CalendarError):
    """Durations no procedure can have (more than about ten years); almost always a typo."""

    default_code = "duration_too_long"


class DateOutOfRange(CalendarError):
    """Dates outside the years whose holidays we can compute."""

    default_code = "date_out_of_range"


class EndBeforeStart(CalendarError):
    default_code = "end_before_start"


class InvalidOverride(CalendarError):
    """An admin calendar entry with a bad date, kind or no reason."""

    default_code = "invalid_override"


class DuplicateOverride(CalendarError):
    """The same date entered twice in the same scope (e.g. a holiday made a working day twice)."""

    default_code = "duplicate_override"


class ContradictoryOverrides(CalendarError):
    """The same date entered as a day off and as a working day in the same scope."""

    default_code = "contradictory_overrides"


class InvalidWorkingHours(CalendarError):
    default_code = "invalid_working_hours"


class InvalidSwapData(CalendarError):
    """The shipped file of announced swaps is malformed (a packaging bug, not user input)."""

    default_code = "invalid_swap_data"


class InvalidClockEvent(CalendarError):
    """Pause/resume/restart events out of order or in an impossible state."""

    default_code = "invalid_clock_event"


class AppointmentAlreadyMoved(CalendarError):
    default_code = "appointment_already_moved"


class InvalidAppointment(CalendarError):
    default_code = "invalid_appointment"


class UnknownUnit(CalendarError):
    """A unit code or id that names no unit (or more than one): the deadline would silently use
    the wrong calendar, so we refuse instead."""

    status = 404
    default_code = "unknown_unit"


class RedundantOverride(CalendarError):
    """An admin entry that would change nothing (a day off on a day already off)."""

    default_code = "redundant_override"
