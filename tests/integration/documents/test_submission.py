"""Documents registered without a leader are not lost: the "Chưa trình" queue holds them for the
register's clerks and the office chief until one presents them; a chairperson passes a document
to another leader; the chairperson follows what they directed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.permissions import PermissionDenied
from eoffice.db import db, utcnow
from eoffice.documents import queries, routing, submission
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, register_new, unit


def counts(username: str) -> dict[str, int]:
    db.session.expire_all()
    return queries.counts(actor(username).user)


def notices(username: str, kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == actor(username).user_id, Notification.kind == kind)))


def test_a_document_registered_without_a_leader_waits_in_the_not_presented_queue_until_presented(office):
    doc = register_new(submitted_to_id=None)
    assert counts("vanthu")["chua_trinh"] == 1
    assert counts("chanhvanphong")["chua_trinh"] == 1
    assert counts("chutich")["cho_chi_dao"] == 0, "nobody's steering queue holds it yet"
    assert "chua_trinh" not in queries.tabs_for(actor("chutich").user)

    submission.submit(actor("vanthu"), doc, actor("chutich").user_id, "Kính trình đồng chí Chủ tịch.")
    assert counts("vanthu")["chua_trinh"] == 0 and counts("chanhvanphong")["chua_trinh"] == 0
    assert counts("chutich")["cho_chi_dao"] == 1
    assert doc.events[-1].kind == "submitted" and "Đặng Quốc Hùng" in doc.events[-1].text
    assert len(notices("chutich", "incoming.submitted")) == 1

    with pytest.raises(PermissionDenied):
        submission.submit(actor("vanthu"), doc, actor("phochutich").user_id)


def test_only_the_registers_clerks_and_the_office_chief_may_present_and_a_leader_must_be_chosen(office):
    doc = register_new(submitted_to_id=None)
    with pytest.raises(PermissionDenied):
        submission.submit(actor("truongphong"), doc, actor("chutich").user_id)
    with pytest.raises(ServiceError) as info:
        submission.submit(actor("chanhvanphong"), doc, None)
    assert info.value.code == "missing_leader"
    with pytest.raises(ServiceError) as info:
        submission.submit(actor("chanhvanphong"), doc, actor("chuyenvien").user_id)
    assert info.value.code == "not_a_leader"
    db.session.rollback()
    submission.submit(actor("chanhvanphong"), doc, actor("phochutich").user_id)
    assert counts("phochutich")["cho_chi_dao"] == 1


def test_the_clerk_presents_from_the_document_page_and_the_home_page_counts_the_queue(office):
    doc = register_new(submitted_to_id=None)
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    home = client.get("/").get_data(as_text=True)
    assert "Văn bản chưa trình lãnh đạo" in home
    listing = client.get("/incoming/", query_string={"tab": "chua_trinh"}).get_data(as_text=True)
    assert doc.subject in listing
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert 'data-testid="submit-form"' in page
    response = client.post(f"/incoming/{doc.id}/submit", data={
        "csrf_token": csrf_token(client, f"/incoming/{doc.id}"), "leader_id": actor("chutich").user_id})
    assert response.status_code == 302
    db.session.expire_all()
    assert doc.submitted_to_id == actor("chutich").user_id
    refused = client.post(f"/incoming/{doc.id}/submit", data={
        "csrf_token": csrf_token(client, f"/incoming/{doc.id}"), "leader_id": "abc"})
    # A bad value is a message on the re-rendered page (as every form of the document page), not a 500.
    assert refused.status_code == 400 and "Lãnh đạo" in refused.get_data(as_text=True)


def test_the_chairperson_passes_a_document_to_the_vice_chairperson_who_is_told(office):
    doc = register_new()
    with pytest.raises(PermissionDenied):
        submission.refer_to_leader(actor("phochutich"), doc, actor("chutich").user_id)
    with pytest.raises(ServiceError) as info:
        submission.refer_to_leader(actor("chutich"), doc, actor("chanhvanphong").user_id)
    assert info.value.code == "not_a_leader"
    db.session.rollback()

    submission.refer_to_leader(actor("chutich"), doc, actor("phochutich").user_id, "Đề nghị đồng chí cho ý kiến.")
    assert counts("chutich")["cho_chi_dao"] == 0 and counts("phochutich")["cho_chi_dao"] == 1
    event = doc.events[-1]
    assert event.kind == "referred" and event.data["to"] == actor("phochutich").user_id
    assert event.data["from"] == actor("chutich").user_id
    assert len(notices("phochutich", "incoming.referred")) == 1
    routing.route(actor("phochutich"), doc, routing.SteeringInput(opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id)))
    assert doc.status == "in_progress"


def test_the_chairpersons_directed_queue_lists_what_is_in_progress_overdue_first(office):
    late, later, other = (register_new(code_number=n, subject=s) for n, s in (
        ("21", "Về việc xử lý sạt lở bờ biển"), ("22", "Về việc kiểm tra an toàn hồ đập"), ("23", "Về việc chuẩn bị Tết")))
    for doc in (late, later, other):
        routing.route(actor("chutich"), doc, routing.SteeringInput(opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id)))
    late.lead_assignment.deadline = utcnow() - timedelta(days=1)
    later.lead_assignment.deadline = utcnow() + timedelta(days=3)
    db.session.commit()
    from eoffice.documents import processing

    processing.close_document(actor("truongphong"), other, "Đã xong.")
    assert counts("chutich")["da_chi_dao"] == 2, "done documents leave the queue"
    assert counts("phochutich")["da_chi_dao"] == 0, "only what this leader directed"
    _, rows = queries.listing(actor("chutich").user, "da_chi_dao", queries.Filters())
    assert [d.id for d, _ in rows] == [late.id, later.id]

    client = office.test_client()
    login(client, "chutich", "Demo@2026")
    assert "Việc tôi đã chỉ đạo" in client.get("/").get_data(as_text=True)
    html = client.get("/incoming/", query_string={"tab": "da_chi_dao"}).get_data(as_text=True)
    assert html.index(late.subject) < html.index(later.subject)
    assert "Quá hạn" in html


def test_the_api_presents_refers_and_corrects(office):
    from eoffice.auth import service as accounts

    doc = register_new(submitted_to_id=None)

    def client_for(username: str):
        token, _ = accounts.create_token(Actor.operator("kiểm thử"), actor(username).user, "kiểm thử")
        client = office.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    clerk, chair = client_for("vanthu"), client_for("chutich")
    assert clerk.get("/api/v1/incoming", query_string={"tab": "chua_trinh"}).json["total"] == 1
    bad = clerk.post(f"/api/v1/incoming/{doc.id}/submit", json={"leader_id": "x"})
    assert bad.status_code == 422 and "leader_id" in bad.json["error"]["details"]
    presented = clerk.post(f"/api/v1/incoming/{doc.id}/submit", json={"leader_id": actor("chutich").user_id})
    assert presented.status_code == 200 and presented.json["submitted_to_id"] == actor("chutich").user_id
    referred = chair.post(f"/api/v1/incoming/{doc.id}/refer", json={"leader_id": actor("phochutich").user_id})
    assert referred.status_code == 200 and referred.json["submitted_to_id"] == actor("phochutich").user_id
    corrected = clerk.put(f"/api/v1/incoming/{doc.id}/details", json={"subject": "Về việc sửa đổi kế hoạch năm 2027"})
    assert corrected.status_code == 200 and list(corrected.json["changes"]) == ["Trích yếu"]
    refused = chair.put(f"/api/v1/incoming/{doc.id}/details", json={"subject": "Khác"})
    assert refused.status_code == 403
