"""Documents sent electronically from one unit to another: the recipient clerk registers them
from a pre-filled form, or returns them with a reason; the sender is told either way."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from eoffice.audit.models import AuditEntry
from eoffice.blob_refs import referenced_blobs
from eoffice.db import db
from eoffice.documents import deliveries
from eoffice.documents.models import IncomingDocument, InboundDelivery
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from tests.helpers import csrf_token, login, sample_pdf
from tests.integration.documents.conftest import actor, register_of, unit

SUBJECT = "V/v đề nghị cung cấp danh sách báo cáo viên pháp luật năm 2027"


def send(**changes):  # type: ignore[no-untyped-def]
    values = dict(recipient_unit_id=unit("VP").id, subject=SUBJECT, doc_type="CV", code_number="412",
                  code_notation="STP-VP", issued_date=date(2026, 11, 20), signer_name="Lê Thị Thanh Tâm",
                  signer_position="Phó Giám đốc")
    values.update(changes)
    pdf = sample_pdf(number="412", notation="STP-VP", subject=SUBJECT)
    return deliveries.deliver(actor("giamdocstp"), deliveries.DeliveryInput(**values), (io.BytesIO(pdf), "412-STP-VP.pdf"))


def notices_for(username: str, kind: str) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == actor(username).user_id, Notification.kind == kind)) or 0


def test_the_clerk_registers_a_delivered_document_from_a_prefilled_form(office):
    delivery = send()
    assert delivery.sender_name == "Sở Tư pháp"
    assert notices_for("vanthu", "incoming.delivered") == 1
    assert delivery.files[0].sha256 in referenced_blobs(), "storage gc keeps the files of waiting deliveries"

    clerk = office.test_client()
    login(clerk, "vanthu", "Demo@2026")
    inbox = clerk.get("/incoming/deliveries/").get_data(as_text=True)
    assert SUBJECT in inbox and "412/STP-VP" in inbox
    home = clerk.get("/").get_data(as_text=True)
    assert "Văn bản điện tử chờ tiếp nhận" in home
    assert deliveries.pending_count(actor("vanthu").user) == 1
    assert deliveries.pending_count(actor("chuyenvien").user) == 0, "not a clerk: nothing waits for them"

    opened = clerk.post(f"/incoming/deliveries/{delivery.id}/accept", data={"csrf_token": csrf_token(clerk, "/incoming/deliveries/")})
    assert opened.status_code == 302 and "/incoming/new/" in opened.headers["Location"]
    form_url = opened.headers["Location"]
    form = clerk.get(form_url).get_data(as_text=True)
    for prefilled in ("Sở Tư pháp", "412", "STP-VP", SUBJECT, "Lê Thị Thanh Tâm", 'value="internal" selected'):
        assert prefilled in form, prefilled

    saved = clerk.post(form_url, data={
        "csrf_token": csrf_token(clerk, form_url), "register_id": register_of().id, "channel": "internal",
        "issuer_name": "Sở Tư pháp tỉnh Khánh Hòa", "code_number": "412", "code_notation": "STP-VP",
        "issued_date": "2026-11-20", "doc_type": "CV", "subject": SUBJECT, "urgency": "0", "secrecy": "0",
        "submitted_to_id": actor("chutich").user_id,
    })
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    db.session.expire_all()
    delivery = db.session.get(InboundDelivery, delivery.id)
    doc = db.session.get(IncomingDocument, delivery.document_id)
    assert delivery.status == "registered" and doc.channel == "internal" and doc.number_notation == "412/STP-VP"
    assert doc.main_file.sha256 == delivery.files[0].sha256, "the same stored bytes, not a copy"
    assert notices_for("giamdocstp", "incoming.delivery_registered") == 1
    assert SUBJECT not in clerk.get("/incoming/deliveries/").get_data(as_text=True)
    assert deliveries.pending_count(actor("vanthu").user) == 0

    with pytest.raises(ServiceError, match="đã được vào sổ"):
        deliveries.accept(actor("vanthu"), delivery)


def test_a_wrongly_sent_document_is_returned_with_a_reason_the_sender_sees(office):
    delivery = send()
    with pytest.raises(ServiceError, match="lý do"):
        deliveries.refuse(actor("vanthu"), delivery, "   ")
    deliveries.refuse(actor("vanthu"), delivery, "Văn bản gửi nhầm, đề nghị gửi Sở Nội vụ.")
    assert delivery.status == "refused"
    assert notices_for("giamdocstp", "incoming.delivery_refused") == 1
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "incoming.delivery_refused")) == 1
    with pytest.raises(ServiceError, match="đã được trả lại"):
        deliveries.accept(actor("vanthu"), delivery)


def test_only_the_recipient_units_clerks_may_open_or_return_it(office):
    delivery = send()
    outsider = office.test_client()
    login(outsider, "chuyenvien", "Demo@2026")
    token = csrf_token(outsider, "/")
    assert outsider.post(f"/incoming/deliveries/{delivery.id}/accept", data={"csrf_token": token}).status_code == 403
    assert outsider.post(f"/incoming/deliveries/{delivery.id}/refuse", data={"csrf_token": token, "reason": "x"}).status_code == 403
    assert db.session.get(InboundDelivery, delivery.id).status == "pending"


def test_bad_deliveries_are_refused_and_leave_nothing(office):
    before = db.session.scalar(select(func.count(InboundDelivery.id)))
    with pytest.raises(ServiceError, match="PDF"):
        deliveries.deliver(actor("giamdocstp"), deliveries.DeliveryInput(
            recipient_unit_id=unit("VP").id, subject=SUBJECT, doc_type="CV"), (io.BytesIO(b"PK\x03\x04 zip"), "gia.pdf"))
    with pytest.raises(ServiceError, match="Văn bản mật"):
        send(secrecy=1)
    with pytest.raises(ServiceError, match="chưa có văn thư"):
        send(recipient_unit_id=unit("KT").id)
    with pytest.raises(ServiceError, match="trích yếu"):
        send(subject="  ")
    with pytest.raises(ServiceError, match="ký tự không dùng trong ký hiệu văn bản"):
        send(code_notation="SXD@@QLXD!! <b>x</b>")
    db.session.rollback()
    assert db.session.scalar(select(func.count(InboundDelivery.id))) == before


def test_a_delivery_keeps_the_notation_in_the_spelling_registration_uses(office):
    delivery = send(code_number="05", code_notation="2018/ttlt – vkstc-tatc")
    assert delivery.metadata_["code_number"] == "05"
    assert delivery.metadata_["code_notation"] == "2018/TTLT-VKSTC-TATC"


def test_the_audit_log_keeps_no_subject_or_refusal_reason_of_a_delivery(office):
    delivery = send()
    deliveries.refuse(actor("vanthu"), delivery, "Văn bản gửi nhầm, đề nghị gửi Sở Nội vụ.")
    summaries = json.dumps([e.summary for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "incoming_delivery"))], ensure_ascii=False)
    assert "báo cáo viên" not in summaries and "gửi nhầm" not in summaries
    assert '"sha256"' in summaries, "a fingerprint proves the text unchanged"


def test_the_send_page_refuses_bad_fields_with_vietnamese_messages_and_keeps_what_was_typed(office):
    client = office.test_client()
    login(client, "giamdocstp", "Demo@2026")
    token = csrf_token(client, "/incoming/deliveries/new")
    before = db.session.scalar(select(func.count(InboundDelivery.id)))
    response = client.post("/incoming/deliveries/new", data={
        "csrf_token": token, "recipient_unit_id": "99999999999", "subject": SUBJECT, "doc_type": "CV",
        "issued_date": "30/02/2026", "urgency": "x",
        "main": (io.BytesIO(sample_pdf(number="412", notation="STP-VP")), "412.pdf"),
    }, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Đơn vị nhận phải nhỏ hơn hoặc bằng" in html and "Ngày văn bản “30/02/2026” không phải là ngày có thật" in html
    assert "Độ khẩn phải là số nguyên" in html
    assert SUBJECT in html, "what was typed stays in the form"
    assert db.session.scalar(select(func.count(InboundDelivery.id))) == before


def test_the_api_sends_lists_opens_and_registers_a_delivery(office, operator):
    from eoffice.auth import service as accounts

    sender_token, _ = accounts.create_token(operator, actor("giamdocstp").user, "gửi")
    clerk_token, _ = accounts.create_token(operator, actor("vanthu").user, "nhận")
    client = office.test_client()
    meta = {"recipient_unit_id": unit("VP").id, "subject": SUBJECT, "doc_type": "CV", "code_number": "412",
            "code_notation": "STP-VP", "issued_date": "2026-11-20"}
    sent = client.post("/api/v1/incoming/deliveries", headers={"Authorization": f"Bearer {sender_token}"},
                       data={"metadata": json.dumps(meta), "main": (io.BytesIO(sample_pdf(number="412")), "412.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 201, sent.json
    clerk = {"Authorization": f"Bearer {clerk_token}"}
    listed = client.get("/api/v1/incoming/deliveries", headers=clerk).json["items"]
    assert [d["id"] for d in listed] == [sent.json["id"]]
    opened = client.post(f"/api/v1/incoming/deliveries/{sent.json['id']}/accept", headers=clerk).json
    assert opened["prefill"]["channel"] == "internal" and opened["prefill"]["issuer_name"] == "Sở Tư pháp"
    registered = client.post("/api/v1/incoming", headers=clerk, json={
        **{k: v for k, v in opened["prefill"].items() if k in ("issuer_name", "code_number", "code_notation", "issued_date",
                                                                "doc_type", "subject", "channel")},
        "register_id": register_of().id, "main_token": opened["main_token"],
    })
    assert registered.status_code == 201, registered.json
    assert client.get("/api/v1/incoming/deliveries", headers=clerk).json["items"] == []


def test_a_delivery_opened_twice_is_registered_only_once(office):
    from eoffice.documents import registration

    delivery = send()
    first, second = deliveries.accept(actor("vanthu"), delivery), deliveries.accept(actor("vanthu"), delivery)

    def register(staged):  # type: ignore[no-untyped-def]
        return registration.register_document(actor("vanthu"), registration.RegistrationInput(
            register_id=register_of().id, issuer_name="Sở Tư pháp", doc_type="CV", subject=SUBJECT,
            code_number="412", code_notation="STP-VP", channel="internal", main_token=staged[0].token,
            confirm_duplicate=True,
        ))

    register(first)
    with pytest.raises(ServiceError, match="vào sổ"):
        register(second)
    db.session.rollback()
    assert db.session.scalar(select(func.count(IncomingDocument.id)).where(IncomingDocument.code_number == "412")) == 1
