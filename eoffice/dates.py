"""Dates typed by people or sent by integrations: one parser for the whole app.

A form posts ISO (what <input type=date> sends) or dd/mm/yyyy (what a clerk types); the API
sends ISO. Either way the value must be a real calendar day (no 30/02) inside the years an
office can mean (no 0001-01-01, no 9999-12-31: such dates overflow the time-zone arithmetic
and the databases' date columns and would answer 500). The message names the field and says
how to write the date.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from eoffice.errors import ServiceError

EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)
FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_LENGTH = 32


class InvalidDate(ServiceError):
    """A user-supplied date that is not a day, or a day outside EARLIEST…LATEST."""

    def __init__(self, message: str, value: Any = None) -> None:
        super().__init__("invalid_date", message, value=value)


def bounds_text() -> str:
    return f"{EARLIEST:%d/%m/%Y} – {LATEST:%d/%m/%Y}"


def parse_date(value: Any, label: str) -> Optional[date]:
    """The day `value` means, or None when it is blank; InvalidDate (400) with a message otherwise.

    Accepts a `date` (not a datetime), an ISO string (yyyy-mm-dd) or dd/mm/yyyy.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        raise InvalidDate(f"{label} phải là một ngày (yyyy-mm-dd hoặc dd/mm/yyyy), không kèm giờ.", value=str(value))
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value) <= MAX_LENGTH and "\x00" not in value:
        day = _from_text(value.strip(), label)
    else:
        shown = value if isinstance(value, str) else type(value).__name__
        raise InvalidDate(f"{label} phải là một ngày viết dạng yyyy-mm-dd hoặc dd/mm/yyyy, ví dụ 2026-03-09.",
                          value=str(shown)[:MAX_LENGTH])
    if not EARLIEST <= day <= LATEST:
        raise InvalidDate(f"{label} {day.day:02d}/{day.month:02d}/{day.year:04d} nằm ngoài khoảng cho phép ({bounds_text()}). Hãy kiểm tra lại năm.",
                          value=day.isoformat())
    return day


def _from_text(text: str, label: str) -> date:
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidDate(f"{label} “{text}” không phải là ngày có thật hoặc không đúng dạng; "
                      "hãy viết yyyy-mm-dd hoặc dd/mm/yyyy, ví dụ 09/03/2026.", value=text)
