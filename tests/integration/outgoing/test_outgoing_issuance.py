"""Issuance: the number comes from the outgoing register at issuance (per agency, per year, a
confidential series of its own, Decree 30 notation), in one transaction with the sending —
so issuing twice or failing halfway takes no number; internal recipients receive it at once
as an incoming delivery, outside organisations get one outbox event each; recall freezes it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eoffice.db import db
from eoffice.documents import deliveries, routing
from eoffice.documents.models import IncomingDocument, InboundDelivery
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from eoffice.outbox.models import OutboxEvent
from eoffice.outgoing import approval, issuance
from eoffice.outgoing.models import OutgoingCounter, OutgoingDocument
from eoffice.outgoing.schemas import CommentIn, ReasonIn
from tests.integration.documents.conftest import actor, register_new, unit
from tests.integration.outgoing.conftest import SUBJECT, new_draft, signed_draft

ORG = {"name": "Bộ Nội vụ", "code": "000.00.00.G12"}


def counter(confidential: bool = False) -> int:
    return db.session.scalar(select(OutgoingCounter.last_number).where(
        OutgoingCounter.agency_unit_id == unit("UBND").id, OutgoingCounter.confidential.is_(confidential))) or 0


def test_issuing_numbers_the_document_per_decree_30_and_delivers_it_inside_at_once(office):
    doc = signed_draft(attachment_tokens=[])
    issuance.issue(actor("vanthu"), doc)
    assert doc.status == "issued" and doc.number == 1 and doc.notation == "01/UBND-KT"
    recipient = doc.recipients[0]
    assert recipient.status == "sent" and recipient.delivery_id is not None
    delivery = db.session.get(InboundDelivery, recipient.delivery_id)
    assert delivery.recipient_unit.short_name == "STP" and delivery.status == "pending"
    assert delivery.metadata_["code_number"] == "01" and delivery.metadata_["code_notation"] == "UBND-KT"
    assert delivery.files[0].sha256 == doc.signed_file.stored.sha256
    assert deliveries.pending_count(actor("chuyenvienstp").user) == 1

    second = signed_draft(doc_type="QĐ", subject="Quyết định ban hành quy chế làm việc")
    issuance.issue(actor("vanthu"), second)
    assert second.notation == "02/QĐ-UBND", "one series per agency, whatever the type"


def test_issuing_twice_takes_no_second_number(office):
    doc = signed_draft()
    issuance.issue(actor("vanthu"), doc)
    with pytest.raises(ServiceError, match="đã được ban hành với số 01/UBND-KT"):
        issuance.issue(actor("vanthu"), doc)
    assert counter() == 1


def test_a_failure_halfway_through_issuance_gives_the_number_back(office):
    doc = signed_draft(recipient_unit_ids=[unit("STC").id])  # Sở Tài chính has no clerk to receive it
    with pytest.raises(ServiceError, match="chưa có văn thư"):
        issuance.issue(actor("vanthu"), doc)
    db.session.expire_all()
    doc = db.session.get(OutgoingDocument, doc.id)
    assert doc.status == "signed" and doc.number is None and counter() == 0
    other = signed_draft()
    issuance.issue(actor("vanthu"), other)
    assert other.number == 1, "the number the failed issuance took was given back"


def test_confidential_documents_have_their_own_series_and_go_on_paper(office):
    ordinary = signed_draft()
    issuance.issue(actor("vanthu"), ordinary)
    secret = signed_draft(secrecy=1, subject="Báo cáo tình hình an ninh chính trị nội bộ")
    issuance.issue(actor("vanthu"), secret)
    assert (secret.number, secret.confidential_series, secret.notation) == (1, True, "01/UBND-KT")
    assert [r.status for r in secret.recipients] == ["paper"]
    assert counter(False) == 1 and counter(True) == 1
    assert db.session.scalar(select(func.count(InboundDelivery.id))) == 1, "nothing confidential crossed the network"


def test_each_outside_organisation_gets_one_outbox_event_and_one_without_a_code_is_refused(office):
    with pytest.raises(ServiceError, match="Bộ Tư pháp.*chưa có mã định danh"):
        new_draft(external_recipients=[{"name": "Bộ Tư pháp", "code": ""}])
    with pytest.raises(ServiceError, match="không hợp lệ"):
        new_draft(external_recipients=[{"name": "Bộ Tư pháp", "code": "BTP 01"}])
    doc = signed_draft(recipient_unit_ids=[], external_recipients=[ORG, {"name": "Bộ Tài chính", "code": "000.00.00.G09"}])
    issuance.issue(actor("vanthu"), doc)
    sent = db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == issuance.EXTERNAL_TOPIC).order_by(OutboxEvent.id)).all()
    assert [e.payload["to"]["organ_id"] for e in sent] == ["000.00.00.G12", "000.00.00.G09"]
    assert sent[0].payload["code"] == {"number": "01", "notation": "UBND-KT"} and sent[0].payload["subject"] == SUBJECT
    assert sent[0].payload["file_sha256"] == doc.signed_file.stored.sha256
    assert [r.status for r in doc.recipients] == ["sent", "sent"]


def test_only_the_issuing_agencys_clerk_issues(office):
    from eoffice.auth.permissions import PermissionDenied

    doc = signed_draft()
    with pytest.raises(PermissionDenied):
        issuance.issue(actor("chuyenvienstp"), doc)  # a clerk, but of another agency
    with pytest.raises(ServiceError, match="chưa được lãnh đạo ký"):
        issuance.issue(actor("vanthu"), new_draft())


def test_issuing_a_reply_completes_the_incoming_document_it_answers(office):
    incoming = register_new()
    routing.route(actor("chutich"), incoming, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì trả lời.", lead=routing.UnitTarget(unit("KT").id)))
    from eoffice.outgoing.queries import answerable

    assert [item.id for item in answerable(actor("chuyenvien").user)] == [incoming.id], "offered on the draft form"
    doc = signed_draft(answers_incoming_id=incoming.id)
    assert doc.answers_incoming_id == incoming.id
    issuance.issue(actor("vanthu"), doc)
    db.session.expire_all()
    incoming = db.session.get(IncomingDocument, incoming.id)
    assert incoming.status == "done" and incoming.result.startswith("Đã trả lời bằng văn bản số 01/UBND-KT")
    assert all(not a.is_open for a in incoming.assignments if a.role == "lead")


def test_a_draft_cannot_answer_an_incoming_document_its_drafter_may_not_read(office):
    incoming = register_new()  # not routed: only the clerk and the chairperson read it
    with pytest.raises(ServiceError, match="Không tìm thấy văn bản đến"):
        new_draft(answers_incoming_id=incoming.id)


def test_recall_freezes_the_document_and_tells_the_receivers(office):
    doc = signed_draft(external_recipients=[ORG])
    issuance.issue(actor("vanthu"), doc)
    with pytest.raises(ServiceError, match="lý do"):
        issuance.recall(actor("vanthu"), doc, ReasonIn(reason=""))
    issuance.recall(actor("vanthu"), doc, ReasonIn(reason="Sai số liệu tại phụ lục"))
    assert doc.status == "recalled" and {r.status for r in doc.recipients} == {"recalled"}
    delivery = db.session.get(InboundDelivery, doc.recipients[0].delivery_id)
    assert delivery.status == "recalled", "withdrawn from the receiver's queue"
    assert deliveries.pending_count(actor("chuyenvienstp").user) == 0
    notices = db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == actor("chuyenvienstp").user_id, Notification.kind == "outgoing.recalled"))
    assert notices == 1
    recalls = db.session.scalars(select(OutboxEvent.payload).where(OutboxEvent.topic == issuance.RECALL_TOPIC)).all()
    assert [p["organ_id"] for p in recalls] == ["000.00.00.G12"]
    with pytest.raises(ServiceError):
        approval.comment(actor("vanthu"), doc, CommentIn(text="thêm ý kiến"))
    with pytest.raises(ServiceError):
        issuance.recall(actor("vanthu"), doc, ReasonIn(reason="lần nữa"))
