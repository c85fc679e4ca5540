"""Typed input and output of tasks: the services' arguments, the API's request bodies (422
with one Vietnamese message per field) and what the HTML forms are read into."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import Field

from eoffice.api.schemas import EventOut, Id, Input, Output, Query, SearchWords, Text200, Text500, Text2000, Text5000, UserDate, text

Title = text(500, min_length=1)
Priority = Annotated[int, Field(ge=0, le=2)]   # 0 bình thường, 1 quan trọng, 2 khẩn
Secrecy = Annotated[int, Field(ge=0, le=3)]
WorkingDays = Annotated[int, Field(ge=1, le=365)]
Source = Literal["incoming", "outgoing", "meeting", "plan", "comment_request", "ad_hoc"]
# Not bounded at 100 here: the service refuses "over 100 %" with a message that says so.
Percent = Annotated[int, Field(ge=0, le=1000)]


class DeadlineIn(Input):
    """A deadline as a date (a working day, today or later) or as working days from today."""

    deadline: UserDate = Field(None, title="Hạn hoàn thành")
    working_days: Optional[WorkingDays] = Field(None, title="Số ngày làm việc")


class TaskIn(DeadlineIn):
    title: Title = Field(title="Tên nhiệm vụ")
    content: Text5000 = Field("", title="Nội dung")
    source: Source = Field("ad_hoc", title="Nguồn giao")
    source_item_id: Optional[Id] = Field(None, title="Văn bản nguồn")
    source_note: Text500 = Field("", title="Trích dẫn nguồn (số kết luận, cuộc họp…)")
    plan_id: Optional[Id] = Field(None, title="Kế hoạch")
    area: Text200 = Field("", title="Lĩnh vực")
    lead_unit_id: Id = Field(title="Đơn vị chủ trì")
    lead_user_id: Optional[Id] = Field(None, title="Người chủ trì")
    coordinate_unit_ids: list[Id] = Field(default_factory=list, max_length=50, title="Đơn vị phối hợp")
    priority: Priority = Field(0, title="Mức độ ưu tiên")
    secrecy: Secrecy = Field(0, title="Độ mật")


class ConclusionIn(DeadlineIn):
    """One conclusion (kết luận) of a meeting: what is to be done, by which unit, by when."""

    title: Title = Field(title="Nội dung kết luận")
    lead_unit_id: Id = Field(title="Đơn vị chủ trì")
    area: Text200 = Field("", title="Lĩnh vực")


class ConclusionsIn(Input):
    """A meeting's conclusions, each becoming a task in one step (all or none)."""

    meeting: Text500 = Field(title="Cuộc họp (tên, số thông báo kết luận)")
    held_on: UserDate = Field(None, title="Ngày họp")  # today when not given
    chair_id: Optional[Id] = Field(None, title="Người chủ trì cuộc họp")
    attendees: Text2000 = Field("", title="Thành phần tham dự")
    plan_id: Optional[Id] = Field(None, title="Kế hoạch")
    schedule_entry_id: Optional[Id] = Field(None, title="Lịch công tác của cuộc họp")
    conclusions: list[ConclusionIn] = Field(min_length=1, max_length=50, title="Các kết luận")


class SubTaskIn(DeadlineIn):
    title: Title = Field(title="Tên nhiệm vụ con")
    content: Text5000 = Field("", title="Nội dung")
    lead_user_id: Id = Field(title="Chuyên viên thực hiện")


class ProgressIn(Input):
    percent: Percent = Field(title="Tiến độ (%)")
    text: Text5000 = Field("", title="Nội dung báo cáo")


class DoneIn(Input):
    result: Text5000 = Field("", title="Kết quả thực hiện")


class ReasonIn(Input):
    # Blank is let through to the service, whose message says why a reason is needed.
    reason: Text2000 = Field("", title="Lý do")


class ExtensionIn(DeadlineIn):
    reason: Text2000 = Field("", title="Lý do xin gia hạn")


class ExtensionDecisionIn(Input):
    approve: bool = Field(title="Đồng ý gia hạn")
    note: Text2000 = Field("", title="Ý kiến")


class ReminderIn(Input):
    text: Text2000 = Field("", title="Nội dung đôn đốc")


class PlanIn(Input):
    title: Title = Field(title="Tên kế hoạch")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(title="Năm")


class TaskListQuery(Query):
    tab: Literal["cua_toi", "toi_giao", "don_vi", "tat_ca"] = Field("tat_ca", title="Danh sách")
    q: SearchWords = Field("", title="Từ khóa")
    status: Literal["", "open", "finished", "assigned", "accepted", "in_progress", "done", "confirmed", "cancelled"] = Field(
        "", title="Trạng thái")
    timeliness: Literal["", "in_time", "due_soon", "overdue", "early", "on_time", "late"] = Field("", title="Tiến độ")
    unit_id: Optional[Id] = Field(None, title="Đơn vị chủ trì")
    user_id: Optional[Id] = Field(None, title="Người chủ trì")
    plan_id: Optional[Id] = Field(None, title="Kế hoạch")
    page: Annotated[int, Field(ge=1, le=100000, title="Trang")] = 1
    per_page: Annotated[int, Field(ge=1, le=200, title="Số dòng mỗi trang")] = 50


