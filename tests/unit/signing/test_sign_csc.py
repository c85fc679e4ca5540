"""Remote signing over the Cloud Signature Consortium API (issue 10), against a local
certomancer-csc-dummy service that requires hash pinning (SCAL 2)."""
from __future__ import annotations

import logging
from typing import Iterator

import pytest

from eoffice.signing.sign import AgencySignature, CscKey, LeaderSignature, SigningError, sign_pdf
from eoffice.signing.validation.pdf import read_signatures
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf
from tests.unit.signing.certomancer_pki import ARCH, CscServer, ServedPki, serve_csc, served_pki
from tests.unit.signing.sign_checks import offline_lt_statuses, pyhanko_statuses

LEADER = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa")


@pytest.fixture(scope="module")
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


@pytest.fixture(scope="module")
def csc(pki: ServedPki) -> Iterator[CscServer]:
    server = serve_csc(pki)
    yield server
    server.stop()


def test_a_remote_csc_signature_is_b_lt_valid_and_trusted_in_pyhanko_and_in_our_validator(
        pki: ServedPki, csc: CscServer) -> None:
    key = CscKey(service_url=csc.url, credential_id=f"{ARCH}/leader", auth_token="token-cua-nguoi-ky", pin="123456")
    signed = sign_pdf(build_document_pdf(DocumentSpec()), key, LEADER, tsa_url=pki.tsa_url, trust_roots=[pki.root_pem])
    [status] = pyhanko_statuses(signed, pki.root_pem)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert offline_lt_statuses(signed, pki.root_pem)[0].trusted
    [ours] = read_signatures(signed, [pki.root_pem])
    assert ours.ok and ours.signer_common_name == "Nguyễn Văn Hòa"


def test_leader_by_csc_then_agency_by_csc_both_stay_valid(pki: ServedPki, csc: CscServer) -> None:
    first = sign_pdf(build_document_pdf(DocumentSpec()), CscKey(csc.url, f"{ARCH}/leader"), LEADER,
                     trust_roots=[pki.root_pem])
    both = sign_pdf(first, CscKey(csc.url, f"{ARCH}/agency"), AgencySignature("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"),
                    trust_roots=[pki.root_pem])
    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for s in pyhanko_statuses(both, pki.root_pem))


def test_a_signature_activation_code_the_service_rejects_is_refused_in_vietnamese(csc: CscServer) -> None:
    key = CscKey(csc.url, f"{ARCH}/leader", sad="khong-hop-le")
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), key, LEADER, trust_roots=[])
    assert caught.value.code == "remote_signing_failed" and "ký số từ xa" in caught.value.message


def test_an_unknown_remote_credential_is_refused_in_vietnamese(csc: CscServer) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), CscKey(csc.url, f"{ARCH}/khong-co"), LEADER)
    assert caught.value.code == "key_not_found"


def test_an_unreachable_signing_service_is_refused_in_vietnamese() -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), CscKey("http://127.0.0.1:9/csc/v1", f"{ARCH}/leader"), LEADER)
    assert caught.value.code == "remote_signing_failed"


def test_token_pin_and_sad_never_appear_in_the_key_source_repr() -> None:
    key = CscKey("http://127.0.0.1:1", "x/y", auth_token="bi-mat-1", pin="bi-mat-2", otp="bi-mat-3", sad="bi-mat-4")
    assert "bi-mat" not in repr(key)
