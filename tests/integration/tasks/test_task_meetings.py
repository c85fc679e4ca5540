"""Meetings as their own records: giving tasks from a meeting's conclusions keeps the meeting
(date, chair, attendees) with each conclusion linked to the task it became, in the same step
and the same transaction — a refused conclusion or a meeting date still to come saves neither
the meeting nor any task."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eoffice.auth.permissions import PermissionDenied
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.tasks import assigning
from eoffice.tasks.models import Meeting, MeetingConclusion, Task
from eoffice.tasks.schemas import ConclusionIn, ConclusionsIn
from tests.helpers import csrf_token, html_problems, login
from tests.integration.documents.conftest import actor, unit

NOTICE = "Thông báo kết luận số 45/TB-UBND – họp giao ban tháng 12"


def _conclusions(**changes):  # type: ignore[no-untyped-def]
    values = dict(meeting=NOTICE, held_on=calendar.now().date() - timedelta(days=2), chair_id=actor("chutich").user_id,
                  attendees="Lãnh đạo Văn phòng, Sở Tư pháp, Phòng Kinh tế", conclusions=[
                      ConclusionIn(title="Hoàn thiện đề án chuyển đổi số", lead_unit_id=unit("KT").id, working_days=10),
                      ConclusionIn(title="Rà soát văn bản quy phạm pháp luật", lead_unit_id=unit("STP").id, working_days=5)])
    values.update(changes)
    return ConclusionsIn(**values)


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Meeting, MeetingConclusion, Task))  # type: ignore[return-value]


def test_a_meetings_conclusions_become_tasks_and_the_meeting_is_kept_with_them(office):
    tasks = assigning.from_conclusions(actor("phochutich"), _conclusions())
    [meeting] = db.session.scalars(select(Meeting)).all()
    assert (meeting.title, meeting.held_on, meeting.chair.username) == (NOTICE, calendar.now().date() - timedelta(days=2), "chutich")
    assert [(c.number, c.text, c.task_id) for c in meeting.conclusions] == [(1, tasks[0].title, tasks[0].id), (2, tasks[1].title, tasks[1].id)]
    assert {(t.source, t.source_note) for t in tasks} == {("meeting", NOTICE)}
    assert assigning.meeting_of(tasks[1]).id == meeting.id
    client = office.test_client()
    login(client, "phochutich", "Demo@2026")
    page = client.get(f"/tasks/meetings/{meeting.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert "Lãnh đạo Văn phòng, Sở Tư pháp, Phòng Kinh tế" in html and "Đặng Quốc Hùng" in html
    assert re.findall(r'href="/tasks/(\d+)"', re.search(r'data-testid="meeting-conclusions">(.*?)</table>', html, re.S).group(1)) == [
        str(tasks[0].id), str(tasks[1].id)]
    assert NOTICE in client.get("/tasks/meetings").get_data(as_text=True)
    specialist = office.test_client()
    login(specialist, "chuyenvien", "Demo@2026")
    assert specialist.get(f"/tasks/meetings/{meeting.id}").status_code == 403


def test_a_meeting_date_still_to_come_or_a_refused_conclusion_saves_nothing(office):
    with pytest.raises(ServiceError, match="chưa đến"):
        assigning.from_conclusions(actor("chutich"), _conclusions(held_on=calendar.now().date() + timedelta(days=1)))
    with pytest.raises(PermissionDenied, match="Kết luận 2"):  # a unit head cannot give Sở Tư pháp a task
        assigning.from_conclusions(actor("truongphong"), _conclusions())
    db.session.rollback()
    assert _counts() == (0, 0, 0)


def test_the_conclusions_form_records_the_meeting_and_opens_its_page(office):
    client = office.test_client()
    login(client, "chutich", "Demo@2026")
    form = client.get("/tasks/conclusions")
    assert form.status_code == 200 and html_problems(form.get_data(as_text=True)) == []
    data = {"csrf_token": csrf_token(client, "/tasks/conclusions"), "meeting": NOTICE, "chair_id": str(actor("chutich").user_id),
            "attendees": "Các sở, ngành", "title1": "Hoàn thiện đề án chuyển đổi số", "unit1": str(unit("KT").id), "days1": "10"}
    future = client.post("/tasks/conclusions", data={**data, "held_on": (calendar.now().date() + timedelta(days=3)).isoformat()})
    html = future.get_data(as_text=True)
    assert future.status_code == 400 and 'id="meeting-held_on-error"' in html and "chưa đến" in html and NOTICE in html
    assert _counts() == (0, 0, 0)
    done = client.post("/tasks/conclusions", data=data)
    assert done.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert done.headers["Location"].endswith(f"/tasks/meetings/{meeting.id}")
    assert (meeting.held_on, meeting.attendees, len(meeting.conclusions)) == (calendar.now().date(), "Các sở, ngành", 1)


# --- A meeting of the leaders' weekly schedule -------------------------------------------------
def _held_meeting(days_ago: int = 7):  # type: ignore[no-untyped-def]
    """A line of an earlier week's schedule: the chairperson's meeting, already held."""
    from eoffice.tasks import schedule
    from eoffice.tasks.schemas import ScheduleEntryIn

    return schedule.add_entry(actor("chanhvanphong"), ScheduleEntryIn(
        day=calendar.now().date() - timedelta(days=days_ago), start="08:00", end="10:00", leader_id=actor("chutich").user_id,
        content="Họp giao ban UBND tỉnh tháng 12", place="Phòng họp số 1", attendees="Thủ trưởng các sở, ngành"))


def test_a_scheduled_meeting_takes_its_facts_from_the_schedule_and_its_conclusions_once(office):
    entry = _held_meeting()
    tasks = assigning.from_conclusions(actor("phochutich"), _conclusions(held_on=None, chair_id=None, schedule_entry_id=entry.id))
    meeting = assigning.meeting_of(tasks[0])
    assert meeting.schedule_entry_id == entry.id and entry.meeting is meeting
    assert (meeting.held_on, meeting.chair.username) == (calendar.now().date() - timedelta(days=7), "chutich")
    before = _counts()
    with pytest.raises(ServiceError, match="đã được ghi nhận") as refused:
        assigning.from_conclusions(actor("phochutich"), _conclusions(schedule_entry_id=entry.id))
    assert refused.value.details["meeting_id"] == meeting.id
    db.session.rollback()
    assert _counts() == before


def test_a_scheduled_meeting_still_to_come_takes_no_conclusions(office):
    entry = _held_meeting(days_ago=-8)
    with pytest.raises(ServiceError, match="chưa diễn ra"):
        assigning.from_conclusions(actor("chutich"), _conclusions(held_on=None, schedule_entry_id=entry.id))
    db.session.rollback()
    assert _counts() == (0, 0, 0)


def test_the_schedule_links_a_held_meeting_to_its_conclusions_form_and_then_to_its_record(office):
    entry = _held_meeting()
    week = entry.week.week_start.isoformat()
    client = office.test_client()
    login(client, "chutich", "Demo@2026")
    page = client.get(f"/tasks/schedule/?week={week}").get_data(as_text=True)
    assert f'href="/tasks/conclusions?entry={entry.id}"' in page and html_problems(page) == []
    form = client.get(f"/tasks/conclusions?entry={entry.id}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and html_problems(html) == [] and 'data-testid="from-schedule"' in html
    assert 'value="Họp giao ban UBND tỉnh tháng 12"' in html and 'value="Thủ trưởng các sở, ngành"' in html
    assert f'name="schedule_entry_id" value="{entry.id}"' in html
    done = client.post("/tasks/conclusions", data={
        "csrf_token": csrf_token(client, "/tasks/conclusions"), "meeting": "Họp giao ban UBND tỉnh tháng 12",
        "schedule_entry_id": str(entry.id), "title1": "Hoàn thiện đề án chuyển đổi số", "unit1": str(unit("KT").id), "days1": "10"})
    assert done.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.schedule_entry_id, meeting.held_on) == (entry.id, calendar.now().date() - timedelta(days=7))
    record = client.get(f"/tasks/meetings/{meeting.id}").get_data(as_text=True)
    assert "Theo lịch công tác" in record and "Phòng họp số 1" in record
    page = client.get(f"/tasks/schedule/?week={week}").get_data(as_text=True)
    assert f'href="/tasks/meetings/{meeting.id}"' in page and "?entry=" not in page
    again = client.get(f"/tasks/conclusions?entry={entry.id}", follow_redirects=True).get_data(as_text=True)
    assert "đã được ghi nhận" in again
    printed = client.get(f"/tasks/schedule/print?week={week}").get_data(as_text=True)
    assert "Xem kết luận" not in printed and "Ghi kết luận" not in printed
