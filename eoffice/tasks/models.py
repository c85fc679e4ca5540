"""Tasks' tables: the task as a work item, the plans that group tasks by area, extension
requests (gia hạn) and the reminders sent (đôn đốc).

What the core already gives is not repeated: coordinating units are `Assignment`s with role
`coordinate`, attachments and report files are `WorkFile`s (roles `attachment`, `progress`,
`result`), progress reports, results and reasons are `WorkEvent`s written through
`eoffice.work.history.record`.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.org.models import Unit
from eoffice.work.models import WorkFile, WorkItem


class TaskState(enum.StrEnum):
    ASSIGNED = "assigned"        # given to the lead unit/person, not yet taken on
    ACCEPTED = "accepted"        # the lead has taken it on
    IN_PROGRESS = "in_progress"  # at least one progress report, or sent back after "done"
    DONE = "done"                # the lead reported the result; waits for the assigner
    CONFIRMED = "confirmed"      # the assigner confirmed the result; closed
    CANCELLED = "cancelled"      # withdrawn by the assigner with a reason; closed


TRANSITIONS: dict[str, frozenset[str]] = {
    TaskState.ASSIGNED.value: frozenset({TaskState.ACCEPTED.value, TaskState.CANCELLED.value}),
    TaskState.ACCEPTED.value: frozenset({TaskState.IN_PROGRESS.value, TaskState.DONE.value, TaskState.CANCELLED.value}),
    TaskState.IN_PROGRESS.value: frozenset({TaskState.DONE.value, TaskState.CANCELLED.value}),
    # sent back with a reason: work goes on
    TaskState.DONE.value: frozenset({TaskState.CONFIRMED.value, TaskState.IN_PROGRESS.value}),
    TaskState.CONFIRMED.value: frozenset(),
    TaskState.CANCELLED.value: frozenset(),
}
OPEN_STATES = frozenset({TaskState.ASSIGNED.value, TaskState.ACCEPTED.value, TaskState.IN_PROGRESS.value})
# A task counts as finished (early / on time / late) once its result is in.
FINISHED_STATES = frozenset({TaskState.DONE.value, TaskState.CONFIRMED.value})

STATUS_LABELS = {
    "assigned": "Mới giao", "accepted": "Đã nhận", "in_progress": "Đang thực hiện", "done": "Đã hoàn thành (chờ xác nhận)",
    "confirmed": "Đã xác nhận hoàn thành", "cancelled": "Đã hủy",
}
EVENT_LABELS = {
    "assigned": "Giao nhiệm vụ", "accepted": "Nhận nhiệm vụ", "progress": "Báo cáo tiến độ", "done": "Báo cáo hoàn thành",
    "confirmed": "Xác nhận hoàn thành", "sent_back": "Trả lại yêu cầu làm tiếp", "cancelled": "Hủy nhiệm vụ",
    "split": "Giao nhiệm vụ con", "extension_requested": "Xin gia hạn", "extension_approved": "Đồng ý gia hạn",
    "extension_refused": "Không đồng ý gia hạn", "reminded": "Đôn đốc", "attachment_added": "Thêm tệp đính kèm",
}


class TaskSource(enum.StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MEETING = "meeting"
    PLAN = "plan"
    COMMENT_REQUEST = "comment_request"
    AD_HOC = "ad_hoc"


SOURCE_LABELS = {
    "incoming": "Văn bản đến", "outgoing": "Văn bản đi", "meeting": "Kết luận cuộc họp", "plan": "Kế hoạch",
    "comment_request": "Góp ý dự thảo", "ad_hoc": "Giao trực tiếp",
}
PRIORITY_LABELS = {0: "Bình thường", 1: "Quan trọng", 2: "Khẩn"}
EXTENSION_STATUS_LABELS = {"pending": "Chờ quyết định", "approved": "Đã đồng ý", "refused": "Không đồng ý"}


class TaskPlan(TimestampMixin, db.Model):
    """A plan such as "Kế hoạch CCHC năm 2026": its tasks carry an area (lĩnh vực) each."""

    __tablename__ = "task_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column()
    owner_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    owner_unit: Mapped[Optional[Unit]] = relationship()
    created_by: Mapped[User] = relationship()


class Task(WorkItem):
    """A task (nhiệm vụ): title and content, where it comes from, who assigned it, the lead
    unit (and person), the deadline (the work item's) and the original one, progress in %."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    # tasks has a second key to work_items (its source document): name the inheritance one
    __mapper_args__ = {"polymorphic_identity": "task", "inherit_condition": id == WorkItem.id}
    content: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default=TaskSource.AD_HOC.value)
    source_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_items.id"), index=True)
    source_note: Mapped[str] = mapped_column(String(500), default="")
    plan_id: Mapped[Optional[int]] = mapped_column(ForeignKey("task_plans.id"), index=True)
    area: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tasks.id"), index=True)
    assigner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    lead_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    priority: Mapped[int] = mapped_column(default=0)
    progress: Mapped[int] = mapped_column(default=0)
    original_deadline: Mapped[Optional[datetime]] = mapped_column()
    extension_count: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[Optional[datetime]] = mapped_column(index=True)
    # early | on_time | late, fixed by the shared timeliness function when the result comes
    # in (it cannot change afterwards), so dashboards count finished tasks in SQL.
    finished_timeliness: Mapped[Optional[str]] = mapped_column(String(10), index=True)

    assigner: Mapped[User] = relationship(foreign_keys=[assigner_id])
    lead_unit: Mapped[Unit] = relationship(foreign_keys=[lead_unit_id])
    lead_user: Mapped[Optional[User]] = relationship(foreign_keys=[lead_user_id])
    plan: Mapped[Optional[TaskPlan]] = relationship()
    source_item: Mapped[Optional[WorkItem]] = relationship(foreign_keys=[source_item_id])
    parent: Mapped[Optional["Task"]] = relationship(remote_side="Task.id", foreign_keys=[parent_id], back_populates="children")
    children: Mapped[list["Task"]] = relationship(back_populates="parent", foreign_keys=[parent_id], order_by="Task.id")
    extensions: Mapped[list["TaskExtension"]] = relationship(back_populates="task", order_by="TaskExtension.id")
    reminders: Mapped[list["TaskReminder"]] = relationship(back_populates="task", order_by="TaskReminder.id")

    def list_search_parts(self) -> list[str]:
        """The task's title and its plan's area ("Cải cách hành chính")."""
        return [self.title, self.area]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATES

    @property
    def coordinating(self) -> list["object"]:
        return [a for a in self.assignments if a.role == "coordinate"]

    @property
    def coordinate_unit_ids(self) -> list[int]:
        return [a.unit_id for a in self.assignments if a.role == "coordinate" and a.unit_id]

    @property
    def timeliness(self) -> Optional[str]:
        """By the one shared function (see eoffice.tasks.queries.timeliness)."""
        from eoffice.tasks.queries import timeliness

        return timeliness(self)

    @property
    def attachments(self) -> list[WorkFile]:
        return [f for f in self.files if f.role == "attachment"]

    @property
    def pending_extension(self) -> Optional["TaskExtension"]:
        return next((e for e in self.extensions if e.status == "pending"), None)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS.get(self.priority, str(self.priority))

    @property
    def lead_label(self) -> str:
        if self.lead_user is not None:
            return f"{self.lead_unit.name} – {self.lead_user.full_name}"
        return self.lead_unit.name


