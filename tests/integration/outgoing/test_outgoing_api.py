"""The outgoing API: what the pages do, through the same services and pydantic models — 201 on
create, 422 naming each bad field in Vietnamese, the service's own refusals as clear errors."""
from __future__ import annotations

import io

import pytest

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.outgoing import issuance
from eoffice.outgoing.models import OutgoingDocument
from eoffice.db import db
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor, unit
from tests.integration.outgoing.conftest import CHAIN, SUBJECT, append_signature


def api_client(app, username: str):  # type: ignore[no-untyped-def]
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user(username), "thử")
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def drafter(office):  # type: ignore[no-untyped-def]
    return api_client(office, "chuyenvien")


def upload(client) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/outgoing/uploads", data={"main": "1", "file": (io.BytesIO(sample_pdf(subject=SUBJECT)), "du-thao.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json["token"]


def body(token: str, **changes):  # type: ignore[no-untyped-def]
    values = {"doc_type": "CV", "subject": SUBJECT, "signer_id": actor("chutich").user_id, "authority": "TM.",
              "recipient_unit_ids": [unit("STP").id], "main_token": token}
    values.update(changes)
    return values


def test_bad_fields_answer_422_with_vietnamese_messages(drafter):
    response = drafter.post("/api/v1/outgoing", json={"doc_type": "CV", "authority": "QL.", "urgency": 9,
                                                      "external_recipients": [{"code": "000.00.00.G12"}]})
    assert response.status_code == 422
    details = response.json["error"]["details"]
    assert "Trích yếu" in details["subject"] and "thiếu" in details["subject"]
    assert "Thẩm quyền ký" in details["authority"] and "TM." in details["authority"]
    assert "Độ khẩn" in details["urgency"]
    assert "Tên cơ quan nhận bên ngoài" in details["external_recipients.0.name"]


def test_an_outside_recipient_without_a_code_is_refused_with_a_clear_message(drafter):
    response = drafter.post("/api/v1/outgoing", json=body(upload(drafter), external_recipients=[{"name": "Bộ Tư pháp"}]))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "recipient_without_code"
    assert "Bộ Tư pháp" in response.json["error"]["message"] and "mã định danh" in response.json["error"]["message"]


def test_a_draft_is_created_approved_and_issued_through_the_api(office, drafter):
    created = drafter.post("/api/v1/outgoing", json=body(upload(drafter)))
    assert created.status_code == 201, created.get_data(as_text=True)
    doc_id = created.json["id"]
    assert created.json["status"] == "draft" and created.json["files"][0]["role"] == "version"
    assert drafter.post(f"/api/v1/outgoing/{doc_id}/submit").json["status"] == "in_review"
    refused = api_client(office, "truongphong").post(f"/api/v1/outgoing/{doc_id}/return", json={"reason": ""})
    assert refused.status_code == 400 and "lý do" in refused.json["error"]["message"]
    for username in CHAIN:
        answer = api_client(office, username).post(f"/api/v1/outgoing/{doc_id}/approve", json={"comment": "Đồng ý"})
        assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.json["status"] == "approved" and len(answer.json["approved_sha256"]) == 64
    issuance.sign(actor("chutich"), db.session.get(OutgoingDocument, doc_id), append_signature)
    clerk = api_client(office, "vanthu")
    issued = clerk.post(f"/api/v1/outgoing/{doc_id}/issue")
    assert issued.status_code == 200 and issued.json["notation"] == "01/UBND-KT"
    assert [h["kind"] for h in issued.json["history"]][-1] == "issued"
    assert "issued" in [f["role"] for f in issued.json["files"]], "the number is stamped into the PDF, as on the page"
    again = clerk.post(f"/api/v1/outgoing/{doc_id}/issue")
    assert again.status_code == 400 and "không ban hành lại" in again.json["error"]["message"]
    rows = clerk.get("/api/v1/outgoing/register").json["items"]
    assert [r["notation"] for r in rows] == ["01/UBND-KT"]
    assert drafter.get(f"/api/v1/outgoing/{doc_id}").status_code == 200
    assert api_client(office, "giamdocstp").get(f"/api/v1/outgoing/{doc_id}").status_code == 403
