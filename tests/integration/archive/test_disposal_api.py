"""Disposal lists through the JSON API, on SQLite and PostgreSQL: the archivist lists the due
dossiers and proposes them (201), the chair approves with a note or refuses with a reason, the
archivist executes and gets the destruction record; the services' refusals (a permanent
dossier, an empty choice, a decided list, a missing reason, a list not approved) are 400s
with their Vietnamese message and nothing changed; other roles get 403, an unknown list or
dossier 404, a body that does not fit its model 422."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from eoffice.actor import Actor
from eoffice.db import db
from eoffice.archive.models import DisposalList
from tests.integration.archive.conftest import close_years_ago, filled


def _client(office: Any, username: str) -> Any:
    """A test client that sends `username`'s API token with every request."""
    from eoffice.auth import service as accounts

    bearer, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "api")
    client = office.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
    return client


def _lists() -> int:
    return db.session.scalar(select(func.count()).select_from(DisposalList))


def test_the_archivist_proposes_the_chair_approves_and_the_archivist_executes_through_the_api(office, monkeypatch):
    dossier = filled("04.NC")
    close_years_ago(monkeypatch, dossier)
    archivist, chair = _client(office, "luutru"), _client(office, "chutich")

    due = archivist.get("/api/v1/archive/disposals/due")
    assert due.status_code == 200 and [d["id"] for d in due.get_json()["items"]] == [dossier.id]
    created = archivist.post("/api/v1/archive/disposals", json={"dossier_ids": [dossier.id], "title": "Hủy hồ sơ khiếu nại"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["status"], body["status_label"], body["title"]) == ("proposed", "Chờ phê duyệt", "Hủy hồ sơ khiếu nại")
    assert [d["code"] for d in body["dossiers"]] == [dossier.code] and body["record_id"] is None
    listing = f"/api/v1/archive/disposals/{body['id']}"
    assert [item["id"] for item in chair.get("/api/v1/archive/disposals").get_json()["items"]] == [body["id"]]
    assert archivist.get("/api/v1/archive/disposals/due").get_json()["items"] == [], "a pending dossier is not due again"

    assert archivist.post(f"{listing}/approve", json={}).status_code == 403
    approved = chair.post(f"{listing}/approve", json={"note": "Đồng ý theo đề nghị của Hội đồng"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "approved" and approved.get_json()["reason"] == "Đồng ý theo đề nghị của Hội đồng"
    again = chair.post(f"{listing}/refuse", json={"reason": "Đổi ý"})
    assert again.status_code == 400 and "không phê duyệt lại được" in again.get_json()["error"]["message"]

    assert chair.post(f"{listing}/execute").status_code == 403
    executed = archivist.post(f"{listing}/execute")
    assert executed.status_code == 200, executed.get_json()
    result = executed.get_json()
    assert result["status"] == "executed" and result["record_id"] is not None and result["executed_at"]
    assert result["summary"] == {"dossiers": 1, "documents": 1, "blobs_deleted": 1, "blobs_kept_shared": 0}
    assert result["dossiers"][0]["status"] == "destroyed"
    assert archivist.get(listing).get_json()["status"] == "executed"
    twice = archivist.post(f"{listing}/execute")
    assert twice.status_code == 400 and "chỉ danh sách đã được phê duyệt mới được hủy" in twice.get_json()["error"]["message"]


def test_refusals_through_the_api_say_why_and_change_nothing(office, monkeypatch):
    permanent = filled("05.HCTC")
    close_years_ago(monkeypatch, permanent, 80)
    expired = filled("04.NC", number="10")
    close_years_ago(monkeypatch, expired)
    archivist, chair, clerk = _client(office, "luutru"), _client(office, "chutich"), _client(office, "chuyenvien")

    never = archivist.post("/api/v1/archive/disposals", json={"dossier_ids": [permanent.id]})
    assert never.status_code == 400 and "không bao giờ được hủy" in never.get_json()["error"]["message"]
    empty = archivist.post("/api/v1/archive/disposals", json={"dossier_ids": []})
    assert empty.status_code == 400 and "chọn ít nhất một hồ sơ" in empty.get_json()["error"]["message"]
    assert archivist.post("/api/v1/archive/disposals", json={"dossier_ids": [987654]}).status_code == 404
    assert archivist.post("/api/v1/archive/disposals", json={"dossier_ids": ["hai"]}).status_code == 422
    assert clerk.post("/api/v1/archive/disposals", json={"dossier_ids": [expired.id]}).status_code == 403
    assert clerk.get("/api/v1/archive/disposals").status_code == 403
    assert _lists() == 0

    created = archivist.post("/api/v1/archive/disposals", json={"dossier_ids": [expired.id]}).get_json()
    listing = f"/api/v1/archive/disposals/{created['id']}"
    again = archivist.post("/api/v1/archive/disposals", json={"dossier_ids": [expired.id]})
    assert again.status_code == 400 and "đã có trong một danh sách hủy" in again.get_json()["error"]["message"]
    assert archivist.post(f"{listing}/execute").status_code == 400, "not approved yet"
    missing = chair.post(f"{listing}/refuse", json={"reason": "  "})
    assert missing.status_code == 400 and "Hãy ghi lý do" in missing.get_json()["error"]["message"]
    no_field = chair.post(f"{listing}/refuse", json={})
    assert no_field.status_code == 422 and "Lý do không phê duyệt" in str(no_field.get_json())
    assert archivist.get(listing).get_json()["status"] == "proposed", "nothing changed"

    refused = chair.post(f"{listing}/refuse", json={"reason": "Cần thẩm định lại giá trị tài liệu"})
    assert refused.status_code == 200
    assert (refused.get_json()["status"], refused.get_json()["reason"]) == ("refused", "Cần thẩm định lại giá trị tài liệu")
    db.session.expire_all()
    assert expired.status == "closed" and expired.documents[0].files, "the dossier is kept"
    assert [d["id"] for d in archivist.get("/api/v1/archive/disposals/due").get_json()["items"]] == [expired.id]
    assert chair.get("/api/v1/archive/disposals/987654").status_code == 404
    assert chair.post("/api/v1/archive/disposals/987654/approve", json={}).status_code == 404
