"""Signing with a USB token through PKCS#11 (issue 10), tested on a real SoftHSM2 token."""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest

from eoffice.signing.sign import LeaderSignature, Pkcs11Key, SigningError, sign_pdf
from eoffice.signing.validation.pdf import read_signatures
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf
from tests.unit.signing.certomancer_pki import ServedPki, served_pki
from tests.unit.signing.sign_checks import offline_lt_statuses, pyhanko_statuses
from tests.unit.signing.softhsm_token import SoftToken, make_token

LEADER = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa")


@pytest.fixture(scope="module")
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


@pytest.fixture(scope="module")
def token(pki: ServedPki) -> SoftToken:
    return make_token(pki, Path(tempfile.mkdtemp(prefix="eoffice-softhsm-")))


def _key(token: SoftToken, **changes: str) -> Pkcs11Key:
    values = {"module": token.module, "token_label": token.label, "key_label": token.key_label, "pin": token.pin}
    values.update(changes)
    return Pkcs11Key(**values)


def test_a_token_signature_is_b_lt_valid_and_trusted_in_pyhanko_and_in_our_validator(
        pki: ServedPki, token: SoftToken) -> None:
    signed = sign_pdf(build_document_pdf(DocumentSpec()), _key(token), LEADER, tsa_url=pki.tsa_url,
                      trust_roots=[pki.root_pem])
    [status] = pyhanko_statuses(signed, pki.root_pem)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    [offline] = offline_lt_statuses(signed, pki.root_pem)
    assert offline.trusted  # the intermediate came off the token, revocation data is in the DSS
    [ours] = read_signatures(signed, [pki.root_pem])
    assert ours.ok and ours.signer_common_name == "Nguyễn Văn Hòa"


def test_a_wrong_token_pin_is_refused_in_vietnamese(token: SoftToken) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), _key(token, pin="000000"), LEADER)
    assert caught.value.code == "wrong_pin" and "Mã PIN" in caught.value.message


def test_a_token_without_the_chosen_key_is_refused_in_vietnamese(token: SoftToken) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), _key(token, key_label="khong-co"), LEADER)
    assert caught.value.code == "key_not_found" and "Không tìm thấy khóa ký" in caught.value.message


def test_a_missing_token_is_refused_in_vietnamese(token: SoftToken) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(build_document_pdf(DocumentSpec()), _key(token, token_label="token-chua-cam"), LEADER)
    assert caught.value.code == "key_not_found"


def test_the_pin_never_appears_in_the_key_source_repr(token: SoftToken) -> None:
    assert token.pin not in repr(_key(token))
