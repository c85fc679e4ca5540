"""Adding working days, working hours and calendar days; the 15:00 cut-off; time zones; bad
input. Each table case names the rule or notice it rests on."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest

from eoffice.calendar import (
    VN,
    Duration,
    DurationTooLong,
    EndBeforeStart,
    InvalidDuration,
    Override,
    WorkingCalendar,
    WorkingHours,
    add_calendar_days,
    add_working_days,
    add_working_days_to_date,
    add_working_hours,
    compute_deadline,
    counting_start,
    to_local,
    to_utc,
    working_days_between,
    working_time_between,
)


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


WORKING_DAY_CASES = [
    # (start, N, expected due, source)
    ("2026-03-02T09:00", 1, "2026-03-03T09:00", "issue text: Mon 09:00 + 1 working day = Tue 09:00"),
    ("2026-03-06T09:00", 1, "2026-03-09T09:00", "regular week: Friday → Monday"),
    ("2026-02-13T09:00", 1, "2026-02-23T09:00", "Tết 2026, Thông báo 9441/TB-BNV"),
    ("2026-02-12T10:15", 2, "2026-02-23T10:15", "Tết 2026, Thông báo 9441/TB-BNV"),
    ("2025-01-24T10:00", 1, "2025-02-03T10:00", "Tết 2025, Văn bản 8726/VPCP-KGVX"),
    ("2025-04-29T14:00", 1, "2025-05-05T14:00", "30/4–1/5 2025 + 2/5 swap, 6150/TB-BLĐTBXH"),
    ("2025-04-25T09:00", 1, "2025-04-26T09:00", "working Saturday 26/4/2025, holidays pkg substitution"),
    ("2024-04-26T09:00", 1, "2024-05-02T09:00", "30/4–1/5 2024 + 29/4 swap, 2450/VPCP-KGVX"),
    ("2024-04-26T09:00", 3, "2024-05-04T09:00", "working Saturday 4/5/2024, 2450/VPCP-KGVX"),
    ("2025-08-29T09:00", 1, "2025-09-03T09:00", "Quốc khánh 2025 (1/9, 2/9)"),
    ("2026-08-21T09:00", 1, "2026-08-22T09:00", "working Saturday 22/8/2026, 9441/TB-BNV + holidays pkg"),
    ("2026-08-28T09:00", 1, "2026-09-03T09:00", "Quốc khánh 2026 (31/8 swap, 1/9, 2/9)"),
    ("2025-12-31T09:00", 1, "2026-01-05T09:00", "year boundary: 1/1 + 2/1 swap, 12729/VPCP-KGVX"),
    ("2026-01-09T09:00", 1, "2026-01-10T09:00", "working Saturday 10/1/2026, 12729/VPCP-KGVX"),
    ("2024-12-31T16:00", 1, "2025-01-02T16:00", "year boundary 2024→2025: 1/1 statutory"),
    ("2026-11-23T09:00", 1, "2026-11-25T09:00", "Ngày Văn hóa Việt Nam 24/11/2026, holidays pkg"),
    ("2025-01-24T10:00", 5, "2025-02-07T10:00", "Tết 2025: 27/01–31/01 off, 8726/VPCP-KGVX"),
    ("2026-02-13T16:30", 3, "2026-02-25T16:30", "issue 4 CLI example, online: Tết 2026, 9441/TB-BNV"),
    ("2026-04-24T09:00", 1, "2026-04-28T09:00", "Giỗ Tổ 26/04/2026 on Sunday → Monday 27/04 off, art. 112(3)"),
    ("2026-04-29T09:00", 1, "2026-05-04T09:00", "30/4–1/5/2026 Thu–Fri, art. 112 (no swap announced)"),
    ("2025-04-24T09:00", 2, "2025-04-26T09:00", "swapped Saturday 26/04/2025 counts, 6150/TB-BLĐTBXH"),
    ("2025-04-26T09:00", 1, "2025-04-28T09:00", "from the swapped Saturday 26/04/2025 to Monday, 6150/TB-BLĐTBXH"),
    ("2026-08-28T15:00", 2, "2026-09-04T15:00", "Quốc khánh 2026: 31/8 (swap), 1/9, 2/9 off; 9441/TB-BNV"),
    ("2026-12-31T09:00", 1, "2027-01-04T09:00", "year boundary 2026→2027: 1/1/2027 Friday, art. 112"),
    ("2026-02-20T09:00", 1, "2026-02-23T17:00", "start on a Tết day counts from 23/02 07:00, 9441/TB-BNV"),
    ("2026-03-02T18:00", 1, "2026-03-03T17:00", "issue text: start outside hours counts from next start"),
    ("2026-03-07T10:00", 1, "2026-03-09T17:00", "Saturday start counts from Monday 07:00"),
    ("2026-03-02T12:00", 1, "2026-03-03T13:30", "issue text: a lunch start counts from 13:30, ends at 13:30"),
    ("2026-03-02T13:30", 1, "2026-03-03T13:30", "issue text: same clock time, also for the afternoon start"),
    ("2026-03-02T07:00", 1, "2026-03-02T17:00", "a result at the end of a day stays on that day (đúng hạn)"),
]


@pytest.mark.parametrize(("start", "days", "expected", "source"), WORKING_DAY_CASES, ids=[c[3] for c in WORKING_DAY_CASES])
def test_adding_working_days(start: str, days: int, expected: str, source: str) -> None:
    due = add_working_days(start, days)
    assert due == vn(expected)
    assert due.utcoffset() == timedelta(hours=7)


WORKING_HOUR_CASES = [
    ("2026-03-02T09:00", 3, "2026-03-02T14:00", "default hours 07:00–11:30, 13:30–17:00"),
    ("2026-03-02T10:00", 1.5, "2026-03-02T13:30", "a result at the lunch break reads as the afternoon start"),
    ("2026-03-02T10:00", 1, "2026-03-02T11:00", "inside the morning"),
    ("2026-03-02T12:00", 2, "2026-03-02T15:30", "lunch start counts from 13:30"),
    ("2026-03-02T16:00", 2, "2026-03-03T08:00", "overnight"),
    ("2026-03-07T10:00", 4, "2026-03-09T11:00", "Saturday → Monday morning"),
    ("2026-02-13T16:00", 4, "2026-02-23T10:00", "Tết 2026, Thông báo 9441/TB-BNV"),
    ("2026-03-02T09:00", 8, "2026-03-03T09:00", "8 working hours = 1 working day"),
    ("2026-03-02T09:00", "0,5", "2026-03-02T09:30", "decimal comma from a form"),
]


@pytest.mark.parametrize(("start", "hours", "expected", "source"), WORKING_HOUR_CASES, ids=[c[3] for c in WORKING_HOUR_CASES])
def test_adding_working_hours(start: str, hours: float, expected: str, source: str) -> None:
    assert add_working_hours(start, hours) == vn(expected)


CALENDAR_DAY_CASES = [
    ("2026-03-02T09:00", 5, "2026-03-09T17:00", "Civil Code art. 147–148: last day Saturday → Monday"),
    ("2026-03-02T09:00", 3, "2026-03-05T17:00", "Civil Code art. 147: event day not counted"),
    ("2026-02-06T10:00", 10, "2026-02-23T17:00", "last day in Tết 2026 → first day back, 9441/TB-BNV"),
    ("2025-12-22T09:00", 10, "2026-01-05T17:00", "last day 1/1/2026 → 2/1 swap → Monday 5/1"),
]


@pytest.mark.parametrize(("start", "days", "expected", "source"), CALENDAR_DAY_CASES, ids=[c[3] for c in CALENDAR_DAY_CASES])
def test_adding_calendar_days(start: str, days: int, expected: str, source: str) -> None:
    assert add_calendar_days(start, days) == vn(expected)


# --- the 15:00 cut-off for paper dossiers -----------------------------------------------------------
def test_paper_received_after_the_cutoff_counts_from_the_next_working_morning() -> None:
    # DOMAIN.md §2: paper received after 15:00 is forwarded the next working morning.
    assert counting_start("2026-03-02T15:01", paper_after_cutoff=True) == vn("2026-03-03T07:00")
    result = compute_deadline("2026-03-02T15:01", working_days=1, after_cutoff_rule=True)
    assert result.due == vn("2026-03-03T17:00")
    assert result.cutoff_applied


def test_paper_received_at_exactly_the_cutoff_counts_the_same_day() -> None:
    assert counting_start("2026-03-02T15:00", paper_after_cutoff=True) == vn("2026-03-02T15:00")
    assert compute_deadline("2026-03-02T15:00", working_days=1, after_cutoff_rule=True).due == vn("2026-03-03T15:00")


def test_online_dossiers_ignore_the_paper_cutoff() -> None:
    assert compute_deadline("2026-03-02T16:30", working_days=1).due == vn("2026-03-03T16:30")


def test_cutoff_before_tet_jumps_to_the_first_working_morning_after_tet() -> None:
    # The CLI example of the issue: 13/02/2026 16:30, 3 working days, paper (9441/TB-BNV)
    result = compute_deadline("2026-02-13T16:30", working_days=3, after_cutoff_rule=True)
    assert result.counted_from == vn("2026-02-23T07:00")
    assert result.due == vn("2026-02-25T17:00")
    skipped = [row.day.isoformat() for row in result.days_off_skipped]
    assert skipped == ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]
    text = "\n".join(result.explanation())
    assert "giờ chốt" in text and "17:00 25/02/2026" in text


def test_the_cutoff_is_configurable() -> None:
    cal = WorkingCalendar(hours=WorkingHours.from_text("07:30-11:30,13:00-17:00", paper_cutoff="16:00"))
    assert counting_start("2026-03-02T15:30", calendar=cal, paper_after_cutoff=True) == vn("2026-03-02T15:30")
    assert counting_start("2026-03-02T16:30", calendar=cal, paper_after_cutoff=True) == vn("2026-03-03T07:30")


def test_compute_deadline_uses_the_units_calendar() -> None:
    overrides = [Override(datetime(2026, 3, 3).date(), "day_off", "Lễ hội xã", unit="XA-01")]
    assert compute_deadline("2026-03-02T09:00", working_days=1, unit="XA-01", overrides=overrides).due == vn(
        "2026-03-04T09:00"
    )
    assert compute_deadline("2026-03-02T09:00", working_days=1, overrides=overrides).due == vn("2026-03-03T09:00")


def test_custom_working_hours_define_the_working_day() -> None:
    cal = WorkingCalendar(hours=WorkingHours.from_text("08:00-12:00,13:00-16:00"))  # 7 h day
    assert add_working_days("2026-03-02T09:00", 1, calendar=cal) == vn("2026-03-03T09:00")
    assert add_working_hours("2026-03-02T09:00", 7, calendar=cal) == vn("2026-03-03T09:00")


def test_working_days_and_hours_combine_in_one_duration() -> None:
    result = compute_deadline("2026-03-02T09:00", working_days=1, working_hours=2)
    assert result.due == vn("2026-03-03T11:00")
    assert result.duration.describe() == "1 ngày làm việc 2 giờ làm việc"


def test_dates_as_deadlines_count_whole_working_days() -> None:
    assert add_working_days_to_date(datetime(2026, 2, 13).date(), 1).isoformat() == "2026-02-23"
    assert add_working_days_to_date(datetime(2026, 2, 14).date(), 0).isoformat() == "2026-02-23"


# --- counting back -------------------------------------------------------------------------------
def test_working_time_between_skips_lunch_nights_and_days_off() -> None:
    assert working_time_between("2026-03-02T11:00", "2026-03-02T14:00") == timedelta(hours=1)
    assert working_days_between("2026-02-13T09:00", "2026-02-23T09:00") == 1
    assert working_days_between("2026-03-02T09:00", "2026-03-02T11:00") == Fraction(1, 4)


def test_end_before_start_is_refused_in_vietnamese() -> None:
    with pytest.raises(EndBeforeStart) as info:
        working_time_between("2026-03-03T09:00", "2026-03-02T09:00")
    assert info.value.code == "end_before_start"
    assert "trước thời điểm bắt đầu" in info.value.message


# --- time zones -----------------------------------------------------------------------------------
def test_aware_datetimes_are_converted_and_results_are_vietnam_time() -> None:
    start_utc = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hà Nội
    due = add_working_days(start_utc, 1)
    assert due == vn("2026-03-03T09:00")
    assert due.tzinfo is not None and due.utcoffset() == timedelta(hours=7)


def test_naive_datetimes_are_vietnam_local_time() -> None:
    assert add_working_days(datetime(2026, 3, 2, 9, 0), 1) == vn("2026-03-03T09:00")


def test_to_utc_and_to_local_round_trip() -> None:
    local = vn("2026-03-02T09:00")
    assert to_utc(local) == datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    assert to_utc(datetime(2026, 3, 2, 9, 0)) == datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    assert to_local(to_utc(local)) == local and str(to_local(to_utc(local)).utcoffset()) == "7:00:00"


# --- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"working_days": -1}, InvalidDuration, "không được âm"),
        ({"working_hours": math.nan}, InvalidDuration, "hữu hạn"),
        ({"working_days": "ba"}, InvalidDuration, "phải là một số"),
        ({"working_days": 2501}, DurationTooLong, "10 năm"),
        ({"working_hours": 10 ** 6}, DurationTooLong, "10 năm"),
        ({"calendar_days": 3654}, DurationTooLong, "10 năm"),
        ({"calendar_days": 1.5}, InvalidDuration, "số nguyên"),
        ({"working_days": 1, "calendar_days": 3}, InvalidDuration, "không được kết hợp"),
        ({}, InvalidDuration, "Hãy nhập thời hạn"),
    ],
)
def test_bad_durations_raise_clear_vietnamese_errors(kwargs: dict, error: type, fragment: str) -> None:
    with pytest.raises(error) as info:
        compute_deadline("2026-03-02T09:00", **kwargs)
    assert fragment in info.value.message


def test_the_largest_allowed_duration_is_computed() -> None:
    due = add_working_days("2026-03-02T09:00", 2500)
    assert due.year in (2035, 2036) and due.time().isoformat() == "09:00:00"


def test_duration_rejects_booleans() -> None:
    with pytest.raises(InvalidDuration):
        Duration(working_days=True)