class TaskExtension(db.Model):
    """A request to move the deadline (gia hạn), with its reason and the decision. The
    deadline before it stays here; the very first one stays on the task."""

    __tablename__ = "task_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    previous_deadline: Mapped[Optional[datetime]] = mapped_column()
    requested_deadline: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | approved | refused
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column()
    decision_note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="extensions")
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[Optional[User]] = relationship(foreign_keys=[decided_by_id])

    @property
    def status_label(self) -> str:
        return EXTENSION_STATUS_LABELS.get(self.status, self.status)


class TaskReminder(db.Model):
    """One reminder sent about a task (đôn đốc): automatic ones are keyed by what they are
    about (`before:3`, `overdue`) and the deadline, so the periodic job sends each once."""

    __tablename__ = "task_reminders"
    __table_args__ = (UniqueConstraint("task_id", "key", name="uq_task_reminders_task_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[str] = mapped_column(String(100), default="")
    recipients: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="reminders")
    sent_by: Mapped[Optional[User]] = relationship()


# --- Meetings and their conclusions -------------------------------------------------------
class Meeting(TimestampMixin, db.Model):
    """A meeting as its own record (cuộc họp): when, who chaired it, who attended, and its
    conclusions (kết luận), each of which became a task in the same step."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))  # the meeting, or the number of its notice of conclusions
    held_on: Mapped[date] = mapped_column(index=True)
    chair_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    attendees: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # the line of the leaders' weekly schedule this meeting was (none for a meeting off the schedule)
    schedule_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("schedule_entries.id"), unique=True)

    chair: Mapped[Optional[User]] = relationship(foreign_keys=[chair_id])
    schedule_entry: Mapped[Optional["ScheduleEntry"]] = relationship(back_populates="meeting")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    conclusions: Mapped[list["MeetingConclusion"]] = relationship(back_populates="meeting", order_by="MeetingConclusion.number")


class MeetingConclusion(db.Model):
    """One conclusion of a meeting and the task it became."""

    __tablename__ = "meeting_conclusions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    number: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="conclusions")
    task: Mapped[Task] = relationship()


# --- The leaders' weekly schedule (lịch công tác) --------------------------------------------
SCHEDULE_STATUS_LABELS = {"draft": "Dự thảo", "approved": "Đã duyệt", "published": "Đã công bố"}


class ScheduleWeek(TimestampMixin, db.Model):
    """One week's schedule of the chairperson and vice-chairpersons: drafted by the office,
    approved, then published to everyone; entries changed after publication are flagged."""

    __tablename__ = "schedule_weeks"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(unique=True)  # the Monday
    status: Mapped[str] = mapped_column(String(20), default="draft")
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[Optional[datetime]] = mapped_column()
    published_at: Mapped[Optional[datetime]] = mapped_column()

    entries: Mapped[list["ScheduleEntry"]] = relationship(back_populates="week", order_by="ScheduleEntry.starts_at")
    approved_by: Mapped[Optional[User]] = relationship(foreign_keys=[approved_by_id])

    @property
    def status_label(self) -> str:
        return SCHEDULE_STATUS_LABELS.get(self.status, self.status)


class ScheduleEntry(db.Model):
    """One line of the schedule: when, which leader, what, where, who attends, who prepares."""

    __tablename__ = "schedule_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("schedule_weeks.id"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    content: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(300), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    preparer: Mapped[str] = mapped_column(String(300), default="")
    changed_at: Mapped[Optional[datetime]] = mapped_column()  # set when changed after publication

    week: Mapped[ScheduleWeek] = relationship(back_populates="entries")
    leader: Mapped[User] = relationship()
    meeting: Mapped[Optional[Meeting]] = relationship(back_populates="schedule_entry", uselist=False)

    @property
    def meeting_id(self) -> Optional[int]:
        """The meeting whose conclusions were recorded from this line, if any."""
        return self.meeting.id if self.meeting is not None else None
