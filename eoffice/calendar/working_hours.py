"""Working hours of a day and the arithmetic inside one day.

The default (07:00–11:30, 13:30–17:00, one working day = 8 h) is the practice of Vietnamese
one-stop desks [practice, DOMAIN.md §2]; provinces set their own, so it is configuration.
A working day always lasts the sum of its periods: "1 working day" and "8 working hours" are
the same amount of working time, which is what makes N working days from 09:00 end at 09:00.

Positions inside a day are measured as the working time elapsed since the first period
started (0 … day_length). Two kinds of boundary have two clock times for one amount of work:
- between two periods of the same day (11:30 = 13:30): results use the later clock time, so
  N working days from 13:30 end at 13:30 (the issue's rule "same clock time N working days
  later" holds for afternoon starts too, and nobody is late for not finishing over lunch);
- between days (17:00 = 07:00 next working day): results use the end of the day, so a
  deadline reads "17:00 Tuesday", never "07:00 Wednesday" — the due day is the day whose
  working time the item consumes, which is what "đúng hạn" (finished on the due day) needs.
A start at a boundary counts from the later clock time (11:30 → 13:30, 17:00 → next morning).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

from eoffice.calendar.errors import InvalidWorkingHours
from eoffice.calendar.timezone import VN

Period = tuple[time, time]

DEFAULT_PERIODS: tuple[Period, ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_PAPER_CUTOFF = time(15, 0)


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidWorkingHours(
            f"Giờ “{text}” không hợp lệ. Hãy nhập theo dạng HH:MM, ví dụ 07:00.", value=text
        ) from None


@dataclass(frozen=True)
class WorkingHours:
    """The working periods of a working day and the paper cut-off (after it, paper dossiers
    count from the next working morning)."""

    periods: tuple[Period, ...] = DEFAULT_PERIODS
    paper_cutoff: time = DEFAULT_PAPER_CUTOFF

    def __post_init__(self) -> None:
        periods = tuple((start, end) for start, end in self.periods)
        object.__setattr__(self, "periods", periods)
        if not periods:
            raise InvalidWorkingHours("Cần ít nhất một khoảng giờ làm việc trong ngày.")
        previous_end: time | None = None
        for start, end in periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise InvalidWorkingHours("Giờ làm việc là giờ Việt Nam, không kèm múi giờ.")
            if start >= end:
                raise InvalidWorkingHours(
                    f"Khoảng giờ làm việc {start:%H:%M}–{end:%H:%M} không hợp lệ: giờ bắt đầu phải trước giờ kết thúc."
                )
            if previous_end is not None and start < previous_end:
                raise InvalidWorkingHours(
                    "Các khoảng giờ làm việc phải theo thứ tự trong ngày và không chồng lên nhau."
                )
            previous_end = end
        if not (periods[0][0] < self.paper_cutoff <= periods[-1][1]):
            raise InvalidWorkingHours(
                f"Giờ chốt nhận hồ sơ giấy ({self.paper_cutoff:%H:%M}) phải nằm trong giờ làm việc "
                f"({periods[0][0]:%H:%M}–{periods[-1][1]:%H:%M})."
            )

    @classmethod
    def from_text(cls, periods: str, paper_cutoff: str = "15:00") -> WorkingHours:
        """Build from configuration text such as "07:00-11:30,13:30-17:00"."""
        parsed: list[Period] = []
        for chunk in periods.split(","):
            if not chunk.strip():
                continue
            if "-" not in chunk:
                raise InvalidWorkingHours(
                    f"Khoảng giờ “{chunk.strip()}” phải có dạng HH:MM-HH:MM, ví dụ 07:00-11:30."
                )
            start, _, end = chunk.partition("-")
            parsed.append((_parse_time(start), _parse_time(end)))
        return cls(periods=tuple(parsed), paper_cutoff=_parse_time(paper_cutoff))

    # --- sizes -----------------------------------------------------------------------------
    @property
    def day_length(self) -> timedelta:
        """Working time in one working day (8 h by default)."""
        return timedelta(seconds=sum(_seconds(e) - _seconds(s) for s, e in self.periods))

    @property
    def day_start(self) -> time:
        return self.periods[0][0]

    @property
    def day_end(self) -> time:
        return self.periods[-1][1]

    # --- positions inside a day ------------------------------------------------------------
    def offset_of(self, t: time) -> timedelta:
        """Working time of the day elapsed at clock time `t` (0 before opening, full after)."""
        seconds = _seconds(t) + t.microsecond / 1_000_000
        elapsed = 0.0
        for start, end in self.periods:
            elapsed += min(max(seconds - _seconds(start), 0), _seconds(end) - _seconds(start))
        return timedelta(seconds=elapsed)

    def is_inside(self, t: time) -> bool:
        """True inside a period, start included and end excluded (work can start there)."""
        return any(start <= t < end for start, end in self.periods)

    def is_open_at(self, t: time) -> bool:
        """True from the start to the end of a period, both included: a moment a deadline or
        an appointment may name (13:30 and 17:00 are fine, 12:00 and 18:00 are not)."""
        return any(start <= t <= end for start, end in self.periods)

    def next_start(self, t: time) -> time | None:
        """The first period start at or after `t` the same day, or None after the last one."""
        for start, _ in self.periods:
            if start >= t:
                return start
        return None

    def moment_at(self, day: date, offset: timedelta) -> datetime:
        """The clock time on `day` at which `offset` of working time has elapsed.

        An offset between two periods gives the start of the later one (13:30, not 11:30);
        the full day gives the end of the day (17:00); zero gives the opening time."""
        if offset < timedelta(0) or offset > self.day_length:
            raise ValueError(f"offset {offset} outside the working day")
        remaining = offset
        last = len(self.periods) - 1
        for index, (start, end) in enumerate(self.periods):
            length = timedelta(seconds=_seconds(end) - _seconds(start))
            if remaining < length or (remaining == length and index == last):
                return datetime.combine(day, start, VN) + remaining
            remaining -= length
        return datetime.combine(day, self.day_end, VN)  # pragma: no cover - the loop returns

    def periods_text(self) -> str:
        return ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.periods)


DEFAULT_WORKING_HOURS = WorkingHours()


def working_hours_from_pairs(pairs: Iterable[tuple[str, str]], paper_cutoff: str = "15:00") -> WorkingHours:
    """Build from [("07:00", "11:30"), ("13:30", "17:00")] as settings or a form deliver it."""
    return WorkingHours(
        periods=tuple((_parse_time(s), _parse_time(e)) for s, e in pairs), paper_cutoff=_parse_time(paper_cutoff)
    )
