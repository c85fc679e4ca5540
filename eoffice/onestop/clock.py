"""A dossier's due moment, always from the calendar engine: its procedure's time limit from the
moment it was received (paper after 15:00 counts from the next working morning), replayed over
its pauses for supplementation (`eoffice.calendar.dossier_clock`)."""
from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Optional

from eoffice.calendar import ClockEvent, ClockReading, Duration, add_duration, counting_start, dossier_clock
from eoffice.calendar import service as calendar
from eoffice.calendar.working_calendar import WorkingCalendar
from eoffice.onestop.models import Dossier, Procedure


def now() -> datetime:
    """The current moment in Vietnam time (one place, so tests can set the clock)."""
    return calendar.now()


def duration_of(procedure: Procedure) -> Duration:
    amount = Fraction(str(procedure.days))
    return Duration(calendar_days=amount) if procedure.calendar_days else Duration(working_days=amount)


def step_duration(days: float) -> Duration:
    return Duration(working_days=Fraction(str(days or 0)))


def calendar_of(dossier: Dossier) -> WorkingCalendar:
    return calendar.calendar_for(dossier.agency_unit_id)


def is_paper(channel: str) -> bool:
    """Paper dossiers (desk, post) follow the 15:00 cut-off; online ones count from the next
    working moment."""
    return channel != "online"


def start_of(received_at: datetime, channel: str, agency_unit_id: int) -> datetime:
    return counting_start(received_at, calendar=calendar.calendar_for(agency_unit_id), paper_after_cutoff=is_paper(channel))


def due_of(received_at: datetime, procedure: Procedure, channel: str, agency_unit_id: int) -> datetime:
    return add_duration(received_at, duration_of(procedure), calendar=calendar.calendar_for(agency_unit_id),
                        paper_after_cutoff=is_paper(channel))


def reading(dossier: Dossier) -> ClockReading:
    """The dossier's clock after its pauses and restarts."""
    events = [ClockEvent(at=e.at, kind=e.kind, note=e.note) for e in dossier.clock_events]  # type: ignore[arg-type]
    return dossier_clock(dossier.received_at, duration_of(dossier.procedure), events, calendar=calendar_of(dossier),
                         paper_after_cutoff=is_paper(dossier.channel))


def current_due(dossier: Dossier) -> Optional[datetime]:
    """The due moment now: the apology's new date once moved, else the clock's (None while paused)."""
    if dossier.original_due is not None:
        return dossier.deadline
    return reading(dossier).due
