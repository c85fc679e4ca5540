"""Deadline arithmetic: the one place in eoffice that adds working days and hours.

Rules (issue "calendar", DOMAIN.md §2 and §5):
- A start outside working hours counts from the next start of working hours; a paper dossier
  received on a working day after the cut-off (15:00) counts from the next working morning.
- N working days from a moment inside working hours end at the same clock time N working days
  later (Mon 09:00 + 1 = Tue 09:00). A working day is the sum of the day's periods (8 h), so
  N working days and N × 8 working hours are the same amount of working time. A result at the
  end of a working day stays on that day (Mon 07:00 + 1 day = Mon 17:00, not Tue 07:00); a
  result at the lunch break reads as the afternoon start (Mon 13:30 + 1 day = Tue 13:30).
- N calendar days follow the Civil Code 2015 (art. 147–148): the day of the event is not
  counted, the time limit ends at the end of the last day, and a last day that is a day off
  moves to the next working day. "End of the day" is the end of working hours: the office
  must hand the result over while it is open.
Every result is an aware datetime in Vietnam time.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Iterable, Optional, Sequence, Union

from eoffice.calendar.days import CalendarDay
from eoffice.calendar.errors import DurationTooLong, EndBeforeStart, InvalidDuration
from eoffice.calendar.overrides import OverrideLike
from eoffice.calendar.swaps import AnnouncedSwaps
from eoffice.calendar.timezone import as_moment, to_local
from eoffice.calendar.working_calendar import WorkingCalendar
from eoffice.calendar.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

Number = Union[int, float, Decimal, Fraction, str]
Moment = Union[datetime, date, str]

# About ten years of work: no procedure has a time limit anywhere near this, so a larger value
# is a typing mistake (a year typed into the days box) and is refused instead of computed.
MAX_WORKING_DAYS = 2500
MAX_CALENDAR_DAYS = 3653

_default_calendar: Optional[WorkingCalendar] = None


def national_calendar() -> WorkingCalendar:
    """The calendar with no admin entries (package + announced swaps), shared by the process."""
    global _default_calendar
    if _default_calendar is None:
        _default_calendar = WorkingCalendar()
    return _default_calendar


def _cal(calendar: Optional[WorkingCalendar]) -> WorkingCalendar:
    return calendar if calendar is not None else national_calendar()


# --- durations ------------------------------------------------------------------------------
def _fraction(value: Number, what: str) -> Fraction:
    if isinstance(value, bool):
        raise InvalidDuration(f"{what} phải là một số, không phải giá trị đúng/sai.")
    try:
        if isinstance(value, str):
            value = Decimal(value.strip().replace(",", "."))
        if isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidDuration(f"{what} phải là một số hữu hạn.")
            result = Fraction(value).limit_denominator(3600)
        elif isinstance(value, Decimal):
            if not value.is_finite():
                raise InvalidDuration(f"{what} phải là một số hữu hạn.")
            result = Fraction(value)
        elif isinstance(value, (int, Fraction)):
            result = Fraction(value)
        else:
            raise InvalidDuration(f"{what} phải là một số, nhận được “{value}”.")
    except (InvalidOperation, ValueError):
        raise InvalidDuration(f"{what} phải là một số, nhận được “{value}”.") from None
    if result < 0:
        raise InvalidDuration(f"{what} không được âm (nhận được {value}).", value=str(value))
    return result


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}".replace(".", ",")


@dataclass(frozen=True)
class Duration:
    """A time limit: working days and/or working hours, or calendar days (never mixed)."""

    working_days: Number = 0
    working_hours: Number = 0
    calendar_days: Number = 0

    def __post_init__(self) -> None:
        days = _fraction(self.working_days, "Số ngày làm việc")
        hours = _fraction(self.working_hours, "Số giờ làm việc")
        calendar = _fraction(self.calendar_days, "Số ngày")
        if calendar and (days or hours):
            raise InvalidDuration(
                "Thời hạn tính theo ngày làm việc/giờ làm việc hoặc theo ngày lịch, không được kết hợp cả hai."
            )
        if calendar.denominator != 1:
            raise InvalidDuration(f"Số ngày lịch phải là số nguyên (nhận được {_fmt(calendar)}).")
        if days > MAX_WORKING_DAYS or hours > MAX_WORKING_DAYS * 24:
            raise DurationTooLong(
                f"Thời hạn {_fmt(days)} ngày, {_fmt(hours)} giờ làm việc vượt quá {MAX_WORKING_DAYS} ngày làm việc "
                "(khoảng 10 năm). Hãy kiểm tra lại số đã nhập."
            )
        if calendar > MAX_CALENDAR_DAYS:
            raise DurationTooLong(
                f"Thời hạn {_fmt(calendar)} ngày vượt quá {MAX_CALENDAR_DAYS} ngày (10 năm). Hãy kiểm tra lại số đã nhập."
            )
        object.__setattr__(self, "working_days", days)
        object.__setattr__(self, "working_hours", hours)
        object.__setattr__(self, "calendar_days", calendar)

    @classmethod
    def from_options(
        cls,
        working_days: Optional[Number] = None,
        working_hours: Optional[Number] = None,
        calendar_days: Optional[Number] = None,
    ) -> Duration:
        """From CLI/form options where unset ones are None; at least one must be given."""
        if working_days is None and working_hours is None and calendar_days is None:
            raise InvalidDuration("Hãy nhập thời hạn: số ngày làm việc, số giờ làm việc hoặc số ngày.")
        return cls(working_days or 0, working_hours or 0, calendar_days or 0)

    @property
    def counts_calendar_days(self) -> bool:
        return bool(self.calendar_days)

    def working_time(self, hours: WorkingHours = DEFAULT_WORKING_HOURS) -> timedelta:
        """The working time this duration stands for under `hours` (calendar days: none)."""
        total_seconds = (
            Fraction(self.working_days) * int(hours.day_length.total_seconds())
            + Fraction(self.working_hours) * 3600
        )
        amount = timedelta(seconds=round(total_seconds))
        if amount > MAX_WORKING_DAYS * hours.day_length:
            raise DurationTooLong(
                f"Thời hạn vượt quá {MAX_WORKING_DAYS} ngày làm việc (khoảng 10 năm). Hãy kiểm tra lại số đã nhập."
            )
        return amount

    def describe(self) -> str:
        """Vietnamese text: "3 ngày làm việc", "1 ngày làm việc 4 giờ", "15 ngày"."""
        if self.counts_calendar_days:
            return f"{_fmt(Fraction(self.calendar_days))} ngày"
        parts = []
        if self.working_days:
            parts.append(f"{_fmt(Fraction(self.working_days))} ngày làm việc")
        if self.working_hours:
            parts.append(f"{_fmt(Fraction(self.working_hours))} giờ làm việc")
        return " ".join(parts) or "0 ngày làm việc"


# --- moments --------------------------------------------------------------------------------
def next_working_moment(moment: Moment, *, calendar: Optional[WorkingCalendar] = None) -> datetime:
    """`moment` if it is inside working hours of a working day, else the next start of hours."""
    cal = _cal(calendar)
    t = as_moment(moment)
    day = t.date()
    if cal.is_working_day(day):
        if cal.hours.is_inside(t.time()):
            return t
        start = cal.hours.next_start(t.time())
        if start is not None:
            return datetime.combine(day, start, t.tzinfo)
    return cal.start_of_working_day(cal.next_working_day(day))


def counting_start(
    received_at: Moment, *, calendar: Optional[WorkingCalendar] = None, paper_after_cutoff: bool = False
) -> datetime:
    """When the clock starts for something received at `received_at`.

    With `paper_after_cutoff` (paper dossiers at the one-stop desk) a receipt after the cut-off
    on a working day counts from the next working morning (DOMAIN.md §2)."""
    cal = _cal(calendar)
    t = as_moment(received_at)
    if paper_after_cutoff and cal.is_working_day(t.date()) and t.time() > cal.hours.paper_cutoff:
        return cal.start_of_working_day(cal.next_working_day(t.date()))
    return next_working_moment(t, calendar=cal)


def add_working_time(start: Moment, amount: timedelta, *, calendar: Optional[WorkingCalendar] = None) -> datetime:
    """The moment `amount` of working time after `start` (counted from the next working moment)."""
    cal = _cal(calendar)
    if amount < timedelta(0):
        raise InvalidDuration("Thời gian làm việc cộng thêm không được âm.")
    if amount > MAX_WORKING_DAYS * cal.hours.day_length:
        raise DurationTooLong(
            f"Thời hạn vượt quá {MAX_WORKING_DAYS} ngày làm việc (khoảng 10 năm). Hãy kiểm tra lại số đã nhập."
        )
    begin = next_working_moment(start, calendar=cal)
    if amount == timedelta(0):
        return begin
    length = cal.hours.day_length
    day = begin.date()
    offset = cal.hours.offset_of(begin.time())
    if offset + amount <= length:
        return cal.hours.moment_at(day, offset + amount)
    remaining = amount - (length - offset)
    day = cal.next_working_day(day)
    while remaining > length:
        remaining -= length
        day = cal.next_working_day(day)
    return cal.hours.moment_at(day, remaining)


def add_working_days(start: Moment, days: Number, *, calendar: Optional[WorkingCalendar] = None) -> datetime:
    """`days` working days after `start`: Mon 09:00 + 1 → Tue 09:00."""
    cal = _cal(calendar)
    return add_working_time(start, Duration(working_days=days).working_time(cal.hours), calendar=cal)


def add_working_hours(start: Moment, hours: Number, *, calendar: Optional[WorkingCalendar] = None) -> datetime:
    """`hours` working hours after `start`, skipping lunch, nights and days off."""
    cal = _cal(calendar)
    return add_working_time(start, Duration(working_hours=hours).working_time(cal.hours), calendar=cal)


def add_calendar_days(start: Moment, days: Number, *, calendar: Optional[WorkingCalendar] = None) -> datetime:
    """End of working hours `days` calendar days after the day the clock starts; a last day
    that is a day off moves to the next working day (Civil Code 2015, art. 147–148)."""
    cal = _cal(calendar)
    count = int(Fraction(Duration(calendar_days=days).calendar_days))
    begin = next_working_moment(start, calendar=cal)
    last = begin.date() + timedelta(days=count)
    return cal.end_of_working_day(cal.next_working_day(last, include_self=True))


def add_duration(
    start: Moment,
    duration: Duration,
    *,
    calendar: Optional[WorkingCalendar] = None,
    paper_after_cutoff: bool = False,
) -> datetime:
    """The due moment of `duration` from a receipt at `start`."""
    cal = _cal(calendar)
    begin = counting_start(start, calendar=cal, paper_after_cutoff=paper_after_cutoff)
    if duration.counts_calendar_days:
        return add_calendar_days(begin, duration.calendar_days, calendar=cal)
    return add_working_time(begin, duration.working_time(cal.hours), calendar=cal)


def add_working_days_to_date(day: date, days: int, *, calendar: Optional[WorkingCalendar] = None) -> date:
    """The `days`-th working day after `day` (the day itself not counted): for deadlines given as
    dates, e.g. "register at the latest the next working day" is 1."""
    cal = _cal(calendar)
    count = int(Fraction(Duration(working_days=days).working_days))
    result = day
    for _ in range(count):
        result = cal.next_working_day(result)
    return result if count else cal.next_working_day(day, include_self=True)


def working_time_between(start: Moment, end: Moment, *, calendar: Optional[WorkingCalendar] = None) -> timedelta:
    """Working time elapsed from `start` to `end` (days off, nights and lunch excluded)."""
    cal = _cal(calendar)
    a, b = as_moment(start), as_moment(end)
    if b < a:
        raise EndBeforeStart(
            f"Thời điểm kết thúc ({b:%H:%M %d/%m/%Y}) trước thời điểm bắt đầu ({a:%H:%M %d/%m/%Y}).",
        )
    hours = cal.hours
    total = timedelta(0)
    day = a.date()
    while day <= b.date():
        if cal.is_working_day(day):
            begin = hours.offset_of(a.time()) if day == a.date() else timedelta(0)
            finish = hours.offset_of(b.time()) if day == b.date() else hours.day_length
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return total


def working_days_between(start: Moment, end: Moment, *, calendar: Optional[WorkingCalendar] = None) -> Fraction:
    """Working time from `start` to `end` in working days (exact: 2 h of an 8 h day is 1/4)."""
    cal = _cal(calendar)
    elapsed = working_time_between(start, end, calendar=cal)
    return Fraction(int(elapsed.total_seconds()), int(cal.hours.day_length.total_seconds()))


# --- what the CLI prints ----------------------------------------------------------------------
@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline with the facts a person needs to check it."""

    received_at: datetime
    counted_from: datetime
    due: datetime
    duration: Duration
    cutoff_applied: bool
    unit: tuple[str, ...] = ()
    days_off_skipped: tuple[CalendarDay, ...] = field(default_factory=tuple)

    def explanation(self) -> list[str]:
        """Vietnamese lines explaining the computation, for the CLI and the admin page."""
        lines = [f"Nhận lúc: {self.received_at:%H:%M %d/%m/%Y}"]
        if self.cutoff_applied:
            lines.append(f"Hồ sơ giấy nhận sau giờ chốt: tính từ {self.counted_from:%H:%M %d/%m/%Y}")
        elif self.counted_from != self.received_at:
            lines.append(f"Ngoài giờ làm việc: tính từ {self.counted_from:%H:%M %d/%m/%Y}")
        lines.append(f"Thời hạn: {self.duration.describe()}")
        for row in self.days_off_skipped:
            lines.append(f"Bỏ qua ngày nghỉ {row.day:%d/%m/%Y}: {row.name}")
        lines.append(f"Hạn: {self.due:%H:%M %d/%m/%Y} (giờ Việt Nam, {self.due:%z})")
        return lines


