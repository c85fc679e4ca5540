"""Which days are working days: the holidays package, the announced swaps file and the admin
calendar on top. Each table case names its source."""
from __future__ import annotations

from datetime import date

import pytest

from eoffice.calendar import (
    ContradictoryOverrides,
    DateOutOfRange,
    DuplicateOverride,
    InvalidOverride,
    Override,
    WorkingCalendar,
    calendar_year_listing,
    validate_overrides,
)
from eoffice.calendar.swaps import parse_swaps

NATIONAL = WorkingCalendar()
NO_ANNOUNCEMENTS = parse_swaps({"schema": 1, "version": 0, "years": {}})

DAY_OFF_CASES = [
    # Tết Giáp Thìn 2024: 08/02 (29 Tết) – 14/02 (mùng 5): Thông báo 5015/TB-LĐTBXH; holidays pkg
    pytest.param(date(2024, 2, 8), id="2024-02-08 29 Tết [5015/TB-LĐTBXH]"),
    pytest.param(date(2024, 2, 14), id="2024-02-14 mùng 5 [5015/TB-LĐTBXH]"),
    # 30/4–1/5/2024: Monday 29/4 swapped for Saturday 4/5 (Văn bản 2450/VPCP-KGVX)
    pytest.param(date(2024, 4, 29), id="2024-04-29 swapped day off [2450/VPCP-KGVX]"),
    pytest.param(date(2024, 4, 30), id="2024-04-30 [Labour Code art. 112]"),
    pytest.param(date(2024, 5, 1), id="2024-05-01 [Labour Code art. 112]"),
    pytest.param(date(2024, 9, 3), id="2024-09-03 adjacent day [5015/TB-LĐTBXH]"),
    # Tết Ất Tỵ 2025: Mon 27/01 – Fri 31/01 (Văn bản 8726/VPCP-KGVX; 6150/TB-BLĐTBXH)
    pytest.param(date(2025, 1, 27), id="2025-01-27 29 Tết [8726/VPCP-KGVX]"),
    pytest.param(date(2025, 1, 31), id="2025-01-31 mùng 3 [8726/VPCP-KGVX]"),
    # 02/05/2025 off, substituted by Saturday 26/04 (holidays pkg; 6150/TB-BLĐTBXH)
    pytest.param(date(2025, 5, 2), id="2025-05-02 swapped day off [6150/TB-BLĐTBXH, holidays pkg]"),
    pytest.param(date(2025, 9, 1), id="2025-09-01 adjacent day [8726/VPCP-KGVX]"),
    # 2026 New Year: Friday 02/01 swapped for Saturday 10/01 (Văn bản 12729/VPCP-KGVX) — not in holidays 0.109
    pytest.param(date(2026, 1, 2), id="2026-01-02 swapped day off [12729/VPCP-KGVX]"),
    # Tết Bính Ngọ 2026: Mon 16/02 – Fri 20/02 (Thông báo 9441/TB-BNV)
    pytest.param(date(2026, 2, 16), id="2026-02-16 29 Tết [9441/TB-BNV]"),
    pytest.param(date(2026, 2, 20), id="2026-02-20 mùng 4 [9441/TB-BNV]"),
    # Giỗ Tổ 2026 falls on Sunday 26/04: compensatory Monday (Labour Code art. 112(3); holidays pkg)
    pytest.param(date(2026, 4, 27), id="2026-04-27 compensatory day [Labour Code art. 112]"),
    pytest.param(date(2026, 8, 31), id="2026-08-31 swapped day off [9441/TB-BNV, holidays pkg]"),
    pytest.param(date(2026, 9, 1), id="2026-09-01 adjacent day [9441/TB-BNV]"),
    # Vietnam Culture Day (holidays pkg, Resolution 80-NQ/TW) — see caveat in the data file
    pytest.param(date(2026, 11, 24), id="2026-11-24 Ngày Văn hóa Việt Nam [holidays pkg]"),
]

