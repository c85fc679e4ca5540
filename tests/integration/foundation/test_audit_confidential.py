"""The audit log, read by administrators, holds no words of the work: a confidential document's
comments, steering opinion and subject never reach the audit page or the audit API."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.audit import service as audit
from eoffice.audit.models import AuditEntry
from eoffice.db import db
from eoffice.documents import processing, routing
from tests.helpers import login
from tests.integration.documents.conftest import actor, register_new, register_of, unit

SUBJECT = "Phương án bảo vệ đoàn khách quốc tế tại hội nghị"
OPINION = "Phòng Nội chính chủ trì, giữ bí mật tuyệt đối về lộ trình."
COMMENT = "Đề nghị bố trí lực lượng tại cổng số 3 lúc 6 giờ sáng."


@pytest.fixture
def office(app):
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    return app


def secret_document_with_comment():
    secret = register_new(code_number="7", register_id=register_of(confidential=True).id, secrecy=2, subject=SUBJECT)
    routing.route(actor("chutich"), secret, routing.SteeringInput(opinion=OPINION, lead=routing.UnitTarget(unit("NC").id)))
    processing.comment(actor("truongphongnc"), secret, COMMENT)
    return secret


def test_the_admin_sees_no_comment_opinion_or_subject_of_a_confidential_document(office, operator):
    from eoffice.auth import service as accounts

    secret = secret_document_with_comment()
    admin = office.test_client()
    login(admin, "quantri", "Demo@2026")
    assert admin.get(f"/incoming/{secret.id}").status_code == 403
    page = admin.get("/admin/audit").get_data(as_text=True)
    token, _ = accounts.create_token(operator, actor("quantri").user, "kiểm thử")
    api = office.test_client().get("/api/v1/audit?per_page=100", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    for words in (COMMENT, OPINION, SUBJECT, "cổng số 3", "lộ trình"):
        assert words not in page, words
        assert words not in api.get_data(as_text=True), words
    kinds = {e["action"] for e in api.json["items"] if e["object_type"] == "incoming"}
    assert {"incoming.registered", "incoming.routed", "incoming.comment"} <= kinds, "the events are still logged"
    audit.seal()
    assert audit.verify().ok


def test_the_audit_entry_keeps_a_fingerprint_that_proves_the_history_text_unchanged(office):
    secret = secret_document_with_comment()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "incoming.comment",
                                                       AuditEntry.object_id == str(secret.id)))
    assert entry.summary["text"] == audit.fingerprint(COMMENT)
    assert entry.summary["confidential"] is True
    assert COMMENT not in str(entry.summary)


def test_an_ordinary_documents_comment_text_is_not_copied_into_the_audit_log_either(office):
    doc = register_new(code_number="8")
    routing.route(actor("chutich"), doc, routing.SteeringInput(opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id)))
    processing.comment(actor("truongphong"), doc, COMMENT)
    summaries = [str(e.summary) for e in db.session.scalars(select(AuditEntry).where(AuditEntry.object_id == str(doc.id)))]
    assert summaries and not any(COMMENT in s for s in summaries)
