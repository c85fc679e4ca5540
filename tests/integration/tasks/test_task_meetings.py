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
