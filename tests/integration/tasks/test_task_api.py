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
