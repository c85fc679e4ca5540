"""The shipped, versioned file of days off and swaps the Government announced
(`data/vn_announced_swaps.json`).

Why a file of our own: the `holidays` package misses some announced swaps (0.109 lacks the
2026 New Year swap, 02/01 off for Saturday 10/01) and a release can lag a notice by months. Each
entry names the document that announced it, so a clerk can check it against the notice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from eoffice.calendar.days import DAY_OFF, WORKING_DAY, DayStatus, day_label
from eoffice.calendar.errors import InvalidSwapData

DATA_FILE = Path(__file__).resolve().parent / "data" / "vn_announced_swaps.json"
SUPPORTED_SCHEMA = 1


@dataclass(frozen=True)
class Announcement:
    """One announced holiday schedule or swap: the weekdays given off, the weekend days worked
    in exchange (if any), and the document that announced it."""

    year: int
    occasion: str
    days_off: tuple[date, ...]
    working_days: tuple[date, ...]
    document: str
    evidence: str = ""
    holidays_package: str = ""

    def statuses(self) -> dict[date, DayStatus]:
        result: dict[date, DayStatus] = {}
        worked = ", ".join(day_label(d) for d in self.working_days)
        off = ", ".join(day_label(d) for d in self.days_off)
        for day in self.days_off:
            name = f"Nghỉ hoán đổi dịp {self.occasion} (làm bù {worked})" if self.working_days else self.occasion
            result[day] = DayStatus(DAY_OFF, name, "announced", self.document)
        for day in self.working_days:
            name = f"Làm việc bù dịp {self.occasion} (cho ngày nghỉ {off})"
            result[day] = DayStatus(WORKING_DAY, name, "announced", self.document)
        return result


@dataclass(frozen=True)
class AnnouncedSwaps:
    """All announcements of the data file, with its version for display and audit."""

    version: int
    checked_on: str
    announcements: tuple[Announcement, ...]
    caveats: tuple[tuple[date, str], ...] = ()

    def for_year(self, year: int) -> dict[date, DayStatus]:
        result: dict[date, DayStatus] = {}
        for item in self.announcements:
            for day, status in item.statuses().items():
                if day.year == year:
                    result[day] = status
        return result


def _bad(message: str) -> InvalidSwapData:
    return InvalidSwapData(f"Tệp lịch hoán đổi ngày làm việc bị lỗi: {message}. Hãy cài lại phiên bản eoffice hoặc báo quản trị hệ thống.")


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(f"ngày “{value}” ở {where} không đúng dạng YYYY-MM-DD") from None


def parse_swaps(data: Mapping[str, Any]) -> AnnouncedSwaps:
    """Validate and read the file's content (also used by tests with hand-made content)."""
    if data.get("schema") != SUPPORTED_SCHEMA:
        raise _bad(f"phiên bản cấu trúc {data.get('schema')!r} không được hỗ trợ")
    if not isinstance(data.get("version"), int):
        raise _bad("thiếu số phiên bản (version)")
    announcements: list[Announcement] = []
    seen: dict[date, tuple[str, str]] = {}
    for year_text, items in (data.get("years") or {}).items():
        try:
            year = int(year_text)
        except ValueError:
            raise _bad(f"năm “{year_text}” không hợp lệ") from None
        for index, item in enumerate(items):
            where = f"năm {year}, mục {index + 1}"
            occasion = str(item.get("occasion") or "").strip()
            document = str(item.get("document") or "").strip()
            if not occasion or not document:
                raise _bad(f"{where} thiếu tên dịp nghỉ hoặc văn bản công bố")
            days_off = tuple(_date(v, where) for v in item.get("days_off") or ())
            working = tuple(_date(v, where) for v in item.get("working_days") or ())
            if not days_off and not working:
                raise _bad(f"{where} không có ngày nào")
            for kind, days in (("day_off", days_off), ("working_day", working)):
                for day in days:
                    if day.year != year:
                        raise _bad(f"ngày {day:%d/%m/%Y} nằm ngoài năm {year} ({where})")
                    if kind == "working_day" and day.weekday() < 5:
                        raise _bad(f"ngày làm bù {day:%d/%m/%Y} không phải ngày nghỉ cuối tuần ({where})")
                    if day in seen:
                        raise _bad(f"ngày {day:%d/%m/%Y} xuất hiện hai lần ({where} và {seen[day][0]})")
                    seen[day] = (where, kind)
            announcements.append(
                Announcement(
                    year=year, occasion=occasion, days_off=days_off, working_days=working, document=document,
                    evidence=str(item.get("evidence") or ""), holidays_package=str(item.get("holidays_package") or ""),
                )
            )
    caveats = tuple(
        (_date(c.get("day"), "caveats"), str(c.get("text") or "")) for c in data.get("caveats") or ()
    )
    return AnnouncedSwaps(
        version=data["version"], checked_on=str(data.get("checked_on") or ""),
        announcements=tuple(announcements), caveats=caveats,
    )


@lru_cache(maxsize=4)
def load_announced_swaps(path: Path = DATA_FILE) -> AnnouncedSwaps:
    """The shipped file, read once per process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise _bad(f"không đọc được {path.name} ({error})") from None
    return parse_swaps(data)
