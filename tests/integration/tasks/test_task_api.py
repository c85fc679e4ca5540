"""The tasks API: what the pages do, through the same services and pydantic models — 201 on
create, 422 naming each bad field in Vietnamese, the service's refusals as clear errors, and
the whole life of a task from assignment to confirmation."""
from __future__ import annotations

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.db import db
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import TITLE


def api_client(app, username: str):  # type: ignore[no-untyped-def]
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_a_task_through_the_api_from_assignment_to_confirmation(office):
    chair, specialist = api_client(office, "chutich"), api_client(office, "chuyenvien")
    bad = chair.post("/api/v1/tasks", json={"title": "", "lead_unit_id": 0, "priority": 7})
    assert bad.status_code == 422
    details = bad.json["error"]["details"]
    assert "Tên nhiệm vụ" in details["title"] and "Đơn vị chủ trì" in details["lead_unit_id"] and "Mức độ ưu tiên" in details["priority"]
    past = chair.post("/api/v1/tasks", json={"title": TITLE, "lead_unit_id": unit("KT").id, "deadline": "2020-03-02"})
    assert past.status_code == 400 and "đã qua" in past.json["error"]["message"]
    created = chair.post("/api/v1/tasks", json={"title": TITLE, "lead_unit_id": unit("KT").id, "working_days": 5,
                                                "lead_user_id": actor("chuyenvien").user_id})
    assert created.status_code == 201, created.get_data(as_text=True)
    task_id = created.json["id"]
    assert created.json["timeliness"] == "in_time" and created.json["history"][0]["kind"] == "assigned"
    over = specialist.post(f"/api/v1/tasks/{task_id}/progress", json={"percent": 101, "text": "Quá"})
    assert over.status_code == 400 and over.json["error"]["code"] == "percent_over_100"
    assert specialist.post(f"/api/v1/tasks/{task_id}/progress", json={"percent": 50, "text": "Một nửa"}).json["progress"] == 50
    own = specialist.post(f"/api/v1/tasks/{task_id}/confirm")
    assert own.status_code == 403
    done = specialist.post(f"/api/v1/tasks/{task_id}/done", json={"result": "Đã xong"})
    assert done.json["status"] == "done" and done.json["timeliness"] == "early"
    assert chair.post(f"/api/v1/tasks/{task_id}/confirm").json["status"] == "confirmed"
    listed = chair.get("/api/v1/tasks?tab=toi_giao&timeliness=early")
    assert [t["id"] for t in listed.json["items"]] == [task_id] and listed.json["total"] == 1
    assert api_client(office, "motcua").get(f"/api/v1/tasks/{task_id}").status_code == 403


def test_the_dashboard_figures_add_up_in_the_api_and_match_the_list_behind_them(office):
    from eoffice.tasks import assigning
    from eoffice.tasks.schemas import TaskIn

    for days in (3, 10):
        assigning.assign(actor("chutich"), TaskIn(title=TITLE, lead_unit_id=unit("KT").id, working_days=days))
    db.session.commit()
    chair = api_client(office, "chutich")
    board = chair.get("/api/v1/tasks/dashboard")
    assert board.status_code == 200, board.get_data(as_text=True)
    overall = board.json["overall"]["counts"]
    assert overall["total"] == overall["open"] + overall["finished"] + overall["cancelled"] == 2
    assert overall["open"] == overall["in_time"] + overall["due_soon"] + overall["overdue"]
    [kt] = [row for row in board.json["units"] if row["key"] == unit("KT").id]
    assert kt["counts"]["open"] == 2
    listed = chair.get(f"/api/v1/tasks?unit_id={unit('KT').id}&status=open")
    assert listed.json["total"] == kt["counts"]["open"]
    assert chair.get("/api/v1/tasks/dashboard?from=2026-13-01").status_code == 422
    assert api_client(office, "chuyenvien").get("/api/v1/tasks/dashboard").status_code == 403


def test_the_weekly_schedule_and_a_meetings_conclusions_through_the_api(office):
    from datetime import timedelta

    from eoffice.calendar import service as calendar

    clerk, chair, specialist = api_client(office, "chanhvanphong"), api_client(office, "chutich"), api_client(office, "chuyenvien")
    last_week = calendar.now().date() - timedelta(days=7)
    entry = {"day": last_week.isoformat(), "start": "08:00", "end": "10:00", "leader_id": actor("chutich").user_id,
             "content": "Họp giao ban UBND tỉnh", "place": "Phòng họp số 1"}
    added = clerk.post("/api/v1/tasks/schedule/entries", json=entry)
    assert added.status_code == 201, added.get_data(as_text=True)
    clash = clerk.post("/api/v1/tasks/schedule/entries", json={**entry, "start": "09:00", "end": "11:00", "content": "Tiếp dân"})
    assert clash.status_code == 400 and clash.json["error"]["code"] == "overlap"
    assert specialist.post("/api/v1/tasks/schedule/entries", json={**entry, "start": "14:00", "end": "15:00"}).status_code == 403
    assert specialist.get(f"/api/v1/tasks/schedule?week={last_week.isoformat()}").status_code == 403  # a draft is the office's
    week = chair.get(f"/api/v1/tasks/schedule?week={last_week.isoformat()}").json
    assert week["status"] == "draft" and [e["content"] for e in week["entries"]] == ["Họp giao ban UBND tỉnh"]
    assert chair.post(f"/api/v1/tasks/schedule/weeks/{week['id']}/approve").json["status"] == "approved"
    assert clerk.post(f"/api/v1/tasks/schedule/weeks/{week['id']}/publish").json["status"] == "published"
    assert specialist.get(f"/api/v1/tasks/schedule?week={last_week.isoformat()}").json["entries"][0]["place"] == "Phòng họp số 1"
    made = chair.post("/api/v1/tasks/conclusions", json={
        "meeting": "Họp giao ban UBND tỉnh", "schedule_entry_id": added.json["id"],
        "conclusions": [{"title": "Hoàn thiện đề án chuyển đổi số", "lead_unit_id": unit("KT").id, "working_days": 10}]})
    assert made.status_code == 201, made.get_data(as_text=True)
    [meeting] = chair.get("/api/v1/tasks/meetings").json["items"]
    assert (meeting["schedule_entry_id"], meeting["held_on"], meeting["chair_id"]) == (
        added.json["id"], last_week.isoformat(), actor("chutich").user_id)
    assert [c["task_id"] for c in chair.get(f"/api/v1/tasks/meetings/{meeting['id']}").json["conclusions"]] == [
        made.json["items"][0]["id"]]
    assert chair.get(f"/api/v1/tasks/schedule?week={last_week.isoformat()}").json["entries"][0]["meeting_id"] == meeting["id"]
    twice = chair.post("/api/v1/tasks/conclusions", json={
        "meeting": "Họp lại", "schedule_entry_id": added.json["id"],
        "conclusions": [{"title": "Việc khác", "lead_unit_id": unit("KT").id, "working_days": 3}]})
    assert twice.status_code == 400 and twice.json["error"]["code"] == "meeting_recorded"
    empty = chair.get("/api/v1/tasks/schedule?week=2001-01-03")
    assert empty.status_code == 200 and (empty.json["id"], empty.json["week_start"], empty.json["entries"]) == (None, "2001-01-01", [])
