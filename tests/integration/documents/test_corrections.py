"""The register's clerks correct a registered document's details: the history shows each
field before and after, the audit keeps it, lists and search find the new text, a change of
secrecy refreshes who may read."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from eoffice.audit.models import AuditEntry
from eoffice.auth.permissions import PermissionDenied
from eoffice.db import db
from eoffice.documents import corrections, queries
from eoffice.work.models import WorkReader
from eoffice.errors import ServiceError
from eoffice.outbox.models import OutboxEvent
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, register_new, register_of


def test_a_correction_keeps_before_and_after_and_the_lists_find_the_new_text(office):
    doc = register_new(code_number="15", subject="Về việc phê duyệt kế hoạch cải cách hành chính năm 2027")
    data = replace(corrections.current_values(doc), subject="Về việc phê duyệt kế hoạch chuyển đổi số năm 2027",
                   code_number="16", urgency=1, page_count=3)
    indexed_before = db.session.scalar(select(db.func.count(OutboxEvent.id)))
    changed = corrections.correct_document(actor("vanthu"), doc, data)
    assert set(changed) == {"Trích yếu", "Số", "Độ khẩn", "Số trang"}
    assert changed["Độ khẩn"] == ("Thường", "Khẩn")
    event = doc.events[-1]
    assert event.kind == "corrected" and "Số: 15 → 16" in event.text
    assert event.data["changes"]["code_number"] == {"before": "15", "after": "16"}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "incoming.corrected")).one()
    assert entry.summary["changes"]["subject"]["before"].endswith("cải cách hành chính năm 2027")
    assert db.session.scalar(select(db.func.count(OutboxEvent.id))) > indexed_before, "search re-indexed"
    _, rows = queries.listing(actor("vanthu").user, "tat_ca", queries.Filters(q="chuyen doi so"))
    assert [d.id for d, _ in rows] == [doc.id]
    _, rows = queries.listing(actor("vanthu").user, "tat_ca", queries.Filters(q="cai cach hanh chinh"))
    assert rows == []

    with pytest.raises(ServiceError) as info:
        corrections.correct_document(actor("vanthu"), doc, corrections.current_values(doc))
    assert info.value.code == "nothing_changed"


def test_only_the_registers_clerks_correct_and_bad_values_are_refused(office):
    doc = register_new()
    with pytest.raises(PermissionDenied):
        corrections.correct_document(actor("chanhvanphong"), doc, replace(corrections.current_values(doc), subject="Khác"))
    for change, code in ((dict(subject=" "), "missing_subject"), (dict(doc_type="XX"), "invalid_doc_type"),
                         (dict(page_count=0), "invalid_page_count"), (dict(secrecy=1), "secrecy_needs_other_register")):
        with pytest.raises(ServiceError) as info:
            corrections.correct_document(actor("vanthu"), doc, replace(corrections.current_values(doc), **change))
        assert info.value.code == code
        db.session.rollback()
    db.session.expire_all()
    assert doc.events[-1].kind != "corrected", "nothing was saved"


def test_a_secrecy_change_in_the_confidential_register_refreshes_the_readers(office):
    doc = register_new(register_id=register_of(confidential=True).id, secrecy=1)
    corrections.correct_document(actor("vanthu"), doc, replace(corrections.current_values(doc), secrecy=2))
    assert doc.secrecy == 2 and doc.events[-1].data["changes"]["secrecy"] == {"before": 1, "after": 2}
    readers = set(db.session.scalars(select(WorkReader.principal).where(WorkReader.work_item_id == doc.id)))
    assert "role:chu_tich" not in readers and f"user:{actor('chutich').user_id}" in readers


def test_the_correction_form_saves_and_shows_errors_without_losing_input(office):
    doc = register_new()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert 'data-testid="correct-link"' in page
    form = client.get(f"/incoming/{doc.id}/edit")
    assert form.status_code == 200 and "Sở Nội vụ tỉnh Khánh Hòa" in form.get_data(as_text=True)
    values = {"csrf_token": csrf_token(client, f"/incoming/{doc.id}/edit"), "issuer_name": "Sở Nội vụ",
              "doc_type": "QĐ", "subject": doc.subject, "code_number": "15", "code_notation": "QĐ-SNV",
              "issued_date": doc.issued_date.isoformat(), "urgency": "0", "secrecy": "0", "channel": "paper"}
    bad = client.post(f"/incoming/{doc.id}/edit", data={**values, "issued_date": "32/13/2026"})
    assert bad.status_code == 400 and "không phải là ngày có thật" in bad.get_data(as_text=True)
    assert 'value="Sở Nội vụ"' in bad.get_data(as_text=True), "what was typed is kept"
    saved = client.post(f"/incoming/{doc.id}/edit", data=values)
    assert saved.status_code == 302
    db.session.expire_all()
    assert doc.issuer_name == "Sở Nội vụ"
    assert "Sở Nội vụ tỉnh Khánh Hòa → Sở Nội vụ" in client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    other = office.test_client()
    login(other, "truongphong", "Demo@2026")
    assert other.get(f"/incoming/{doc.id}/edit").status_code == 403


def test_a_correction_checks_so_and_ky_hieu_as_registration_does(office):
    doc = register_new(code_number="15", code_notation="SXD-QLN")
    with pytest.raises(ServiceError) as info:
        corrections.correct_document(actor("vanthu"), doc, replace(corrections.current_values(doc), code_notation="SXD@@QLXD!! <b>x</b>"))
    assert "'@'" in info.value.message
    db.session.rollback()
    corrections.correct_document(actor("vanthu"), doc, replace(
        corrections.current_values(doc), code_number="02", code_notation=" 2018 / ttlt - vkstc - tatc - bca - bqp - btc - bnn&ptnt ",
        doc_type="TTLT"))
    db.session.expire_all()
    assert doc.number_notation == "2/2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT", "kept whole, in the Decree 30 spelling"


def test_the_correction_form_clears_a_field_left_blank_and_keeps_the_ones_not_on_it(office):
    doc = register_new(signer_name="Nguyễn Văn A")
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    values = {"csrf_token": csrf_token(client, f"/incoming/{doc.id}/edit"), "issuer_name": doc.issuer_name,
              "doc_type": doc.doc_type, "subject": doc.subject, "code_number": doc.code_number or "",
              "code_notation": doc.code_notation or "", "signer_name": "", "urgency": "0", "secrecy": "0", "channel": "paper"}
    assert client.post(f"/incoming/{doc.id}/edit", data=values).status_code == 302
    db.session.expire_all()
    assert doc.signer_name == "" and doc.issued_date is not None, "a blank field clears; one not posted stays"