WORKING_DAY_CASES = [
    pytest.param(date(2024, 5, 4), id="2024-05-04 Saturday worked [2450/VPCP-KGVX]"),
    pytest.param(date(2025, 4, 26), id="2025-04-26 Saturday worked [6150/TB-BLĐTBXH, holidays pkg]"),
    pytest.param(date(2026, 1, 10), id="2026-01-10 Saturday worked [12729/VPCP-KGVX]"),
    pytest.param(date(2026, 8, 22), id="2026-08-22 Saturday worked [9441/TB-BNV, holidays pkg]"),
    pytest.param(date(2026, 2, 23), id="2026-02-23 first day back after Tết [9441/TB-BNV]"),
    pytest.param(date(2025, 2, 3), id="2025-02-03 first day back after Tết [8726/VPCP-KGVX]"),
    pytest.param(date(2025, 12, 31), id="2025-12-31 ordinary Wednesday [regular week]"),
]


@pytest.mark.parametrize("day", DAY_OFF_CASES)
def test_holidays_and_announced_days_off_are_not_working_days(day: date) -> None:
    assert not NATIONAL.is_working_day(day)
    assert NATIONAL.status(day).source in ("statutory", "announced")


@pytest.mark.parametrize("day", WORKING_DAY_CASES)
def test_swapped_saturdays_and_ordinary_weekdays_are_working_days(day: date) -> None:
    assert NATIONAL.is_working_day(day)


def test_a_substituted_day_off_in_the_package_brings_its_working_saturday() -> None:
    # Without our data file, the package's "Ngày nghỉ (thay cho ngày 26/04/2025)" alone must
    # make Saturday 26/04/2025 a working day.
    package_only = WorkingCalendar(announced=NO_ANNOUNCEMENTS)
    assert not package_only.is_working_day(date(2025, 5, 2))
    status = package_only.status(date(2025, 4, 26))
    assert status.kind == "working_day"
    assert status.source == "announced"
    assert "02/05/2025" in status.name


def test_the_2026_new_year_swap_comes_from_the_data_file_not_the_package() -> None:
    package_only = WorkingCalendar(announced=NO_ANNOUNCEMENTS)
    assert package_only.is_working_day(date(2026, 1, 2))
    assert not package_only.is_working_day(date(2026, 1, 10))
    status = NATIONAL.status(date(2026, 1, 2))
    assert (status.kind, status.source) == ("day_off", "announced")
    assert "12729/VPCP-KGVX" in status.document


def test_weekends_without_a_swap_stay_days_off() -> None:
    assert not NATIONAL.is_working_day(date(2026, 1, 3))
    assert not NATIONAL.is_working_day(date(2026, 1, 11))
    assert NATIONAL.status(date(2026, 1, 11)).source == "regular"


def test_next_working_day_crosses_the_year_boundary_and_the_new_year_swap() -> None:
    # 31/12/2025 → 1/1 (statutory), 2/1 (12729/VPCP-KGVX), 3–4/1 weekend → Monday 5/1/2026
    assert NATIONAL.next_working_day(date(2025, 12, 31)) == date(2026, 1, 5)
    assert NATIONAL.previous_working_day(date(2026, 1, 5)) == date(2025, 12, 31)


def test_next_working_day_after_tet_2026() -> None:
    # Friday 13/02/2026 → Tết 14–22/02 (9441/TB-BNV) → Monday 23/02
    assert NATIONAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


# --- admin calendar ------------------------------------------------------------------------------
def test_admin_days_off_and_working_days_apply_on_top_of_the_law() -> None:
    cal = WorkingCalendar([
        {"day": "2026-03-09", "kind": "day_off", "reason": "Nghỉ theo Quyết định 12/QĐ-UBND", "source": "QĐ 12/QĐ-UBND"},
        {"day": "2026-11-24", "kind": "working_day", "reason": "Cơ quan làm việc Ngày Văn hóa"},
    ])
    assert not cal.is_working_day(date(2026, 3, 9))
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.status(date(2026, 3, 9)) == ("day_off", "Nghỉ theo Quyết định 12/QĐ-UBND", "admin", "QĐ 12/QĐ-UBND")


def test_a_units_own_days_apply_only_to_that_unit() -> None:
    overrides = [
        Override(date(2026, 3, 20), "day_off", "Lễ hội truyền thống xã", unit="XA-01"),
        Override(date(2026, 3, 23), "day_off", "Lễ hội xã khác", unit="XA-02"),
    ]
    commune = WorkingCalendar(overrides, unit="XA-01")
    organisation = WorkingCalendar(overrides)
    assert not commune.is_working_day(date(2026, 3, 20))
    assert commune.is_working_day(date(2026, 3, 23))
    assert organisation.is_working_day(date(2026, 3, 20))


