"""poppler's pdfsig, an independent validator, on what eoffice signs: the leader signs, the
number is stamped, the agency signs — two valid signatures from certificates it trusts (the
certomancer test root in an NSS database)."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from eoffice.signing.sign import AgencySignature, LeaderSignature, Pkcs12Key, sign_pdf, stamp_number
from eoffice.signing.validation.pdf import read_signatures
from tests.integration.signing.test_pdfsig_agrees import _nss_db, _pdfsig
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf
from tests.unit.signing.certomancer_pki import ServedPki, served_pki
from tests.unit.signing.sign_checks import pyhanko_statuses


@pytest.fixture(scope="module")
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


def test_leader_signs_number_stamped_agency_signs_pdfsig_shows_two_valid_trusted_signatures(
        pki: ServedPki, tmp_path: Path) -> None:
    decree = build_document_pdf(DocumentSpec(extra_pages=2))
    key = lambda label: Pkcs12Key(pki.pkcs12(label, "matkhau"), "matkhau")  # noqa: E731
    signed = sign_pdf(decree, key("leader"), LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa"),
                      tsa_url=pki.tsa_url, trust_roots=[pki.root_pem])
    signed = stamp_number(signed, "15/QĐ-UBND", date(2026, 3, 5))
    signed = sign_pdf(signed, key("agency"), AgencySignature("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"),
                      tsa_url=pki.tsa_url, trust_roots=[pki.root_pem])
    pdf = tmp_path / "issued.pdf"
    pdf.write_bytes(signed)

    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss", pki.root_pem))
    assert [s["Signature Field Name"] for s in theirs] == ["LanhDao1", "CoQuan1"]
    assert all(s["Signature Validation"] == "Signature is Valid." for s in theirs)
    assert all(s["Certificate Validation"] == "Certificate is Trusted." for s in theirs)
    assert all(s["Signature Type"] == "ETSI.CAdES.detached" for s in theirs)

    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for s in pyhanko_statuses(signed, pki.root_pem))
    ours = read_signatures(signed, [pki.root_pem])
    assert all(r.ok for r in ours)
    # After the leader: the number (a form fill) and the seal. After the seal: only its DSS (B-LT).
    assert [r.modification_level for r in ours] == ["FORM_FILLING", "LTA_UPDATES"]
