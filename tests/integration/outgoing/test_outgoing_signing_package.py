"""The outgoing flow with the real signing package (eoffice.signing.sign): the leader signs the
approved version with a PKCS#12 key (the number field goes into that revision), and at
issuance the number is stamped and the agency seals — every signature stays valid, and the
sealed file is what the recipients receive."""
from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from eoffice.db import db
from eoffice.documents.models import InboundDelivery
from eoffice.outgoing import issuance
from eoffice.signing.sign import AgencySignature, LeaderSignature, Pkcs12Key, sign_pdf, stamp_number
from eoffice.signing.validation.pdf import read_signatures
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import approved_draft

PASSWORD = "Mật-khẩu 2026"


def p12_key(cert_path, key_path, root_path) -> Pkcs12Key:  # type: ignore[no-untyped-def]
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    root = x509.load_pem_x509_certificate(root_path.read_bytes())
    data = pkcs12.serialize_key_and_certificates(
        b"eoffice", key, cert, [root], serialization.BestAvailableEncryption(PASSWORD.encode()))  # type: ignore[arg-type]
    return Pkcs12Key(data, PASSWORD)


def test_leader_signature_number_and_agency_seal_with_the_signing_package(office):
    from tests.unit.documents.pdf_factory import test_pki

    pki = test_pki()
    leader_key = p12_key(pki.person_cert, pki.person_key, pki.root_cert)
    agency_key = p12_key(pki.seal_cert, pki.seal_key, pki.root_cert)
    doc = approved_draft()
    approved_sha256 = doc.approved_sha256

    def leader(pdf: bytes) -> bytes:
        return sign_pdf(pdf, leader_key, LeaderSignature(None, None, "Trần Văn Bình", authority="KT. GIÁM ĐỐC"),
                        approved_sha256=approved_sha256)

    def seal(pdf: bytes, notation: str) -> bytes:
        numbered = stamp_number(pdf, notation)
        return sign_pdf(numbered, agency_key, AgencySignature("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"))

    issuance.sign(actor("chutich"), doc, leader)
    issuance.issue(actor("vanthu"), doc, stamp=seal)
    sent = issuance.issued_file(doc)
    assert sent.role == "issued" and doc.notation == "01/UBND-KT"
    reports = read_signatures(issuance.file_bytes(sent))
    assert len(reports) == 2 and all(r.intact and r.valid for r in reports), reports
    delivery = db.session.get(InboundDelivery, doc.recipients[0].delivery_id)
    assert delivery.files[0].sha256 == sent.stored.sha256, "recipients get the sealed, numbered file"
    assert issuance.file_bytes(sent).startswith(issuance.file_bytes(doc.approved_version))