def test_the_innermost_unit_wins_over_the_organisation() -> None:
    overrides = [
        Override(date(2026, 3, 20), "day_off", "Toàn tỉnh nghỉ"),
        Override(date(2026, 3, 20), "working_day", "Xã trực làm việc", unit="XA-01"),
    ]
    assert WorkingCalendar(overrides, unit=["TINH", "XA-01"]).is_working_day(date(2026, 3, 20))
    assert not WorkingCalendar(overrides, unit="XA-02").is_working_day(date(2026, 3, 20))


def test_the_same_date_twice_in_one_scope_is_refused_with_a_vietnamese_message() -> None:
    with pytest.raises(DuplicateOverride) as info:
        WorkingCalendar([
            Override(date(2026, 9, 2), "working_day", "Trực lễ"),
            Override(date(2026, 9, 2), "working_day", "Trực lễ (nhập lại)"),
        ])
    assert info.value.code == "duplicate_override"
    assert "02/09/2026" in info.value.message and "một lần" in info.value.message


def test_a_day_off_and_a_working_day_on_the_same_date_contradict() -> None:
    with pytest.raises(ContradictoryOverrides) as info:
        validate_overrides([
            {"date": "2026-05-04", "kind": "day_off", "reason": "Nghỉ bù"},
            {"date": "2026-05-04", "kind": "working_day", "reason": "Làm việc"},
        ])
    assert info.value.code == "contradictory_overrides"
    assert "vừa được khai báo" in info.value.message


def test_an_override_repeating_what_the_law_says_is_accepted() -> None:
    # Admin entered the 2026 New Year swap before the data file knew it: calendars keep working.
    cal = WorkingCalendar([Override(date(2026, 1, 10), "working_day", "Làm bù theo 12729/VPCP-KGVX")])
    assert cal.is_working_day(date(2026, 1, 10))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({"day": "2026-13-01", "kind": "day_off", "reason": "x"}, "yyyy-mm-dd"),
        ({"day": "2026-03-02", "kind": "holiday", "reason": "x"}, "không hợp lệ"),
        ({"day": "2026-03-02", "kind": "day_off", "reason": "  "}, "lý do"),
    ],
)
def test_malformed_overrides_are_refused(value: dict, fragment: str) -> None:
    with pytest.raises(InvalidOverride) as info:
        WorkingCalendar([value])
    assert fragment in info.value.message


def test_years_outside_the_lunar_tables_are_refused() -> None:
    with pytest.raises(DateOutOfRange) as info:
        NATIONAL.is_working_day(date(1900, 1, 1))
    assert "1900" in info.value.message


# --- the year listing the CLI prints ---------------------------------------------------------------
def test_year_listing_names_each_days_source() -> None:
    rows = calendar_year_listing(
        2026, [{"day": "2026-03-09", "kind": "day_off", "reason": "Nghỉ theo QĐ 12/QĐ-UBND"}]
    )
    by_day = {row.day: row for row in rows}
    assert by_day[date(2026, 1, 1)][1:] == ("day_off", "Tết Dương lịch", "statutory")
    assert by_day[date(2026, 1, 2)].source == "announced" and "12729/VPCP-KGVX" in by_day[date(2026, 1, 2)].name
    assert by_day[date(2026, 1, 10)].kind == "working_day"
    assert by_day[date(2026, 3, 9)][1:] == ("day_off", "Nghỉ theo QĐ 12/QĐ-UBND", "admin")
    assert [row.day for row in rows] == sorted(row.day for row in rows)
    assert {row.source for row in rows} <= {"statutory", "announced", "admin"}
    day, kind, name, source = rows[0]  # plain 4-tuples
    assert isinstance(day, date) and kind in ("day_off", "working_day")


def test_year_listing_for_a_unit_includes_its_own_days_only() -> None:
    overrides = [Override(date(2026, 3, 20), "day_off", "Lễ hội xã", unit="XA-01")]
    assert date(2026, 3, 20) in {r.day for r in calendar_year_listing(2026, overrides, unit="XA-01")}
    assert date(2026, 3, 20) not in {r.day for r in calendar_year_listing(2026, overrides)}
