"""The result of a dossier is signed with the agency's certificate through the outgoing
documents' signing (eoffice.signing.office.seal_key + sign_pdf): the desk issues it from the
dossier page, the background validation says the agency's signature is valid, and the
citizen downloads it from the lookup page once the result is returned — on both databases."""
from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from eoffice import current_settings
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.onestop import processing, results
from eoffice.onestop.schemas import StepDoneIn
from eoffice.outgoing.issuance import file_bytes
from eoffice.signing.validation.pdf import read_signatures, trust_roots_in
from tests.helpers import csrf_token, login, sample_pdf
from tests.integration.documents.conftest import actor, run_worker
from tests.integration.onestop.conftest import receive
from tests.unit.documents.pdf_factory import test_pki

SEAL_PASSWORD = "khoa-con-dau-2026"


@pytest.fixture
def seal(app, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The agency's seal key configured on the server (PKCS#12 file), its CA trusted."""
    pki = test_pki()
    cert = x509.load_pem_x509_certificate(pki.seal_cert.read_bytes())
    key = serialization.load_pem_private_key(pki.seal_key.read_bytes(), password=None)
    root = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    path = tmp_path / "con-dau.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", key, cert, [root], serialization.BestAvailableEncryption(SEAL_PASSWORD.encode())))  # type: ignore[arg-type]
    settings = app.extensions["eoffice.settings"]
    app.extensions["eoffice.settings"] = replace(settings, seal_p12_path=str(path), seal_p12_password=SEAL_PASSWORD)
    roots = current_settings().trust_roots_path
    roots.mkdir(parents=True, exist_ok=True)
    shutil.copy(pki.root_cert, roots / "test-root.pem")
    return pki


def resolved_dossier():  # type: ignore[no-untyped-def]
    dossier = receive()
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn(result="Đã ký"))
    assert dossier.status == "resolved"
    return dossier


def test_the_issued_result_carries_the_agencys_valid_signature(desk, seal):
    dossier = resolved_dossier()
    original = sample_pdf()
    file = results.issue_result(actor("motcua"), dossier, original, "giay-chung-nhan-ket-hon.pdf")
    signed = file_bytes(file)
    assert signed.startswith(original), "an incremental signature over the agency's PDF"
    reports = read_signatures(signed, trust_roots_in(current_settings().trust_roots_path))
    assert len(reports) == 1 and reports[0].ok, reports
    assert reports[0].signer_org and "Phú Yên" in reports[0].signer_org
    run_worker()  # the background check of the stored file, as for every signed upload
    db.session.expire_all()
    check = file.stored.inspection["signature_check"]
    assert check["state"] == "done" and file.stored.signatures[0]["trusted"] is True
    assert "result_issued" in [e.kind for e in dossier.events]


def test_a_second_result_a_result_too_early_or_without_a_seal_key_is_refused(desk, app, seal):
    early = receive()
    with pytest.raises(ServiceError) as not_ready:
        results.issue_result(actor("motcua"), early, sample_pdf(), "kq.pdf")
    assert not_ready.value.code == "result_not_ready"
    dossier = resolved_dossier()
    with pytest.raises(ServiceError) as not_pdf:
        results.issue_result(actor("motcua"), dossier, b"plain text", "kq.pdf")
    assert not_pdf.value.code == "result_not_pdf"
    results.issue_result(actor("motcua"), dossier, sample_pdf(), "kq.pdf")
    with pytest.raises(ServiceError) as twice:
        results.issue_result(actor("motcua"), dossier, sample_pdf(), "kq.pdf")
    assert twice.value.code == "result_already_issued"
    other = resolved_dossier()
    app.extensions["eoffice.settings"] = replace(app.extensions["eoffice.settings"], seal_p12_path="")
    with pytest.raises(ServiceError) as no_key:
        results.issue_result(actor("motcua"), other, sample_pdf(), "kq.pdf")
    assert no_key.value.code == "seal_not_configured" and "quản trị" in no_key.value.message
    db.session.expire_all()
    assert results.result_file(other) is None


def test_the_citizen_downloads_the_signed_result_once_it_is_returned(desk, app, seal):
    dossier = resolved_dossier()
    officer = app.test_client()
    login(officer, "motcua", "Demo@2026")
    page = f"/onestop/{dossier.id}"
    assert 'data-testid="result-form"' in officer.get(page).get_data(as_text=True)
    issued = officer.post(f"{page}/result", data={"csrf_token": csrf_token(officer, page),
                                                  "result_file": (io.BytesIO(sample_pdf()), "giay-chung-nhan.pdf")},
                          content_type="multipart/form-data")
    assert issued.status_code == 302
    run_worker()
    html = officer.get(page).get_data(as_text=True)
    assert 'data-testid="result-issued"' in html and "chữ ký số hợp lệ" in html

    citizen = app.test_client()
    lookup = f"/tra-cuu?ma={dossier.code}&xn=3456"
    download = f"/tra-cuu/ket-qua?ma={dossier.code}&xn=3456"
    assert 'data-testid="lookup-result-file"' not in citizen.get(lookup).get_data(as_text=True)
    assert citizen.get(download).status_code == 302, "not before the result is returned"
    processing.return_result(actor("motcua"), dossier)
    html = citizen.get(lookup).get_data(as_text=True)
    assert 'data-testid="lookup-result-file"' in html and 'data-testid="lookup-result-valid"' in html
    got = citizen.get(download)
    assert got.status_code == 200 and got.data.startswith(b"%PDF-") and b"/ByteRange" in got.data
    reports = read_signatures(got.data, trust_roots_in(current_settings().trust_roots_path))
    assert [r.ok for r in reports] == [True]
    assert citizen.get(f"/tra-cuu/ket-qua?ma={dossier.code}&xn=0000").status_code == 404


def test_the_agencys_leader_may_issue_the_result_and_a_specialist_elsewhere_may_not(desk, seal):
    from eoffice.auth.permissions import PermissionDenied

    dossier = resolved_dossier()
    assert not results.may_issue(actor("chuyenvienstp").user, dossier)
    with pytest.raises(PermissionDenied):
        results.issue_result(actor("chuyenvienstp"), dossier, sample_pdf(), "kq.pdf")
    assert results.may_issue(actor("chutichnt").user, dossier), "the commune's chairperson leads the agency"
    issued = results.issue_result(actor("chutichnt"), dossier, sample_pdf(), "kq.pdf")
    assert issued.role == "result" and results.result_file(dossier).id == issued.id
