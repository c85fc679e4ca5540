"""A unit head's and a specialist's dashboards, each its own page reached from the menu by
role: the unit's tasks and people (counts per person, the overdue and due-soon lists, the
sub-tasks the head split), the specialist's own queue (assigned to me, due soon, overdue, done
this month); every number opens exactly the list it counts.

Deadlines that must be overdue or due soon are set on the task directly (a deadline in the
past cannot be given through the services), relative to the app's clock, so the figures do not
depend on the hour or the weekday the tests run."""
from __future__ import annotations

import re
from datetime import timedelta

from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.tasks import assigning, lifecycle
from eoffice.tasks.models import Task
from eoffice.tasks.schemas import DoneIn, SubTaskIn
from eoffice.work import history
from tests.helpers import html_problems, login
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import new_task


def signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def _due(task: Task, when: str) -> Task:
    """Make a task overdue (deadline an hour ago) or due soon (at the calendar's threshold)."""
    now = utcnow()
    task.deadline = now - timedelta(hours=1) if when == "overdue" else calendar.due_soon_threshold(now)
    history.refresh_readers(task)
    db.session.commit()
    return task


def _listed(client, href: str) -> list[str]:  # type: ignore[no-untyped-def]
    html = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    return re.findall(r'href="/tasks/(\d+)"', html)


def _row_numbers(html: str, testid: str, label: str) -> dict[str, str]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<tr data-row="{re.escape(label)}">(.*?)</tr>', table, re.S).group(1)
    return dict(re.findall(r'data-col="(\w+)">(?:<a href="[^"]*">)?(\d+)', row))


def _cell_href(html: str, testid: str, label: str, column: str) -> str:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<tr data-row="{re.escape(label)}">(.*?)</tr>', table, re.S).group(1)
    return re.search(rf'data-col="{column}"><a href="([^"]+)"', row).group(1)


def test_a_unit_heads_dashboard_counts_the_units_tasks_and_people_and_opens_the_lists(office):
    specialist = actor("chuyenvien").user
    late = _due(new_task(title="Báo cáo quý đã trễ", lead_user_id=specialist.id), "overdue")
    soon = _due(new_task(title="Tờ trình sắp đến hạn"), "due_soon")
    parent = new_task(title="Đề án chuyển đổi số", working_days=25)
    [child] = assigning.split(actor("truongphong"), parent, [SubTaskIn(title="Khảo sát hiện trạng", lead_user_id=specialist.id,
                                                                        working_days=20)])
    other = new_task(title="Việc của Sở Tư pháp", lead_unit_id=unit("STP").id)
    client = signed_in(office, "truongphong")
    page = client.get("/tasks/dashboard/unit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert 'data-unit="Phòng Kinh tế"' in html and other.title not in html and "Sở Tư pháp" not in html
    overall = _row_numbers(html, "unit-overall", "Phòng Kinh tế")
    assert {k: overall[k] for k in ("total", "open", "overdue", "due_soon", "in_time")} == {
        "total": "3", "open": "3", "overdue": "1", "due_soon": "1", "in_time": "1"}
    person = _row_numbers(html, "unit-people", specialist.full_name)
    assert (person["total"], person["overdue"], person["in_time"]) == ("2", "1", "1")  # the late task and the sub-task
    assert _listed(client, _cell_href(html, "unit-people", specialist.full_name, "overdue")) == [str(late.id)]
    assert _listed(client, _cell_href(html, "unit-overall", "Phòng Kinh tế", "due_soon")) == [str(soon.id)]
    overdue_list = re.search(r'data-testid="unit-overdue">(.*?)</table>', html, re.S).group(1)
    due_soon_list = re.search(r'data-testid="unit-due-soon">(.*?)</table>', html, re.S).group(1)
    assert late.title in overdue_list and soon.title not in overdue_list and soon.title in due_soon_list
    split = _row_numbers(html, "unit-split", "Nhiệm vụ con tôi đã giao")
    assert (split["total"], split["open"]) == ("1", "1")
    assert _listed(client, _cell_href(html, "unit-split", "Nhiệm vụ con tôi đã giao", "total")) == [str(child.id)]
    assert signed_in(office, "chuyenvien").get("/tasks/dashboard/unit").status_code == 403


def test_a_specialists_dashboard_is_their_own_queue_and_each_number_opens_its_list(office):
    me = actor("chuyenvien").user
    late = _due(new_task(title="Quá hạn của tôi", lead_user_id=me.id), "overdue")
    soon = _due(new_task(title="Sắp đến hạn của tôi", lead_user_id=me.id), "due_soon")
    later = new_task(title="Còn thời gian", lead_user_id=me.id, working_days=25)
    finished = new_task(title="Đã xong trong tháng", lead_user_id=me.id, working_days=25)
    lifecycle.accept(actor("chuyenvien"), later)
    lifecycle.report_done(actor("chuyenvien"), finished, DoneIn(result="Đã gửi báo cáo"))
    new_task(title="Việc của đơn vị khác", lead_unit_id=unit("STP").id)
    client = signed_in(office, "chuyenvien")
    page = client.get("/tasks/dashboard/me")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    figures = {testid: (href, int(n)) for testid, href, n in
               re.findall(r'<li data-testid="(\w+)"><a href="([^"]+)"><strong[^>]*>(\d+)</strong>', html)}
    expected = {"open": {late.id, soon.id, later.id}, "assigned": {late.id, soon.id}, "overdue": {late.id},
                "due_soon": {soon.id}, "done_month": {finished.id}}
    assert {k: n for k, (_, n) in figures.items()} == {k: len(v) for k, v in expected.items()}
    for testid, ids in expected.items():
        assert set(_listed(client, figures[testid][0])) == {str(i) for i in ids}, testid
    assert late.title in re.search(r'data-testid="my-overdue">(.*?)</table>', html, re.S).group(1)
    assert soon.title in re.search(r'data-testid="my-due-soon">(.*?)</table>', html, re.S).group(1)


def test_each_role_reaches_its_own_dashboard_from_the_menu(office):
    def menu(username: str) -> str:
        return signed_in(office, username).get("/").get_data(as_text=True)

    specialist, head, chair = menu("chuyenvien"), menu("truongphong"), menu("chutich")
    assert 'href="/tasks/dashboard/me"' in specialist and 'href="/tasks/dashboard/unit"' not in specialist
    assert 'href="/tasks/dashboard/unit"' in head and 'href="/tasks/dashboard/me"' in head
    assert 'href="/tasks/dashboard/"' in chair and 'href="/tasks/dashboard/unit"' not in chair
    assert "Bảng việc của tôi" in specialist and "Theo dõi nhiệm vụ đơn vị" in head
