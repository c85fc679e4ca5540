"""A task from assignment to confirmation on SQLite and PostgreSQL: deadlines from the calendar
engine, sub-tasks whose progress rolls up, progress reports, extensions that keep the original
deadline, sending back and cancelling with reasons — and every bad input refused with nothing
changed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from eoffice.auth.permissions import PermissionDenied
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from eoffice.tasks import assigning, lifecycle
from eoffice.tasks.models import Task, TaskExtension
from eoffice.tasks.schemas import DoneIn, ExtensionDecisionIn, ExtensionIn, PlanIn, ProgressIn, ReasonIn, SubTaskIn
from eoffice.work.access import may_read
from eoffice.work.models import Assignment, WorkEvent
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import TITLE, new_task


def _day_off_ahead() -> date:
    day = calendar.now().date() + timedelta(days=1)
    while calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _events(task: Task) -> list[str]:
    return [e.kind for e in db.session.scalars(select(WorkEvent).where(WorkEvent.work_item_id == task.id).order_by(WorkEvent.id))]


def test_a_task_is_assigned_with_a_working_day_deadline_and_the_lead_is_told(office):
    task = new_task(coordinate_unit_ids=[unit("STP").id], priority=1)
    due = calendar.end_of_working_day(calendar.add_working_days_date(calendar.now().date(), 5, unit("KT").id), unit("KT").id)
    assert (task.status, task.deadline, task.original_deadline, task.kind) == ("assigned", due, due, "task")
    assert [(a.role, a.unit_id) for a in task.assignments] == [("coordinate", unit("STP").id)]
    head = actor("truongphong").user
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == head.id, Notification.kind == "task.assigned")) == 1
    assert may_read(head, task) and may_read(actor("giamdocstp").user, task)
    assert not may_read(actor("motcua").user, task)
    assert _events(task) == ["assigned"]


def test_a_deadline_in_the_past_or_on_a_day_off_is_refused_and_nothing_is_saved(office):
    with pytest.raises(ServiceError, match="đã qua"):
        new_task(working_days=None, deadline=date(2020, 3, 2))
    with pytest.raises(ServiceError, match="ngày nghỉ"):
        new_task(working_days=None, deadline=_day_off_ahead())
    with pytest.raises(ServiceError, match="Hãy chọn hạn"):
        new_task(working_days=None)
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_assigning_to_a_disabled_user_or_outside_ones_authority_is_refused(office):
    from eoffice.auth import service as accounts
    from eoffice.actor import Actor

    accounts.set_enabled(Actor.operator("kiểm thử"), accounts.find_user("chuyenvien"), False)
    db.session.commit()
    with pytest.raises(ServiceError, match="vô hiệu hóa"):
        new_task(lead_user_id=actor("chuyenvien").user_id)
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        new_task("truongphong", lead_unit_id=unit("STP").id)
    with pytest.raises(PermissionDenied):
        new_task("chuyenvienstp")
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_the_unit_head_splits_a_task_and_progress_rolls_up(office):
    task = new_task()
    head = actor("truongphong")
    first, second = assigning.split(head, task, [
        SubTaskIn(title="Rà soát thủ tục cấp tỉnh", lead_user_id=actor("chuyenvien").user_id, working_days=3),
        SubTaskIn(title="Rà soát thủ tục cấp xã", lead_user_id=actor("truongphong").user_id, working_days=4),
    ])
    assert (first.parent_id, first.assigner_id, task.status) == (task.id, head.user_id, "accepted")
    lifecycle.report_progress(actor("chuyenvien"), first, ProgressIn(percent=60, text="Đã rà soát 30/50 thủ tục"))
    assert (first.status, first.progress, task.progress) == ("in_progress", 60, 30)
    lifecycle.report_done(actor("chuyenvien"), first, DoneIn(result="Đã rà soát xong 50 thủ tục"))
    assert task.progress == 50
    with pytest.raises(ServiceError, match="nhiệm vụ con chưa hoàn thành"):
        lifecycle.report_done(head, task, DoneIn(result="Xong"))
    # the head carried out the second one: confirming it is not theirs to do
    lifecycle.report_done(head, second, DoneIn(result="Đã rà soát xong cấp xã"))
    with pytest.raises(PermissionDenied, match="tự xác nhận"):
        lifecycle.confirm(head, second)
    lifecycle.confirm(actor("chutich"), second)
    assert second.status == "confirmed" and task.progress == 100


def test_a_sub_task_may_not_end_after_the_task(office):
    task = new_task(working_days=2)
    with pytest.raises(ServiceError, match="sau hạn của nhiệm vụ"):
        assigning.split(actor("truongphong"), task, [SubTaskIn(title="Phần 1", lead_user_id=actor("chuyenvien").user_id, working_days=10)])
    assert task.children == [] and task.status == "assigned"


def test_progress_over_100_percent_is_refused_and_the_task_unchanged(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    with pytest.raises(ServiceError, match="vượt quá 100%"):
        lifecycle.report_progress(actor("chuyenvien"), task, ProgressIn(percent=120, text="Quá"))
    db.session.refresh(task)
    assert (task.status, task.progress, _events(task)) == ("assigned", 0, ["assigned"])
    with pytest.raises(PermissionDenied):
        lifecycle.report_progress(actor("chuyenvienstp"), task, ProgressIn(percent=10, text="Không phải việc của tôi"))


def test_done_then_sent_back_then_confirmed_by_the_assigner_only(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    lifecycle.accept(actor("chuyenvien"), task)
    lifecycle.report_done(actor("chuyenvien"), task, DoneIn(result="Đã có báo cáo"))
    assert task.status == "done" and task.done_at is not None
    assert calendar.timeliness_of(task.deadline, task.done_at) == "early"
    with pytest.raises(PermissionDenied):
        lifecycle.confirm(actor("chuyenvien"), task)
    with pytest.raises(ServiceError, match="lý do trả lại"):
        lifecycle.send_back(actor("chutich"), task, ReasonIn(reason="  "))
    lifecycle.send_back(actor("chutich"), task, ReasonIn(reason="Bổ sung số liệu cấp xã"))
    assert (task.status, task.done_at) == ("in_progress", None)
    lifecycle.report_done(actor("chuyenvien"), task, DoneIn(result="Đã bổ sung"))
    lifecycle.confirm(actor("chutich"), task)
    assert task.status == "confirmed"
    assert _events(task) == ["assigned", "accepted", "done", "sent_back", "done", "confirmed"]


def test_an_extension_moves_the_deadline_and_keeps_the_original_at_most_as_configured(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id, working_days=2)
    original = task.deadline
    with pytest.raises(ServiceError, match="lý do"):
        lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="", working_days=6))
    lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Chờ số liệu của Sở", working_days=6))
    with pytest.raises(ServiceError, match="đang chờ"):
        lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Lần nữa", working_days=7))
    lifecycle.decide_extension(actor("chutich"), task, ExtensionDecisionIn(approve=True, note="Đồng ý"))
    assert task.deadline > original and task.original_deadline == original and task.extension_count == 1
    lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Thêm thời gian", working_days=8))
    lifecycle.decide_extension(actor("chutich"), task, ExtensionDecisionIn(approve=False, note="Không"))
    assert task.extension_count == 1
    lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Thêm lần hai", working_days=9))
    lifecycle.decide_extension(actor("chutich"), task, ExtensionDecisionIn(approve=True))
    with pytest.raises(ServiceError, match="tối đa"):
        lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Lần ba", working_days=12))
    assert [e.status for e in task.extensions] == ["approved", "refused", "approved"]
    assert task.extensions[0].previous_deadline == original


def test_no_extension_once_the_task_is_done(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    lifecycle.report_done(actor("chuyenvien"), task, DoneIn(result="Xong"))
    with pytest.raises(ServiceError, match="không xin gia hạn"):
        lifecycle.request_extension(actor("chuyenvien"), task, ExtensionIn(reason="Muộn", working_days=9))
    assert db.session.scalar(select(func.count()).select_from(TaskExtension)) == 0


def test_cancelling_needs_a_reason_and_takes_the_sub_tasks_along(office):
    task = new_task()
    [child] = assigning.split(actor("truongphong"), task, [SubTaskIn(title="Phần 1", lead_user_id=actor("chuyenvien").user_id, working_days=2)])
    with pytest.raises(ServiceError, match="lý do hủy"):
        lifecycle.cancel(actor("chutich"), task, ReasonIn(reason=""))
    with pytest.raises(PermissionDenied):
        lifecycle.cancel(actor("truongphong"), task, ReasonIn(reason="Không làm"))
    lifecycle.cancel(actor("chutich"), task, ReasonIn(reason="Đã có văn bản thay thế"))
    assert (task.status, child.status) == ("cancelled", "cancelled")


def test_a_task_from_an_incoming_document_or_a_plan_names_its_source(office):
    plan = assigning.create_plan(actor("chutich"), PlanIn(title="Kế hoạch CCHC năm 2026", year=2026))
    task = new_task(source="plan", plan_id=plan.id, area="Cải cách thể chế")
    assert (task.plan_id, task.area, task.source_label) == (plan.id, "Cải cách thể chế", "Kế hoạch")
    with pytest.raises(ServiceError, match="chọn kế hoạch"):
        new_task(source="plan")
    with pytest.raises(ServiceError, match="văn bản là nguồn"):
        new_task(source="incoming")
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert TITLE


def test_a_meetings_conclusions_become_tasks_in_one_step_or_not_at_all(office):
    from eoffice.tasks.schemas import ConclusionIn, ConclusionsIn

    meeting = "Thông báo kết luận số 45/TB-UBND ngày 01/12/2026 của Chủ tịch UBND tỉnh"
    with pytest.raises(ServiceError, match="Kết luận 2: .*ngày nghỉ"):
        assigning.from_conclusions(actor("chutich"), ConclusionsIn(meeting=meeting, conclusions=[
            ConclusionIn(title="Hoàn thiện hồ sơ dự án", lead_unit_id=unit("KT").id, working_days=5),
            ConclusionIn(title="Rà soát pháp lý", lead_unit_id=unit("STP").id, deadline=_day_off_ahead()),
        ]))
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0
    created = assigning.from_conclusions(actor("chutich"), ConclusionsIn(meeting=meeting, conclusions=[
        ConclusionIn(title="Hoàn thiện hồ sơ dự án", lead_unit_id=unit("KT").id, working_days=5),
        ConclusionIn(title="Rà soát pháp lý", lead_unit_id=unit("STP").id, working_days=3),
    ]))
    assert [(t.source, t.source_note, t.lead_unit_id) for t in created] == [
        ("meeting", meeting, unit("KT").id), ("meeting", meeting, unit("STP").id)]


def test_the_search_entry_names_the_task_and_who_may_read_it_and_hides_a_confidential_body(office):
    from eoffice.tasks.kind import search_document

    task = new_task(content="Rà soát 50 thủ tục cấp tỉnh")
    entry = search_document(task.id)
    assert (entry.id, entry.kind, entry.title, entry.unit) == (f"task:{task.id}", "task", TITLE, unit("KT").name)
    assert "Rà soát 50 thủ tục" in entry.body and "role:chu_tich" in entry.readers
    secret = new_task(content="Nội dung mật", secrecy=1, lead_user_id=actor("chuyenvien").user_id)
    hidden = search_document(secret.id)
    assert hidden.body == "" and "role:chu_tich" not in hidden.readers and f"user:{actor('chuyenvien').user_id}" in hidden.readers
