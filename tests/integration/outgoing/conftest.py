"""Fixtures for outgoing documents: the demo office with an approval chain, a draft helper and
signers (a stand-in incremental signer, and pyHanko with the test PKI)."""
from __future__ import annotations

import io
from typing import Any

import pytest

from eoffice.actor import Actor
from eoffice.db import db
from eoffice.outgoing import approval, drafting, issuance
from eoffice.outgoing.models import OutgoingDocument
from eoffice.outgoing.schemas import ApproveIn, ChainIn, DraftIn
from eoffice.outgoing.uploads import stage_draft_file
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor, unit

SUBJECT = "V/v báo cáo tình hình thực hiện kế hoạch cải cách hành chính quý IV năm 2026"
CHAIN = ("truongphong", "chanhvanphong", "chutich")


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    """The demo units and people, and one approval chain for the office's drafts:
    unit head → office chief → chairperson."""
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import Role

    operator = Actor.operator("kiểm thử")
    # Sở Tư pháp gets a clerk, so documents delivered to it have someone to receive them.
    accounts.grant_role(operator, accounts.find_user("chuyenvienstp"), Role.CLERK, unit("STP").id)
    db.session.commit()
    drafting.set_chain(Actor.operator("kiểm thử"), ChainIn(unit_id=unit("VP").id, steps=[actor(u).user_id for u in CHAIN]))
    return app


def staged_pdf(who: str = "chuyenvien", pdf: bytes | None = None, name: str = "du-thao.pdf") -> str:
    return stage_draft_file(actor(who), io.BytesIO(pdf or sample_pdf(subject=SUBJECT)), name, main=True).token


def new_draft(who: str = "chuyenvien", **changes: Any) -> OutgoingDocument:
    values: dict[str, Any] = dict(
        doc_type="CV", subject=SUBJECT, signer_id=actor("chutich").user_id, authority="TM.",
        recipient_unit_ids=[unit("STP").id], main_token=changes.pop("main_token", None) or staged_pdf(who),
    )
    values.update(changes)
    return drafting.create_draft(actor(who), DraftIn(**values))


def approved_draft(**changes: Any) -> OutgoingDocument:
    doc = new_draft(**changes)
    approval.submit(actor("chuyenvien"), doc)
    for username in CHAIN:
        approval.approve(actor(username), doc, ApproveIn())
    return doc


def append_signature(pdf: bytes) -> bytes:
    """A stand-in for the signing package where the signature itself is not what is tested:
    an incremental update that adds nothing but a comment keeps the approved bytes as prefix."""
    return pdf + b"\n% eoffice test: signed\n"


def signed_draft(**changes: Any) -> OutgoingDocument:
    doc = approved_draft(**changes)
    issuance.sign(actor("chutich"), doc, append_signature)
    return doc


def pyhanko_signer() -> Any:
    """Sign with pyHanko and the test PKI (the leader's certificate)."""
    from tests.unit.documents.pdf_factory import sign_pdf_bytes, test_pki

    pki = test_pki()
    return lambda pdf: sign_pdf_bytes(pdf, cert=pki.person_cert, key=pki.person_key, ca_chain=[pki.root_cert])
