"""Vietnam's holidays from the `holidays` package, as day statuses.

The package knows the Labour Code holidays with their lunar dates, the compensatory days when
a holiday falls on a weekend, and some announced swaps ("Ngày nghỉ (thay cho ngày …)"). For a
swap it also exposes the weekend day worked in exchange (`weekend_workdays`): a substituted day
off always implies that working Saturday, so we take both or neither.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from eoffice.calendar.days import DAY_OFF, WORKING_DAY, DayStatus, day_label

# Years the package's Vietnamese lunar tables cover; outside them the dates would be guesses.
FIRST_YEAR = 1995
LAST_YEAR = 2099

PACKAGE_DOCUMENT = "gói holidays (Python)"
_SUBSTITUTED = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


@lru_cache(maxsize=256)
def package_year(year: int) -> dict[date, DayStatus]:
    """The package's days off and swapped working days in `year` (copy before mutating)."""
    import holidays  # imported here: importing eoffice.calendar stays cheap

    # Neighbouring years too: a swap can cross New Year (a Saturday in December worked for a
    # day off in January), and the package files it under the day off's year.
    table = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="vi")
    result: dict[date, DayStatus] = {}
    worked_for: dict[date, date] = {}
    for day, name in sorted(table.items()):
        found = _SUBSTITUTED.search(name)
        if found:
            worked = datetime.strptime(found.group(1), "%d/%m/%Y").date()
            worked_for[worked] = day
        if day.year != year:
            continue
        source = "announced" if found else "statutory"
        result[day] = DayStatus(DAY_OFF, "; ".join(table.get_list(day)), source, PACKAGE_DOCUMENT)
    for worked in getattr(table, "weekend_workdays", set()) | set(worked_for):
        if worked.year != year:
            continue
        off = worked_for.get(worked)
        name = f"Ngày làm việc bù (cho ngày nghỉ {day_label(off)})" if off else "Ngày làm việc bù"
        result[worked] = DayStatus(WORKING_DAY, name, "announced", PACKAGE_DOCUMENT)
    return result
