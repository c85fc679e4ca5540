"""Vietnam time. Every moment the engine returns is aware and in Asia/Ho_Chi_Minh (+07:00).

A naive datetime is read as Vietnam local time, because that is what a clerk types and what a
form posts. A naive value that is really UTC (as SQLite hands stored values back) must be tagged
with `tzinfo=timezone.utc` before it comes here — the engine cannot guess.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def to_local(moment: datetime) -> datetime:
    """The same instant in Vietnam time; a naive value is taken as already local."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=VN)
    return moment.astimezone(VN)


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC, for storage; a naive value is taken as Vietnam local time."""
    return to_local(moment).astimezone(timezone.utc)


def now() -> datetime:
    """The current moment in Vietnam time."""
    return datetime.now(VN)


def as_moment(value: datetime | date | str) -> datetime:
    """A start or end given as a datetime, a date (its midnight) or an ISO string, in VN time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    if isinstance(value, datetime):
        return to_local(value)
    if isinstance(value, date):
        return datetime.combine(value, time(0), VN)
    raise TypeError(f"expected a datetime, date or ISO string, got {type(value).__name__}")
