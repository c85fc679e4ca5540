"""Calendar configuration: working hours, the paper cut-off, the "sắp đến hạn" threshold.

Provinces set their own office hours, so none of this is code. Read once at start-up from
EOFFICE_WORKING_HOURS ("07:00-11:30,13:30-17:00"), EOFFICE_PAPER_CUTOFF ("15:00") and
EOFFICE_DUE_SOON_HOURS ("8"), or from `Settings.extra` keys of the same names in lower case
without the prefix (tests use that: they build settings from an empty environment). A bad value
stops the app at start-up with a Vietnamese message instead of producing wrong deadlines later.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Optional

from eoffice.calendar.errors import InvalidWorkingHours
from eoffice.calendar.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

DEFAULT_PERIODS_TEXT = "07:00-11:30,13:30-17:00"
DEFAULT_CUTOFF_TEXT = "15:00"
DEFAULT_DUE_SOON_HOURS = 8
KEYS = ("working_hours", "paper_cutoff", "due_soon_hours")
EXTENSION_KEY = "eoffice.calendar"


@dataclass(frozen=True)
class CalendarSettings:
    hours: WorkingHours = DEFAULT_WORKING_HOURS
    due_soon_hours: Fraction = Fraction(DEFAULT_DUE_SOON_HOURS)


DEFAULT_SETTINGS = CalendarSettings()


def _due_soon(text: str) -> Fraction:
    try:
        value = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        value = Fraction(-1)
    if value < 0 or value > 24 * 30:
        raise InvalidWorkingHours(
            f"EOFFICE_DUE_SOON_HOURS=“{text}” không hợp lệ: hãy nhập số giờ làm việc từ 0 đến 720 (mặc định 8)."
        )
    return value


def settings_from(values: Mapping[str, Any]) -> CalendarSettings:
    """Build from a mapping with optional keys working_hours, paper_cutoff, due_soon_hours."""
    periods = str(values.get("working_hours") or DEFAULT_PERIODS_TEXT)
    cutoff = str(values.get("paper_cutoff") or DEFAULT_CUTOFF_TEXT)
    due_soon = values.get("due_soon_hours")
    return CalendarSettings(
        hours=WorkingHours.from_text(periods, paper_cutoff=cutoff),
        due_soon_hours=_due_soon(str(due_soon)) if due_soon not in (None, "") else Fraction(DEFAULT_DUE_SOON_HOURS),
    )


def settings_for_app(app_settings: Any, environ: Optional[Mapping[str, str]] = None) -> CalendarSettings:
    """The app's calendar settings: `extra` first, then EOFFICE_* variables (not under test,
    where the environment is deliberately ignored)."""
    values: dict[str, Any] = {}
    if getattr(app_settings, "env", "") != "test":
        env = os.environ if environ is None else environ
        for key in KEYS:
            if env.get(f"EOFFICE_{key.upper()}"):
                values[key] = env[f"EOFFICE_{key.upper()}"]
    extra = getattr(app_settings, "extra", None) or {}
    values.update({key: extra[key] for key in KEYS if key in extra})
    return settings_from(values)
