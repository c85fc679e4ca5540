"""One-stop rules: the clock pauses while the citizen supplements, restarts from zero after a
return, and the appointment date moves only once (DOMAIN.md §2, Circular 01/2018/TT-VPCP)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from eoffice.calendar import (
    VN,
    Appointment,
    AppointmentAlreadyMoved,
    ClockEvent,
    Duration,
    InvalidAppointment,
    InvalidClockEvent,
    dossier_clock,
    national_calendar,
)

THREE_DAYS = Duration(working_days=3)


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def test_without_events_the_due_moment_is_the_plain_deadline() -> None:
    reading = dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS)
    assert reading.running and reading.due == vn("2026-03-05T09:00") and reading.restarts == 0


def test_waiting_for_a_supplement_pauses_the_clock() -> None:
    received = vn("2026-03-02T09:00")
    paused = dossier_clock(received, THREE_DAYS, [ClockEvent(vn("2026-03-03T09:00"), "pause")])
    assert not paused.running and paused.due is None
    assert paused.remaining == timedelta(hours=16)  # 1 of 3 working days used
    assert paused.stopped_since == vn("2026-03-03T09:00")


def test_after_the_supplement_the_clock_continues_with_the_time_left() -> None:
    events = [ClockEvent(vn("2026-03-03T09:00"), "pause"), ClockEvent(vn("2026-03-09T09:00"), "resume")]
    reading = dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events)
    assert reading.running and reading.due == vn("2026-03-11T09:00")


def test_two_pauses_each_keep_the_time_left() -> None:
    events = [
        ClockEvent(vn("2026-03-03T09:00"), "pause"),   # 1 day used
        ClockEvent(vn("2026-03-09T09:00"), "resume"),
        ClockEvent(vn("2026-03-10T09:00"), "pause"),   # 2 days used
        ClockEvent(vn("2026-03-16T13:30"), "resume"),  # 1 day left → Tue 13:30
    ]
    assert dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events).due == vn("2026-03-17T13:30")


def test_a_pause_over_tet_resumes_after_tet() -> None:
    # 9441/TB-BNV: 16–20/02/2026 off. Resumed on Saturday 14/02 → counts from Monday 23/02.
    events = [ClockEvent(vn("2026-02-12T09:00"), "pause"), ClockEvent(vn("2026-02-14T10:00"), "resume")]
    reading = dossier_clock(vn("2026-02-11T09:00"), THREE_DAYS, events)
    assert reading.due == vn("2026-02-24T17:00")  # 2 days left from Mon 23/02 07:00


def test_a_return_for_insufficiency_restarts_the_time_limit_from_zero() -> None:
    events = [ClockEvent(vn("2026-03-03T10:00"), "return"), ClockEvent(vn("2026-03-10T15:30"), "restart")]
    reading = dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events, paper_after_cutoff=True)
    # resubmitted on paper after 15:00 → counts from Wednesday 07:00, full 3 days
    assert reading.counted_from == vn("2026-03-11T07:00")
    assert reading.due == vn("2026-03-13T17:00")
    assert reading.restarts == 1


def test_a_returned_dossier_cannot_simply_resume() -> None:
    events = [ClockEvent(vn("2026-03-03T10:00"), "return"), ClockEvent(vn("2026-03-05T10:00"), "resume")]
    with pytest.raises(InvalidClockEvent) as info:
        dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events)
    assert "tính lại từ đầu" in info.value.message


@pytest.mark.parametrize(
    "events",
    [
        [ClockEvent(vn("2026-03-03T09:00"), "pause"), ClockEvent(vn("2026-03-04T09:00"), "pause")],
        [ClockEvent(vn("2026-03-03T09:00"), "resume")],
        [ClockEvent(vn("2026-03-01T09:00"), "pause")],
        [ClockEvent(vn("2026-03-04T09:00"), "pause"), ClockEvent(vn("2026-03-03T09:00"), "resume")],
        [ClockEvent(vn("2026-03-03T09:00"), "stop")],  # type: ignore[arg-type]
    ],
    ids=["pause twice", "resume while running", "before receipt", "out of order", "unknown kind"],
)
def test_impossible_event_sequences_are_refused(events: list[ClockEvent]) -> None:
    with pytest.raises(InvalidClockEvent) as info:
        dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events)
    assert info.value.code == "invalid_clock_event" and info.value.message


def test_a_pause_after_the_due_moment_keeps_the_dossier_late() -> None:
    events = [ClockEvent(vn("2026-03-04T09:00"), "pause"), ClockEvent(vn("2026-03-06T09:00"), "resume")]
    reading = dossier_clock(vn("2026-03-02T09:00"), Duration(working_days=1), events)
    assert reading.due == vn("2026-03-03T09:00") and reading.late_since == vn("2026-03-03T09:00")


def test_calendar_day_limits_pause_by_whole_days() -> None:
    ten_days = Duration(calendar_days=10)
    received = vn("2026-03-02T09:00")
    assert dossier_clock(received, ten_days).due == vn("2026-03-12T17:00")
    events = [ClockEvent(vn("2026-03-05T09:00"), "pause"), ClockEvent(vn("2026-03-16T09:00"), "resume")]
    assert dossier_clock(received, ten_days, events).due == vn("2026-03-23T17:00")  # 7 days left


# --- appointment moved once -------------------------------------------------------------------------
def test_an_appointment_can_be_moved_once() -> None:
    first = Appointment(vn("2026-03-05T16:00"))
    moved = first.move_once(vn("2026-03-10T16:00"), reason="Cần xác minh thêm", now=vn("2026-03-04T09:00"))
    assert moved.due == vn("2026-03-10T16:00") and moved.original_due == vn("2026-03-05T16:00")
    assert moved.moved and not first.moved and moved.move_reason == "Cần xác minh thêm"


def test_a_second_move_is_refused_with_a_clear_message() -> None:
    moved = Appointment(vn("2026-03-05T16:00")).move_once(vn("2026-03-10T16:00"))
    with pytest.raises(AppointmentAlreadyMoved) as info:
        moved.move_once(vn("2026-03-12T16:00"))
    assert info.value.code == "appointment_already_moved"
    assert "chỉ được hẹn lại một lần" in info.value.message


@pytest.mark.parametrize(
    ("new_due", "now", "fragment"),
    [
        ("2026-03-04T16:00", None, "phải sau ngày hẹn cũ"),
        ("2026-03-10T16:00", "2026-03-05T08:00", "chậm nhất 01 ngày"),
        ("2026-03-08T10:00", None, "không nằm trong giờ làm việc"),  # Sunday
        ("2026-03-09T12:00", None, "không nằm trong giờ làm việc"),  # lunch
    ],
)
def test_bad_new_appointments_are_refused(new_due: str, now: str | None, fragment: str) -> None:
    with pytest.raises(InvalidAppointment) as info:
        Appointment(vn("2026-03-05T16:00")).move_once(
            vn(new_due), now=vn(now) if now else None, calendar=national_calendar()
        )
    assert fragment in info.value.message


def test_a_pause_over_30_4_and_1_5_2025_resumes_after_the_swapped_day_off() -> None:
    # 6150/TB-BLĐTBXH: 30/4, 1/5 off and Friday 02/05/2025 off (worked Saturday 26/04).
    events = [ClockEvent(vn("2025-04-29T09:00"), "pause"), ClockEvent(vn("2025-04-30T10:00"), "resume")]
    reading = dossier_clock(vn("2025-04-28T09:00"), THREE_DAYS, events)
    # 1 day used (Mon 09:00 → Tue 09:00); resumed on a holiday → counts from Mon 05/05 07:00, 2 days left
    assert reading.due == vn("2025-05-06T17:00")


def test_a_swapped_saturday_counts_as_a_working_day_for_the_clock() -> None:
    # 6150/TB-BLĐTBXH: Saturday 26/04/2025 is a working day.
    reading = dossier_clock(vn("2025-04-24T09:00"), Duration(working_days=2))
    assert reading.due == vn("2025-04-26T09:00")


def test_a_restart_without_a_return_is_refused() -> None:
    # Decree 61/2018 art. 15 / DOMAIN.md §2: the time limit restarts only for a dossier returned as
    # insufficient; a dossier waiting for a supplement keeps the time it had left.
    for events in (
        [ClockEvent(vn("2026-03-03T09:00"), "restart")],
        [ClockEvent(vn("2026-03-03T09:00"), "pause"), ClockEvent(vn("2026-03-04T09:00"), "restart")],
    ):
        with pytest.raises(InvalidClockEvent) as info:
            dossier_clock(vn("2026-03-02T09:00"), THREE_DAYS, events)
        assert "trả lại vì chưa đầy đủ" in info.value.message


def test_a_return_then_restart_over_tet_counts_the_full_time_after_tet() -> None:
    # Returned before Tết 2026, completed dossier back on Friday 13/02 16:00 (9441/TB-BNV: 16–20/02 off).
    events = [ClockEvent(vn("2026-02-10T10:00"), "return"), ClockEvent(vn("2026-02-13T16:00"), "restart")]
    reading = dossier_clock(vn("2026-02-09T09:00"), THREE_DAYS, events, paper_after_cutoff=True)
    assert reading.counted_from == vn("2026-02-23T07:00") and reading.due == vn("2026-02-25T17:00")


def test_an_appointment_may_be_moved_to_the_afternoon_start() -> None:
    moved = Appointment(vn("2026-03-05T16:00")).move_once(vn("2026-03-10T13:30"), calendar=national_calendar())
    assert moved.due == vn("2026-03-10T13:30")