# --- Outputs -----------------------------------------------------------------------------------
class ExtensionOut(Output):
    id: int
    reason: str
    previous_deadline: Optional[datetime]
    requested_deadline: datetime
    status: str
    decision_note: str


class TaskOut(Output):
    id: int
    title: str
    status: str
    source: str
    source_item_id: Optional[int]
    plan_id: Optional[int]
    area: str
    parent_id: Optional[int]
    assigner_id: int
    lead_unit_id: int
    lead_user_id: Optional[int]
    priority: int
    secrecy: int
    progress: int
    deadline: Optional[datetime]
    original_deadline: Optional[datetime]
    extension_count: int
    done_at: Optional[datetime]
    timeliness: Optional[str] = None


class TaskDetailOut(TaskOut):
    content: str
    result: str
    source_note: str
    coordinate_unit_ids: list[int]
    children: list[TaskOut]
    extensions: list[ExtensionOut]
    history: list[EventOut] = Field(validation_alias="events")


class PlanOut(Output):
    id: int
    title: str
    year: int


class PlanAreaOut(Output):
    area: str
    done: int
    total: int


class PlanDetailOut(PlanOut):
    areas: list[PlanAreaOut]




class ScheduleEntryIn(Input):
    """One line of a leader's week: the day, from–to (hh:mm), what, where, who attends, who prepares."""

    day: UserDate = Field(title="Ngày")
    start: Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}$")] = Field(title="Từ giờ")
    end: Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}$")] = Field(title="Đến giờ")
    leader_id: Id = Field(title="Lãnh đạo")
    content: text(2000, min_length=1) = Field(title="Nội dung")  # type: ignore[valid-type]
    place: Text200 = Field("", title="Địa điểm")
    attendees: Text2000 = Field("", title="Thành phần")
    preparer: Text200 = Field("", title="Đơn vị chuẩn bị")


# --- The dashboard, meetings and the weekly schedule in the API -------------------------------
class DashboardQuery(Query):
    start: UserDate = Field(None, alias="from", title="Từ ngày giao")
    end: UserDate = Field(None, alias="to", title="Đến ngày giao")


class DashboardRowOut(Output):
    """One line of figures: a unit, a person, or the whole office. The parts add up: open =
    in time + due soon + overdue, finished = early + on time + late."""

    key: Optional[int] = Field(title="Mã đơn vị hoặc người (không có: toàn cơ quan)")
    label: str
    counts: dict[str, int]
    on_time_rate: Optional[int] = Field(title="Tỷ lệ hoàn thành đúng hạn (%)")


class UrgentOut(Output):
    id: int
    title: str
    lead_label: str
    deadline: Optional[datetime]
    progress: int
    timeliness: Optional[str]


class MonthOut(Output):
    year: int
    month: int
    finished: int
    in_time: int
    rate: Optional[int]


class DashboardOut(Output):
    """The figures of the chairperson's dashboard (or a unit head's, limited to what they read)."""

    now: datetime
    start: Optional[date]
    end: Optional[date]
    overall: DashboardRowOut
    units: list[DashboardRowOut]
    people: list[DashboardRowOut]
    people_total: int
    urgent: list[UrgentOut]
    trend: list[MonthOut]


class MeetingConclusionOut(Output):
    number: int
    text: str
    task_id: int


class MeetingOut(Output):
    id: int
    title: str
    held_on: date
    chair_id: Optional[int]
    attendees: str
    schedule_entry_id: Optional[int]
    conclusions: list[MeetingConclusionOut]


class ScheduleWeekQuery(Query):
    week: UserDate = Field(None, title="Một ngày trong tuần (mặc định tuần này)")


class ScheduleEntryOut(Output):
    id: int
    leader_id: int
    starts_at: datetime
    ends_at: datetime
    content: str
    place: str
    attendees: str
    preparer: str
    changed_at: Optional[datetime] = Field(title="Thay đổi sau khi công bố lúc")
    meeting_id: Optional[int] = Field(None, title="Cuộc họp đã ghi kết luận")


class ScheduleWeekOut(Output):
    id: Optional[int] = Field(title="Mã lịch tuần (không có: tuần chưa lập lịch)")
    week_start: date
    status: str = Field(title="none (chưa lập), draft, approved, published")
    status_label: str
    approved_at: Optional[datetime]
    published_at: Optional[datetime]
    entries: list[ScheduleEntryOut]
