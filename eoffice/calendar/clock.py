"""The one-stop dossier clock: pauses, and restart from zero.

- While the desk waits for the citizen to supplement (phiếu yêu cầu bổ sung), the clock stops;
  when the supplement arrives it continues with the time that was left ("pause"/"resume").
- A dossier returned as insufficient (trả lại vì chưa đầy đủ) stops the clock, and the time
  limit starts again, in full, when the completed dossier comes back ("return"/"restart";
  Decree 61/2018 and its successor 118/2025, DOMAIN.md §2).
- A pause that begins after the due moment does not make the dossier on time again: it stays
  due at the moment it became late.
The events are plain values so the one-stop service can store them as rows and replay them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Literal, Optional

from eoffice.calendar.engine import (
    Duration,
    Moment,
    _cal,
    add_calendar_days,
    add_duration,
    add_working_time,
    counting_start,
    working_time_between,
)
from eoffice.calendar.errors import InvalidClockEvent
from eoffice.calendar.timezone import as_moment, to_local
from eoffice.calendar.working_calendar import WorkingCalendar

ClockEventKind = Literal["pause", "resume", "return", "restart"]
CLOCK_EVENT_LABELS = {
    "pause": "Tạm dừng chờ bổ sung",
    "resume": "Tiếp tục sau khi bổ sung",
    "return": "Trả lại hồ sơ chưa đầy đủ",
    "restart": "Nhận lại hồ sơ đầy đủ, tính lại thời hạn từ đầu",
}


@dataclass(frozen=True)
class ClockEvent:
    at: datetime
    kind: ClockEventKind
    note: str = ""


@dataclass(frozen=True)
class ClockReading:
    """The dossier's clock after replaying its events.

    `due` is None while the clock is stopped and the dossier was still in time (the due date
    is unknown until the citizen acts); `remaining` is the working time (or, for calendar-day
    limits, the whole days) left when it stopped."""

    due: Optional[datetime]
    running: bool
    counted_from: datetime
    stopped_since: Optional[datetime] = None
    stopped_by: Optional[ClockEventKind] = None
    remaining: Optional[timedelta] = None
    late_since: Optional[datetime] = None
    restarts: int = 0


def dossier_clock(
    received_at: Moment,
    duration: Duration,
    events: Iterable[ClockEvent] = (),
    *,
    calendar: Optional[WorkingCalendar] = None,
    paper_after_cutoff: bool = False,
) -> ClockReading:
    """Replay `events` (in time order) on a dossier received at `received_at`."""
    cal = _cal(calendar)
    received = as_moment(received_at)
    counted_from = counting_start(received, calendar=cal, paper_after_cutoff=paper_after_cutoff)
    due: Optional[datetime] = add_duration(received, duration, calendar=cal, paper_after_cutoff=paper_after_cutoff)
    running = True
    stopped_since: Optional[datetime] = None
    stopped_by: Optional[ClockEventKind] = None
    remaining: Optional[timedelta] = None
    late_since: Optional[datetime] = None
    restarts = 0
    segment_start = counted_from
    budget = None if duration.counts_calendar_days else duration.working_time(cal.hours)
    previous = received

    for event in events:
        at = to_local(event.at)
        if at < previous:
            raise InvalidClockEvent(
                f"Sự kiện “{CLOCK_EVENT_LABELS.get(event.kind, event.kind)}” lúc {at:%H:%M %d/%m/%Y} "
                f"ghi trước sự kiện hoặc thời điểm nhận hồ sơ trước đó ({previous:%H:%M %d/%m/%Y})."
            )
        previous = at
        if event.kind in ("pause", "return"):
            if not running:
                raise InvalidClockEvent(
                    f"Hồ sơ đang tạm dừng tính thời hạn từ {stopped_since:%H:%M %d/%m/%Y}; "
                    "không thể tạm dừng hoặc trả lại lần nữa trước khi tiếp tục."
                )
            assert due is not None
            if at > due:
                late_since = late_since or due
                remaining = timedelta(0)
            elif duration.counts_calendar_days:
                remaining = timedelta(days=(due.date() - at.date()).days)
            else:
                used = working_time_between(segment_start, at, calendar=cal) if at > segment_start else timedelta(0)
                assert budget is not None
                remaining = budget - used
            running, stopped_since, stopped_by, due = False, at, event.kind, None
        elif event.kind == "resume":
            if running:
                raise InvalidClockEvent("Hồ sơ không ở trạng thái tạm dừng nên không thể “tiếp tục”.")
            if stopped_by == "return":
                raise InvalidClockEvent(
                    "Hồ sơ đã bị trả lại vì chưa đầy đủ: khi công dân nộp lại hồ sơ đầy đủ, thời hạn được "
                    "tính lại từ đầu (restart), không tiếp tục thời gian còn lại."
                )
            assert remaining is not None
            if late_since is not None:
                due = late_since
            elif duration.counts_calendar_days:
                due = add_calendar_days(at, remaining.days, calendar=cal)
            else:
                due = add_working_time(at, remaining, calendar=cal)
            segment_start = counting_start(at, calendar=cal)
            budget = remaining
            running, stopped_since, stopped_by, remaining = True, None, None, None
        elif event.kind == "restart":
            if stopped_by != "return":
                raise InvalidClockEvent(
                    "Chỉ tính lại thời hạn từ đầu khi hồ sơ đã bị trả lại vì chưa đầy đủ và công dân nộp lại; "
                    "hồ sơ đang chờ bổ sung thì dùng “tiếp tục” để giữ thời gian còn lại."
                )
            counted_from = counting_start(at, calendar=cal, paper_after_cutoff=paper_after_cutoff)
            due = add_duration(at, duration, calendar=cal, paper_after_cutoff=paper_after_cutoff)
            segment_start = counted_from
            budget = None if duration.counts_calendar_days else duration.working_time(cal.hours)
            running, stopped_since, stopped_by, remaining, late_since = True, None, None, None, None
            restarts += 1
        else:
            raise InvalidClockEvent(f"Loại sự kiện “{event.kind}” không hợp lệ (pause, resume, return, restart).")

    if not running and late_since is not None:
        due = late_since
    return ClockReading(
        due=due, running=running, counted_from=counted_from, stopped_since=stopped_since, stopped_by=stopped_by,
        remaining=remaining, late_since=late_since, restarts=restarts,
    )