def compute_deadline(
    start: Moment,
    *,
    working_days: Optional[Number] = None,
    working_hours: Optional[Number] = None,
    calendar_days: Optional[Number] = None,
    after_cutoff_rule: bool = False,
    unit: Union[str, Sequence[str], None] = None,
    overrides: Iterable[OverrideLike] = (),
    hours: WorkingHours = DEFAULT_WORKING_HOURS,
    calendar: Optional[WorkingCalendar] = None,
) -> DeadlineResult:
    """What `eoffice deadline --start … --working-days N [--working-hours N | --calendar-days N]
    [--after-cutoff-rule] [--unit CODE]` computes. Pass `calendar` to reuse a built one;
    otherwise one is built from `overrides`, `unit` and `hours`."""
    cal = calendar or WorkingCalendar(overrides, unit, hours=hours)
    duration = Duration.from_options(working_days, working_hours, calendar_days)
    received = as_moment(start)
    plain_start = counting_start(received, calendar=cal)
    begin = counting_start(received, calendar=cal, paper_after_cutoff=after_cutoff_rule)
    due = add_duration(received, duration, calendar=cal, paper_after_cutoff=after_cutoff_rule)
    skipped = tuple(cal.days_off_between(received.date(), due.date()))
    return DeadlineResult(
        received_at=received, counted_from=begin, due=due, duration=duration,
        cutoff_applied=begin != plain_start, unit=cal.units, days_off_skipped=skipped,
    )


def calendar_year_listing(
    year: int,
    overrides: Iterable[OverrideLike] = (),
    unit: Union[str, Sequence[str], None] = None,
    *,
    announced: Optional[AnnouncedSwaps] = None,
) -> list[CalendarDay]:
    """The year's days off and extra working days as (date, kind, name, source) rows, source
    being 'statutory', 'announced' or 'admin' — what `eoffice calendar YEAR` prints."""
    return WorkingCalendar(overrides, unit, announced=announced).year_listing(year)


__all__ = [
    "Duration", "DeadlineResult", "MAX_WORKING_DAYS", "MAX_CALENDAR_DAYS", "national_calendar",
    "next_working_moment", "counting_start", "add_working_time", "add_working_days", "add_working_hours",
    "add_calendar_days", "add_duration", "add_working_days_to_date", "working_time_between",
    "working_days_between", "compute_deadline", "calendar_year_listing", "to_local",
]
