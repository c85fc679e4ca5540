"""The leaders' weekly schedule: the office drafts it, it is approved and published to
everyone; the same leader in two places at once is refused with nothing saved; what changes
after publication is flagged and the leader told."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from eoffice.auth.permissions import PermissionDenied
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.tasks import schedule
from eoffice.tasks.models import ScheduleEntry
from eoffice.tasks.schemas import ScheduleEntryIn
from tests.helpers import csrf_token, html_problems, login
from tests.integration.documents.conftest import actor


def _next_monday() -> date:
    today = calendar.now().date()
    return today + timedelta(days=7 - today.weekday())


def _entry(start: str, end: str, leader: str = "chutich", day: date | None = None, content: str = "Họp UBND tỉnh thường kỳ") -> ScheduleEntryIn:
    return ScheduleEntryIn(day=day or _next_monday(), start=start, end=end, leader_id=actor(leader).user_id, content=content,
                           place="Phòng họp số 1", attendees="Thành viên UBND tỉnh", preparer="Văn phòng UBND tỉnh")


def test_the_week_is_drafted_approved_and_published_and_overlaps_are_refused(office):
    office_chief = actor("chanhvanphong")
    schedule.add_entry(office_chief, _entry("08:00", "10:00"))
    with pytest.raises(ServiceError, match="đã có lịch «Họp UBND tỉnh thường kỳ» từ 08:00 đến 10:00"):
        schedule.add_entry(office_chief, _entry("09:30", "11:00", content="Tiếp công dân"))
    schedule.add_entry(office_chief, _entry("09:30", "11:00", leader="phochutich", content="Tiếp công dân"))
    schedule.add_entry(office_chief, _entry("10:00", "11:00", content="Làm việc với Sở Tư pháp"))
    assert db.session.scalar(select(func.count()).select_from(ScheduleEntry)) == 3
    with pytest.raises(ServiceError, match="Giờ kết thúc phải sau"):
        schedule.add_entry(office_chief, _entry("15:00", "14:00"))
    with pytest.raises(PermissionDenied):
        schedule.add_entry(actor("chuyenvien"), _entry("15:00", "16:00"))
    week = schedule.week_of(_next_monday())
    with pytest.raises(ServiceError, match="đã được duyệt"):
        schedule.publish(office_chief, week)
    schedule.approve(actor("chutich"), week)
    schedule.publish(office_chief, week)
    assert week.status == "published" and all(e.changed_at is None for e in week.entries)
    late = schedule.add_entry(office_chief, _entry("14:00", "16:00", day=_next_monday() + timedelta(days=2), content="Kiểm tra dự án"))
    assert late.changed_at is not None and week.status == "published"


def test_a_draft_week_is_not_shown_to_everyone_but_a_published_one_is(office):
    schedule.add_entry(actor("chanhvanphong"), _entry("08:00", "10:00"))
    client = office.test_client()
    login(client, "chuyenvien", "Demo@2026")
    url = f"/tasks/schedule/?week={_next_monday().isoformat()}"
    assert "chưa được công bố" in client.get(url).get_data(as_text=True)
    week = schedule.week_of(_next_monday())
    schedule.approve(actor("chutich"), week)
    schedule.publish(actor("chanhvanphong"), week)
    page = client.get(url).get_data(as_text=True)
    assert "Họp UBND tỉnh thường kỳ" in page and html_problems(page) == []
    printed = client.get(f"/tasks/schedule/print?week={_next_monday().isoformat()}").get_data(as_text=True)
    assert "LỊCH CÔNG TÁC CỦA CHỦ TỊCH, CÁC PHÓ CHỦ TỊCH" in printed and "Phòng họp số 1" in printed


def test_an_overlapping_entry_typed_in_the_form_is_shown_beside_the_time(office):
    schedule.add_entry(actor("chanhvanphong"), _entry("08:00", "10:00"))
    client = office.test_client()
    login(client, "chanhvanphong", "Demo@2026")
    response = client.post("/tasks/schedule/entries", data={
        "csrf_token": csrf_token(client, "/tasks/schedule/"), "day": _next_monday().isoformat(), "start": "09:00",
        "end": "09:45", "leader_id": str(actor("chutich").user_id), "content": "Tiếp khách"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="entry-start-error"' in html and "đã có lịch" in html and "Tiếp khách" in html
    assert db.session.scalar(select(func.count()).select_from(ScheduleEntry)) == 1
