"""The leader signs from the browser with their own key (nothing kept), the clerk issues with
the agency's seal key configured on the server: the issued PDF carries the leader's and the
agency's signatures, both valid in poppler's pdfsig — on both databases."""
from __future__ import annotations

import io
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from eoffice.db import db
from eoffice.outgoing import issuance
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import approved_draft
from tests.integration.signing.test_pdfsig_agrees import _nss_db, _pdfsig
from tests.unit.signing.certomancer_pki import ServedPki, served_pki

PASSWORD = "Mat-khau-2026"


@pytest.fixture(scope="module")
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


def _signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def _sign(client, doc, **fields):  # type: ignore[no-untyped-def]
    page = f"/outgoing/{doc.id}"
    data = {"csrf_token": csrf_token(client, page), "method": "p12", **fields}
    return client.post(f"{page}/sign", data=data, content_type="multipart/form-data")


def test_the_leader_signs_on_the_server_and_the_clerk_issues_with_the_agency_seal(office, pki, tmp_path: Path):
    seal = tmp_path / "con-dau.p12"
    seal.write_bytes(pki.pkcs12("agency", "so-bi-mat"))
    settings = office.extensions["eoffice.settings"]
    office.extensions["eoffice.settings"] = replace(settings, seal_p12_path=str(seal), seal_p12_password="so-bi-mat")
    doc = approved_draft()
    leader = _signed_in(office, "chutich")
    assert 'data-testid="sign-here"' in leader.get(f"/outgoing/{doc.id}").get_data(as_text=True)

    wrong = _sign(leader, doc, p12=(io.BytesIO(pki.pkcs12("leader", PASSWORD)), "lanh-dao.p12"), password="sai")
    assert wrong.status_code == 400 and "Mật khẩu tệp chứng thư số" in wrong.get_data(as_text=True)
    assert PASSWORD not in wrong.get_data(as_text=True) and 'value="sai"' not in wrong.get_data(as_text=True)
    db.session.expire_all()
    assert doc.status == "approved", "nothing was signed"

    done = _sign(leader, doc, p12=(io.BytesIO(pki.pkcs12("leader", PASSWORD)), "lanh-dao.p12"), password=PASSWORD)
    assert done.status_code == 302, done.get_data(as_text=True)[-2000:]
    db.session.expire_all()
    assert doc.status == "signed"

    clerk = _signed_in(office, "vanthu")
    issued = clerk.post(f"/outgoing/{doc.id}/issue", data={"csrf_token": csrf_token(clerk, f"/outgoing/{doc.id}")})
    assert issued.status_code == 302
    db.session.expire_all()
    pdf = tmp_path / "issued.pdf"
    pdf.write_bytes(issuance.file_bytes(issuance.issued_file(doc)))
    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss", pki.root_pem))
    assert [s["Signature Field Name"] for s in theirs] == ["LanhDao1", "CoQuan1"]
    assert all(s["Signature Validation"] == "Signature is Valid." for s in theirs), theirs
    assert doc.notation and doc.status == "issued"


def test_a_leader_who_is_not_the_named_signer_cannot_sign_on_the_server(office, pki):
    doc = approved_draft()
    other = _signed_in(office, "phochutich")
    response = _sign(other, doc, p12=(io.BytesIO(pki.pkcs12("leader", PASSWORD)), "k.p12"), password=PASSWORD)
    assert response.status_code in (400, 403)
    db.session.expire_all()
    assert doc.status == "approved" and actor("chutich").user_id == doc.signer_id
