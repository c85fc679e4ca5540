"""Inside the app, signing checks the signer's certificate against the office's trust store
(no trust roots passed): a revoked token certificate is refused, a good one gets B-LT."""
from __future__ import annotations

import logging

import pytest

from eoffice.signing.sign import LeaderSignature, Pkcs12Key, SigningError, sign_pdf
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf
from tests.unit.signing.certomancer_pki import ServedPki, served_pki

LEADER = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa")


@pytest.fixture
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


def _token_like_key(pki: ServedPki, label: str) -> Pkcs12Key:
    return Pkcs12Key(pki.pkcs12(label, "pin", chain=("interm",)), "pin")  # no root, as on a USB token


def test_with_the_ca_in_the_office_trust_store_a_revoked_certificate_is_refused(app, operator, pki: ServedPki) -> None:  # type: ignore[no-untyped-def]
    from eoffice.signing.trust import service

    service.add_certificate(operator, pki.root_pem.read_bytes())
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), _token_like_key(pki, "leader-revoked"), LEADER)
    assert caught.value.code == "cert_revoked"
    signed = sign_pdf(build_document_pdf(DocumentSpec()), _token_like_key(pki, "leader"), LEADER)
    assert b"/DSS" in signed  # revocation data fetched and embedded: B-LT


def test_without_the_ca_in_the_trust_store_the_signature_is_made_without_long_term_data(app, pki: ServedPki) -> None:  # type: ignore[no-untyped-def]
    signed = sign_pdf(build_document_pdf(DocumentSpec()), _token_like_key(pki, "leader"), LEADER)
    assert b"/DSS" not in signed
