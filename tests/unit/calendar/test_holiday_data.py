"""The holidays of 2025 and 2026, checked three ways: the complete list of weekday days off
and worked Saturdays as announced (each with its document), the `holidays` package (pinned
0.109) and our data file of announced swaps. When the package is upgraded these tests say which
entries of the data file it now knows (update "holidays_package" and the changelog) or contradicts."""
from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from eoffice.calendar import WorkingCalendar
from eoffice.calendar.grid import year_grid
from eoffice.calendar.swaps import load_announced_swaps

NATIONAL = WorkingCalendar()

# Every weekday off and every Saturday worked, per year, with the document it rests on.
ANNOUNCED = {
    2025: {
        "days_off": {
            date(2025, 1, 1): "Tết Dương lịch — Labour Code 2019 art. 112",
            date(2025, 1, 27): "Tết Ất Tỵ — 8726/VPCP-KGVX, 6150/TB-BLĐTBXH",
            date(2025, 1, 28): "Tết Ất Tỵ — 8726/VPCP-KGVX",
            date(2025, 1, 29): "Tết Ất Tỵ — 8726/VPCP-KGVX",
            date(2025, 1, 30): "Tết Ất Tỵ — 8726/VPCP-KGVX",
            date(2025, 1, 31): "Tết Ất Tỵ — 8726/VPCP-KGVX",
            date(2025, 4, 7): "Giỗ Tổ Hùng Vương 10/3 âm lịch — art. 112",
            date(2025, 4, 30): "Ngày Chiến thắng — art. 112",
            date(2025, 5, 1): "Quốc tế Lao động — art. 112",
            date(2025, 5, 2): "hoán đổi, làm bù thứ Bảy 26/4 — 6150/TB-BLĐTBXH",
            date(2025, 9, 1): "Quốc khánh, ngày liền kề — art. 112, 8726/VPCP-KGVX",
            date(2025, 9, 2): "Quốc khánh — art. 112",
        },
        "saturdays_worked": {date(2025, 4, 26): "làm bù cho 02/5 — 6150/TB-BLĐTBXH"},
    },
    2026: {
        "days_off": {
            date(2026, 1, 1): "Tết Dương lịch — art. 112",
            date(2026, 1, 2): "hoán đổi, làm bù thứ Bảy 10/01 — 12729/VPCP-KGVX (not in holidays 0.109)",
            date(2026, 2, 16): "Tết Bính Ngọ — 9441/TB-BNV",
            date(2026, 2, 17): "Tết Bính Ngọ — 9441/TB-BNV",
            date(2026, 2, 18): "Tết Bính Ngọ — 9441/TB-BNV",
            date(2026, 2, 19): "Tết Bính Ngọ — 9441/TB-BNV",
            date(2026, 2, 20): "Tết Bính Ngọ — 9441/TB-BNV",
            date(2026, 4, 27): "Giỗ Tổ (Chủ nhật 26/4) nghỉ bù — art. 112(3)",
            date(2026, 4, 30): "Ngày Chiến thắng — art. 112",
            date(2026, 5, 1): "Quốc tế Lao động — art. 112",
            date(2026, 8, 31): "hoán đổi, làm bù thứ Bảy 22/8 — 9441/TB-BNV, holidays pkg",
            date(2026, 9, 1): "Quốc khánh, ngày liền kề — art. 112",
            date(2026, 9, 2): "Quốc khánh — art. 112",
            date(2026, 11, 24): "Ngày Văn hóa Việt Nam — holidays pkg (Nghị quyết 80-NQ/TW); caveat in data file",
        },
        "saturdays_worked": {
            date(2026, 1, 10): "làm bù cho 02/01 — 12729/VPCP-KGVX",
            date(2026, 8, 22): "làm bù cho 31/8 — 9441/TB-BNV, holidays pkg",
        },
    },
}


def _weekdays(year: int) -> list[date]:
    day, result = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            result.append(day)
        day += timedelta(days=1)
    return result


@pytest.mark.parametrize("year", sorted(ANNOUNCED))
def test_the_weekday_days_off_of_the_year_are_exactly_the_announced_ones(year: int) -> None:
    off = {day for day in _weekdays(year) if not NATIONAL.is_working_day(day)}
    assert off == set(ANNOUNCED[year]["days_off"])


@pytest.mark.parametrize("year", sorted(ANNOUNCED))
def test_the_saturdays_worked_are_exactly_the_announced_ones(year: int) -> None:
    worked = {d for d in (date(year, 1, 1) + timedelta(days=n) for n in range(366))
              if d.year == year and d.weekday() >= 5 and NATIONAL.is_working_day(d)}
    assert worked == set(ANNOUNCED[year]["saturdays_worked"])


@pytest.mark.parametrize(("year", "expected"), [(2025, 250), (2026, 249)])
def test_the_number_of_working_days_in_the_year(year: int, expected: int) -> None:
    # 261 weekdays − weekday days off + Saturdays worked (lists above)
    assert len(_weekdays(year)) - len(ANNOUNCED[year]["days_off"]) + len(ANNOUNCED[year]["saturdays_worked"]) == expected
    assert sum(month.working_days for month in year_grid(NATIONAL, year)) == expected


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_package_has_the_eleven_labour_code_days(year: int) -> None:
    # DOMAIN.md §5 / Labour Code 2019 art. 112: 1/1, Tết 5 days, Giỗ Tổ, 30/4, 1/5, 2/9 + 1 adjacent.
    table = holidays.country_holidays("VN", years=year, language="vi", observed=False)
    statutory = [d for d, name in table.items() if "thay cho" not in name and name != "Ngày Văn hóa Việt Nam"]
    assert len(statutory) == 11


def test_each_data_file_entry_agrees_with_the_package_as_it_says() -> None:
    """`holidays_package: agrees` → the package has every day; `missing` → it lacks some.
    A failure here after upgrading `holidays` means: update the entry and the changelog."""
    table = holidays.country_holidays("VN", years=range(2024, 2028), language="vi")
    saturdays = set(getattr(table, "weekend_workdays", set()))
    for item in load_announced_swaps().announcements:
        known = all(d in table for d in item.days_off) and all(d in saturdays for d in item.working_days)
        if item.holidays_package == "agrees":
            assert known, f"{item.year} {item.occasion}: the package no longer agrees"
        elif item.holidays_package == "missing":
            assert not known, f"{item.year} {item.occasion}: the package now knows it — mark it 'agrees'"


def test_every_data_file_entry_names_its_document() -> None:
    swaps = load_announced_swaps()
    assert swaps.version >= 1
    for item in swaps.announcements:
        assert "/" in item.document and any(k in item.document for k in ("VPCP", "TB-", "BNV")), item.document
