"""Properties of the deadline arithmetic that must hold for every start and every N."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from eoffice.calendar import (
    VN,
    Override,
    WorkingCalendar,
    add_working_days,
    add_working_hours,
    national_calendar,
    working_days_between,
)

CAL = national_calendar()
HOURS = CAL.hours

starts = st.builds(
    lambda day, minute: datetime.combine(day, time(0), VN) + timedelta(minutes=minute),
    st.dates(min_value=date(2023, 12, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)


def _inside_working_day(start: datetime) -> bool:
    return CAL.is_working_day(start.date()) and HOURS.is_inside(start.time())


starts_inside_hours = starts.filter(_inside_working_day)
counts = st.integers(min_value=0, max_value=45)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def _in_working_hours(moment: datetime) -> bool:
    return any(start <= moment.time() <= end for start, end in HOURS.periods)


@PROPERTY_SETTINGS
@given(starts, counts)
def test_counting_back_the_working_days_added_gives_n(start: datetime, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@PROPERTY_SETTINGS
@given(starts, st.integers(min_value=1, max_value=45))
def test_results_are_on_working_days_inside_working_hours(start: datetime, n: int) -> None:
    due = add_working_days(start, n)
    assert CAL.is_working_day(due.date())
    assert _in_working_hours(due)
    assert due.utcoffset() == timedelta(hours=7)


@PROPERTY_SETTINGS
@given(starts, counts, counts)
def test_more_working_days_never_end_earlier(start: datetime, a: int, b: int) -> None:
    low, high = sorted((a, b))
    first, second = add_working_days(start, low), add_working_days(start, high)
    assert first <= second
    if low < high:
        assert first < second


@PROPERTY_SETTINGS
@given(starts_inside_hours, counts)
def test_n_times_8_working_hours_equal_n_working_days(start: datetime, n: int) -> None:
    assert add_working_hours(start, 8 * n) == add_working_days(start, n)


@PROPERTY_SETTINGS
@given(starts_inside_hours.filter(lambda s: s.time() != HOURS.day_start), st.integers(1, 45))
def test_n_working_days_end_at_the_same_clock_time(start: datetime, n: int) -> None:
    # Issue 4: "N working days from a moment inside working hours ends at the same clock time
    # N working days later" — including the 13:30 afternoon start. Only the opening time differs:
    # 07:00 + N days ends at 17:00 of the N-th day (the end of the day's working time).
    assert add_working_days(start, n).time() == start.time()


@PROPERTY_SETTINGS
@given(starts, st.integers(1, 40), st.integers(1, 40))
def test_adding_hours_in_two_steps_equals_one_step(start: datetime, a: int, b: int) -> None:
    assert add_working_hours(add_working_hours(start, a), b) == add_working_hours(start, a + b)


@PROPERTY_SETTINGS
@given(starts, st.integers(1, 30), st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_an_admin_day_off_is_never_a_due_date(start: datetime, n: int, closed: date) -> None:
    cal = WorkingCalendar([Override(closed, "day_off", "Nghỉ đột xuất")])
    due = add_working_days(start, n, calendar=cal)
    assert due.date() != closed
    assert working_days_between(start, due, calendar=cal) == n


@PROPERTY_SETTINGS
@given(starts, st.integers(0, 45))
def test_dates_as_deadlines_count_back_to_n(start: datetime, n: int) -> None:
    from eoffice.calendar import add_working_days_to_date

    due = add_working_days_to_date(start.date(), n)
    assert CAL.is_working_day(due)
    inside = sum(1 for k in range(1, (due - start.date()).days + 1) if CAL.is_working_day(start.date() + timedelta(days=k)))
    assert inside == (n if n else inside)


@PROPERTY_SETTINGS
@given(
    st.dates(min_value=date(2023, 12, 1), max_value=date(2027, 6, 30)).filter(CAL.is_working_day),
    st.integers(1, 45),
)
def test_from_the_opening_time_n_days_end_at_the_close_of_the_nth_day(day: date, n: int) -> None:
    start = datetime.combine(day, HOURS.day_start, VN)
    due = add_working_days(start, n)
    assert due.time() == HOURS.day_end
    assert working_days_between(start, due) == n


@PROPERTY_SETTINGS
@given(
    starts,
    st.integers(1, 30),
    st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=6, unique=True),
    st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=6, unique=True),
)
def test_with_unit_days_off_the_result_is_never_a_day_off_for_that_unit(
    start: datetime, n: int, national: list[date], commune: list[date]
) -> None:
    overrides = [Override(d, "day_off", "Tỉnh nghỉ") for d in national]
    overrides += [Override(d, "day_off", "Xã nghỉ", unit="XA") for d in commune]
    cal = WorkingCalendar(overrides, unit=["TINH", "XA"])
    due = add_working_days(start, n, calendar=cal)
    assert cal.is_working_day(due.date()) and due.date() not in set(national) | set(commune)
    assert working_days_between(start, due, calendar=cal) == n


@PROPERTY_SETTINGS
@given(starts, st.integers(0, 200))
def test_counting_back_the_working_hours_added_gives_n(start: datetime, n: int) -> None:
    from eoffice.calendar import working_time_between

    assert working_time_between(start, add_working_hours(start, n)) == timedelta(hours=n)
