"""Timeliness at a moment: the single classification reports and dashboards share."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from eoffice.calendar import TIMELINESS_LABELS, VN, Timeliness, classify_timeliness

DUE = datetime(2026, 3, 5, 17, 0, tzinfo=VN)  # Thursday, end of the working day


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        ("2026-03-04T10:00", Timeliness.EARLY),
        ("2026-03-05T08:00", Timeliness.ON_TIME),
        ("2026-03-05T17:00", Timeliness.ON_TIME),
        ("2026-03-05T17:30", Timeliness.LATE),
        ("2026-03-06T08:00", Timeliness.LATE),
    ],
)
def test_finished_items_are_early_on_time_or_late(finished: str, expected: Timeliness) -> None:
    assert classify_timeliness(DUE, vn(finished), vn("2026-03-20T09:00")) is expected


@pytest.mark.parametrize(
    ("now", "warn", "expected"),
    [
        ("2026-03-02T09:00", 8, Timeliness.IN_TIME),
        ("2026-03-04T16:00", 8, Timeliness.IN_TIME),   # 9 working hours left
        ("2026-03-04T16:00", 16, Timeliness.DUE_SOON),
        ("2026-03-05T09:00", 8, Timeliness.DUE_SOON),  # 8 working hours left
        ("2026-03-05T17:00", 8, Timeliness.DUE_SOON),
        ("2026-03-05T17:01", 8, Timeliness.OVERDUE),
    ],
)
def test_open_items_are_in_time_due_soon_or_overdue(now: str, warn: int, expected: Timeliness) -> None:
    assert classify_timeliness(DUE, None, vn(now), warn_within_hours=warn) is expected


def test_due_soon_counts_working_hours_across_tet() -> None:
    # Due Monday 23/02/2026 09:00; on Friday 13/02 16:00 only 3 working hours are left (9441/TB-BNV).
    due = vn("2026-02-23T09:00")
    assert classify_timeliness(due, None, vn("2026-02-13T16:00"), warn_within_hours=4) is Timeliness.DUE_SOON
    assert classify_timeliness(due, None, vn("2026-02-13T16:00"), warn_within_hours=2) is Timeliness.IN_TIME


def test_aware_and_naive_moments_mean_the_same_instant() -> None:
    finished_utc = datetime(2026, 3, 5, 9, 45, tzinfo=timezone.utc)  # 16:45 in Hà Nội
    assert classify_timeliness(DUE, finished_utc) is Timeliness.ON_TIME
    assert classify_timeliness(datetime(2026, 3, 5, 17, 0), datetime(2026, 3, 5, 16, 45)) is Timeliness.ON_TIME


def test_items_without_a_deadline_have_no_timeliness() -> None:
    assert classify_timeliness(None, None, vn("2026-03-05T09:00")) is None


def test_labels_are_vietnamese_and_late_is_late_whether_open_or_finished() -> None:
    assert [TIMELINESS_LABELS[t] for t in Timeliness] == [
        "Trước hạn", "Đúng hạn", "Quá hạn", "Trong hạn", "Sắp đến hạn", "Quá hạn",
    ]
    assert Timeliness.OVERDUE.label == Timeliness.LATE.label == "Quá hạn"
    assert Timeliness.LATE.is_late and Timeliness.OVERDUE.is_late and not Timeliness.DUE_SOON.is_late
    assert Timeliness.EARLY.is_finished and not Timeliness.IN_TIME.is_finished
    assert Timeliness("on_time") is Timeliness.ON_TIME
