"""The appointment date on the receipt (giấy tiếp nhận và hẹn trả kết quả), movable once.

When a result will be late the desk sends an apology with a new date (phiếu xin lỗi và hẹn lại
ngày trả kết quả) at least one day before the due date, and the date may be moved only once
(Circular 01/2018/TT-VPCP, DOMAIN.md §2). The value is immutable: moving returns a new one, so
the service stores exactly what the citizen was told.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Optional

from eoffice.calendar.errors import AppointmentAlreadyMoved, InvalidAppointment
from eoffice.calendar.timezone import to_local
from eoffice.calendar.working_calendar import WorkingCalendar


@dataclass(frozen=True)
class Appointment:
    due: datetime
    original_due: Optional[datetime] = None
    move_reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "due", to_local(self.due))
        if self.original_due is not None:
            object.__setattr__(self, "original_due", to_local(self.original_due))

    @property
    def moved(self) -> bool:
        return self.original_due is not None

    def latest_apology_date(self) -> date:
        """The last day the apology letter may go out: the day before the due date."""
        return self.due.date() - timedelta(days=1)

    def move_once(
        self,
        new_due: datetime,
        *,
        reason: str = "",
        now: Optional[datetime] = None,
        calendar: Optional[WorkingCalendar] = None,
    ) -> Appointment:
        """The appointment moved to `new_due`. Refused if it was moved before, if the new date
        is not later, if `now` is past the last day for the apology, or (with a `calendar`)
        if the new date is not inside working hours of a working day."""
        if self.moved:
            assert self.original_due is not None
            raise AppointmentAlreadyMoved(
                f"Ngày hẹn trả kết quả đã được hẹn lại một lần (từ {self.original_due:%H:%M %d/%m/%Y} sang "
                f"{self.due:%H:%M %d/%m/%Y}); theo quy định chỉ được hẹn lại một lần.",
            )
        target = to_local(new_due)
        if target <= self.due:
            raise InvalidAppointment(
                f"Ngày hẹn mới ({target:%H:%M %d/%m/%Y}) phải sau ngày hẹn cũ ({self.due:%H:%M %d/%m/%Y})."
            )
        if now is not None and to_local(now).date() > self.latest_apology_date():
            raise InvalidAppointment(
                f"Phiếu xin lỗi và hẹn lại phải gửi chậm nhất 01 ngày trước ngày hẹn "
                f"({self.latest_apology_date():%d/%m/%Y}); nay đã quá thời điểm đó."
            )
        if calendar is not None:
            hours = calendar.hours
            inside = calendar.is_working_day(target.date()) and hours.is_open_at(target.time())
            if not inside:
                raise InvalidAppointment(
                    f"Ngày hẹn mới {target:%H:%M %d/%m/%Y} không nằm trong giờ làm việc của một ngày làm việc "
                    f"({hours.periods_text()}). Hãy chọn lại."
                )
        return replace(self, due=target, original_due=self.due, move_reason=reason.strip())
