"""A draft goes up its approval chain, is signed on exactly the approved bytes, numbered from
the outgoing register and issued; every step is in its history (the core's)."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from eoffice.audit.models import AuditEntry
from eoffice.auth.permissions import PermissionDenied
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.outgoing import approval, issuance
from eoffice.outgoing.models import OutgoingDocument
from eoffice.outgoing.schemas import ApproveIn, CommentIn, ReasonIn
from eoffice.work.models import WorkEvent, WorkReader
from tests.integration.documents.conftest import actor, unit
from tests.integration.outgoing.conftest import CHAIN, append_signature, approved_draft, new_draft, pyhanko_signer


def events(doc: OutgoingDocument) -> list[str]:
    return list(db.session.scalars(select(WorkEvent.kind).where(WorkEvent.work_item_id == doc.id).order_by(WorkEvent.id)))


def test_a_draft_goes_through_each_step_of_its_chain_in_order(office):
    doc = new_draft()
    assert doc.status == "draft" and doc.agency.short_name == "UBND" and doc.owner_unit.short_name == "KT"
    approval.submit(actor("chuyenvien"), doc)
    assert doc.status == "in_review" and doc.chain == [actor(u).user_id for u in CHAIN]
    with pytest.raises(PermissionDenied):
        approval.approve(actor("chutich"), doc, ApproveIn())  # not yet their step
    for position, username in enumerate(CHAIN, start=1):
        assert doc.current_approver_id == actor(username).user_id
        approval.approve(actor(username), doc, ApproveIn(comment=f"Đồng ý bước {position}"))
    assert doc.status == "approved"
    assert doc.approved_sha256 == doc.current_version.stored.sha256
    assert events(doc) == ["drafted", "submitted", "approved", "approved", "approved"]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(doc.id))).all()
    assert "outgoing.approved" in actions and "outgoing.drafted" in actions
    readers = set(db.session.scalars(select(WorkReader.principal).where(WorkReader.work_item_id == doc.id)))
    assert {f"user:{actor(u).user_id}" for u in (*CHAIN, "chuyenvien")} <= readers


def test_returning_needs_a_reason_and_sends_the_draft_back_to_its_drafter(office):
    doc = new_draft()
    approval.submit(actor("chuyenvien"), doc)
    approval.approve(actor("truongphong"), doc, ApproveIn())
    with pytest.raises(ServiceError, match="lý do"):
        approval.return_draft(actor("chanhvanphong"), doc, ReasonIn(reason="   "))
    assert doc.status == "in_review"
    approval.return_draft(actor("chanhvanphong"), doc, ReasonIn(reason="Bổ sung số liệu quý IV"))
    assert doc.status == "returned" and doc.step == 0
    returned = db.session.scalars(select(WorkEvent).where(WorkEvent.work_item_id == doc.id, WorkEvent.kind == "returned")).one()
    assert returned.text == "Bổ sung số liệu quý IV"
    approval.submit(actor("chuyenvien"), doc)  # starts again at the first step
    assert doc.current_approver_id == actor("truongphong").user_id


def test_an_approver_comments_without_moving_the_draft(office):
    doc = new_draft()
    approval.submit(actor("chuyenvien"), doc)
    approval.comment(actor("truongphong"), doc, CommentIn(text="Cần dẫn chiếu Kế hoạch số 12/KH-UBND"))
    assert doc.status == "in_review" and doc.step == 0
    with pytest.raises(PermissionDenied):
        approval.comment(actor("giamdocstp"), doc, CommentIn(text="không được xem"))


def test_the_signer_signs_the_approved_version_with_pyhanko(office):
    doc = approved_draft()
    signed = issuance.sign(actor("chutich"), doc, pyhanko_signer())
    assert doc.status == "signed" and doc.signed_file_id == signed.id
    approved = issuance.file_bytes(doc.approved_version)
    assert issuance.file_bytes(signed).startswith(approved)
    from eoffice.signing.validation.background import validate_stored_file

    validate_stored_file(signed.stored.id)  # the worker's check of the stored file
    assert signed.stored.signatures, "the signature check found the signature"
    assert hashlib.sha256(approved).hexdigest() == doc.approved_sha256


def test_a_pdf_changed_after_approval_is_not_signed_and_nothing_changes(office, monkeypatch):
    doc = approved_draft()
    monkeypatch.setattr(issuance, "file_bytes", lambda file: b"%PDF-1.7 another document")
    with pytest.raises(ServiceError, match="SHA-256"):
        issuance.sign(actor("chutich"), doc, append_signature)
    db.session.expire_all()
    doc = db.session.get(OutgoingDocument, doc.id)
    assert doc.status == "approved" and doc.signed_file_id is None and "signed" not in events(doc)


def test_a_signer_that_returns_other_bytes_is_refused(office):
    doc = approved_draft()
    with pytest.raises(ServiceError, match="không phải là bản đã duyệt"):
        issuance.sign(actor("chutich"), doc, lambda pdf: b"%PDF-1.7 forged" + pdf)
    db.session.expire_all()
    assert db.session.get(OutgoingDocument, doc.id).status == "approved"


def test_only_the_named_signer_signs(office):
    doc = approved_draft()
    with pytest.raises(PermissionDenied):
        issuance.sign(actor("phochutich"), doc, append_signature)


def test_the_signer_may_return_an_approved_draft_before_signing(office):
    doc = approved_draft()
    approval.return_draft(actor("chutich"), doc, ReasonIn(reason="Đổi thẩm quyền ký thành KT."))
    assert doc.status == "returned" and doc.approved_sha256 == ""
