"""The task pages in Vietnamese: the new-task form keeps what was typed and shows each message
beside its field, the task page offers the lead and the assigner their own actions, the plan
page counts completed/total per area, and the dashboard's numbers open the lists behind them."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from eoffice.db import db
from eoffice.tasks import assigning, lifecycle
from eoffice.tasks.models import Task
from eoffice.tasks.schemas import DoneIn, PlanIn
from tests.helpers import csrf_token, html_problems, login
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import TITLE, new_task


def signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def test_the_new_task_form_keeps_what_was_typed_and_says_what_is_wrong(office):
    client = signed_in(office, "chutich")
    page = client.get("/tasks/new")
    assert page.status_code == 200 and html_problems(page.get_data(as_text=True)) == []
    posted = client.post("/tasks/new", data={
        "csrf_token": csrf_token(client, "/tasks/new"), "title": TITLE, "lead_unit_id": str(unit("KT").id),
        "deadline": "2020-03-02", "source": "ad_hoc", "priority": "0"})
    html = posted.get_data(as_text=True)
    assert posted.status_code == 400 and html_problems(html) == []
    assert 'id="task-deadline-error"' in html and "đã qua" in html and TITLE in html
    assert db.session.scalar(select(Task.id)) is None
    created = client.post("/tasks/new", data={
        "csrf_token": csrf_token(client, "/tasks/new"), "title": TITLE, "lead_unit_id": str(unit("KT").id),
        "working_days": "5", "source": "meeting", "source_note": "Thông báo kết luận số 12/TB-UBND", "priority": "1",
        "coordinate_unit_ids": [str(unit("STP").id)],
        "attachments": (io.BytesIO(b"so lieu"), "phu-luc.txt")}, content_type="multipart/form-data")
    assert created.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.source, task.priority, task.coordinate_unit_ids, [f.filename for f in task.attachments]) == (
        "meeting", 1, [unit("STP").id], ["phu-luc.txt"])
    detail = client.get(created.headers["Location"])
    assert "Thông báo kết luận số 12/TB-UBND" in detail.get_data(as_text=True)


def test_the_lead_reports_progress_and_over_100_percent_is_shown_beside_the_field(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    client = signed_in(office, "chuyenvien")
    page = client.get(f"/tasks/{task.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == [] and "Báo cáo tiến độ" in html
    assert 'data-testid="assigner-actions"' not in html
    refused = client.post(f"/tasks/{task.id}/progress", data={
        "csrf_token": csrf_token(client, f"/tasks/{task.id}"), "percent": "130", "text": "Đã làm nhiều"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="progress-percent-error"' in html and "vượt quá 100%" in html
    done = client.post(f"/tasks/{task.id}/progress", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, f"/tasks/{task.id}"), "percent": "40", "text": "Đã rà soát 20 thủ tục",
        "files": (io.BytesIO(b"bang tong hop"), "tong-hop.txt")})
    assert done.status_code == 302
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert (task.status, task.progress) == ("in_progress", 40)
    [file] = [f for f in task.files if f.role == "progress"]
    assert client.get(f"/tasks/files/{file.id}").data == b"bang tong hop"
    assert signed_in(office, "motcua").get(f"/tasks/files/{file.id}").status_code in (403, 404)


def test_the_assigner_confirms_and_a_stranger_cannot_see_the_task(office):
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    lifecycle.report_done(actor("chuyenvien"), task, DoneIn(result="Đã có báo cáo"))
    chair = signed_in(office, "chutich")
    html = chair.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Xác nhận hoàn thành" in html and "Trả lại" in html
    assert chair.post(f"/tasks/{task.id}/confirm", data={"csrf_token": csrf_token(chair, f"/tasks/{task.id}")}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "confirmed"
    assert signed_in(office, "motcua").get(f"/tasks/{task.id}").status_code in (403, 404)


def test_the_plan_page_counts_completed_of_total_per_area(office):
    plan = assigning.create_plan(actor("chutich"), PlanIn(title="Kế hoạch CCHC năm 2026", year=2026))
    first = new_task(source="plan", plan_id=plan.id, area="Cải cách thủ tục hành chính", lead_user_id=actor("chuyenvien").user_id)
    new_task(source="plan", plan_id=plan.id, area="Cải cách thủ tục hành chính")
    new_task(source="plan", plan_id=plan.id, area="Chuyển đổi số")
    lifecycle.report_done(actor("chuyenvien"), first, DoneIn(result="Xong"))
    html = signed_in(office, "chutich").get(f"/tasks/plans/{plan.id}").get_data(as_text=True)
    assert "1/3 nhiệm vụ hoàn thành" in html
    assert "1/2 nhiệm vụ hoàn thành" in html and "0/1 nhiệm vụ hoàn thành" in html


def test_the_dashboard_numbers_add_up_and_open_the_list_behind_them(office):
    early = new_task(lead_user_id=actor("chuyenvien").user_id)
    new_task(working_days=1)  # due soon
    new_task(lead_unit_id=unit("STP").id, working_days=10)
    lifecycle.report_done(actor("chuyenvien"), early, DoneIn(result="Xong sớm"))
    client = signed_in(office, "chutich")
    page = client.get("/tasks/dashboard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == [] and "<svg" in html
    row = re.search(r'<tr data-row="Phòng Kinh tế">(.*?)</tr>', html, re.S).group(1)
    numbers = dict(re.findall(r'data-col="(\w+)">(?:<a href="[^"]*">)?(\d+)', row))
    assert numbers["total"] == "2" and numbers["finished"] == "1" and numbers["early"] == "1"
    assert int(numbers["open"]) == int(numbers["in_time"]) + int(numbers["due_soon"]) + int(numbers["overdue"]) == 1
    link = re.search(r'data-col="early"><a href="([^"]+)"', row).group(1).replace("&amp;", "&")
    listed = client.get(link).get_data(as_text=True)
    assert listed.count('href="/tasks/' + str(early.id) + '"') == 1 and "Xong sớm" not in listed
    assert re.findall(r'href="/tasks/(\d+)"', listed) == [str(early.id)]
    trend = re.search(r'data-testid="trend">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', trend)[5] == "1", "this month: one finished, by its deadline"
    xlsx = client.get("/tasks/dashboard/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    pdf = client.get("/tasks/dashboard/report.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    assert signed_in(office, "chuyenvien").get("/tasks/dashboard").status_code == 403
