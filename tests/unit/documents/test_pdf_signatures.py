"""Embedded signatures are validated and shown as the clerk needs them."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509

from eoffice.documents.pdf_inspect import inspect_pdf
from eoffice.signing.validation.pdf import read_signatures
from tests.unit.documents.pdf_factory import (
    DocumentSpec,
    TestPki,
    build_document_pdf,
    build_pki,
    issue_signer,
    sign_pdf_bytes,
)


def test_signed_pdf_is_intact_valid_and_trusted_with_the_root(signed_once_pdf: Path, pki: TestPki) -> None:
    (signature,) = inspect_pdf(signed_once_pdf, trust_roots=[pki.root_cert]).signatures
    assert (signature.intact, signature.valid, signature.trusted) == (True, True, True)
    assert signature.covers_whole_document
    assert signature.modification_level == "NONE"
    assert signature.ok
    assert "toàn vẹn" in signature.summary and "tin cậy" in signature.summary


def test_without_trust_roots_the_signature_is_valid_but_untrusted(signed_once_pdf: Path) -> None:
    (signature,) = inspect_pdf(signed_once_pdf).signatures
    assert signature.intact and signature.valid
    assert not signature.trusted
    assert "chưa xác thực" in signature.summary


def test_a_different_root_with_the_same_name_is_not_trusted(signed_once_pdf: Path, tmp_path: Path) -> None:
    impostor = build_pki(tmp_path / "impostor")
    (signature,) = inspect_pdf(signed_once_pdf, trust_roots=[impostor.root_cert]).signatures
    assert signature.intact and not signature.trusted


def test_signer_name_stored_decomposed_comes_back_composed(signed_once_pdf: Path, pki: TestPki) -> None:
    cert = x509.load_pem_x509_certificate(pki.person_cert.read_bytes())
    raw_name = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert not unicodedata.is_normalized("NFC", raw_name)  # the fixture really is NFD
    (signature,) = inspect_pdf(signed_once_pdf).signatures
    assert signature.signer_common_name == "Nguyễn Văn Hòa"
    assert unicodedata.is_normalized("NFC", signature.signer_common_name)
    assert signature.signer_org == "Ủy ban nhân dân tỉnh Phú Yên"
    assert signature.issuer_common_name == "eoffice Test Root CA"


def test_signing_time_is_time_zone_aware(signed_once_pdf: Path) -> None:
    (signature,) = inspect_pdf(signed_once_pdf).signatures
    assert signature.signing_time is not None and signature.signing_time.tzinfo is not None
    assert abs(datetime.now(timezone.utc) - signature.signing_time) < timedelta(hours=1)


def test_leader_then_seal_both_reported_and_both_valid(signed_twice_pdf: Path, pki: TestPki) -> None:
    leader, seal = inspect_pdf(signed_twice_pdf, trust_roots=[pki.root_cert]).signatures
    assert (leader.field_name, seal.field_name) == ("LeaderSignature", "SealSignature")
    assert leader.signer_common_name == "Nguyễn Văn Hòa"
    assert seal.signer_common_name == "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"
    assert leader.trusted and seal.trusted
    # The seal was appended after the leader signed: allowed, and said so.
    assert not leader.covers_whole_document and leader.modifications_allowed
    assert seal.covers_whole_document
    assert leader.ok and seal.ok


def test_bytes_changed_after_signing_are_detected(signed_once_pdf: Path, pki: TestPki, tmp_path: Path) -> None:
    data = bytearray(signed_once_pdf.read_bytes())
    at = data.index(b"/CreationDate (D:") + len(b"/CreationDate (D:")
    data[at] = ord("1") if data[at] != ord("1") else ord("2")  # same length: the file still parses
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    report = inspect_pdf(tampered, trust_roots=[pki.root_cert])
    (signature,) = report.signatures
    assert not signature.intact
    assert not signature.trusted and not signature.ok
    assert "không toàn vẹn" in signature.summary
    assert any("không toàn vẹn" in w for w in report.warnings)


def test_content_added_in_a_later_revision_is_flagged(signed_once_pdf: Path, pki: TestPki, tmp_path: Path) -> None:
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_once_pdf.read_bytes()))
    overlay = writer.add_object(generic.StreamObject(stream_data=b"1 1 1 rg 60 400 480 200 re f"))
    writer.add_stream_to_page(0, overlay)
    out = io.BytesIO()
    writer.write(out)
    (signature,) = read_signatures(out.getvalue(), [pki.root_cert])
    assert signature.intact and signature.valid  # the signed revision itself is untouched …
    assert signature.modifications_allowed is False  # … but what follows it is not a signature
    assert not signature.ok
    assert "không được phép" in signature.summary


def test_trust_roots_accepted_as_pem_bytes_der_bytes_and_certificate_objects(signed_once_pdf: Path, pki: TestPki) -> None:
    data = signed_once_pdf.read_bytes()
    cert = x509.load_pem_x509_certificate(pki.root_cert.read_bytes())
    for roots in ([pki.root_cert.read_bytes()], [pki.root_der()], [cert], [str(pki.root_cert)]):
        (signature,) = read_signatures(data, roots)
        assert signature.trusted, roots


def test_unsigned_pdf_has_no_signatures(official_letter_pdf: Path) -> None:
    assert inspect_pdf(official_letter_pdf).signatures == []


def test_damaged_signature_container_is_reported_not_raised(signed_once_pdf: Path, tmp_path: Path) -> None:
    data = bytearray(signed_once_pdf.read_bytes())
    start = data.index(b"/Contents <") + len(b"/Contents <")
    data[start:start + 64] = b"0" * 64  # wipe the start of the CMS structure
    broken = tmp_path / "broken-signature.pdf"
    broken.write_bytes(bytes(data))
    (signature,) = inspect_pdf(broken).signatures
    assert not signature.intact and not signature.valid
    assert signature.error


def test_three_visible_incremental_signatures_are_all_valid(signed_visibly_three_times_pdf: Path, pki: TestPki) -> None:
    report = inspect_pdf(signed_visibly_three_times_pdf, trust_roots=[pki.root_cert])
    leader, seal, copy = report.signatures
    assert [s.field_name for s in report.signatures] == ["LeaderSignature", "SealSignature", "CopySignature"]
    assert all(s.ok for s in report.signatures)
    assert [s.covers_whole_document for s in report.signatures] == [False, False, True]
    assert leader.modifications_allowed and seal.modifications_allowed
    assert report.warnings == []


def test_older_adbe_pkcs7_detached_signature_is_read(pki: TestPki) -> None:
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=pki.person_cert, key=pki.person_key,
                          ca_chain=(pki.root_cert,), pkcs7=True)
    (signature,) = read_signatures(data, [pki.root_cert])
    assert signature.ok and signature.signer_common_name == "Nguyễn Văn Hòa"


def test_sha1_signature_from_an_old_token_is_untrusted_and_says_why(pki: TestPki) -> None:
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=pki.person_cert, key=pki.person_key,
                          ca_chain=(pki.root_cert,), md_algorithm="sha1")
    (signature,) = read_signatures(data, [pki.root_cert])
    assert signature.intact and not signature.trusted
    assert signature.digest_algorithm == "sha1"
    assert signature.untrusted_reason and "SHA-1" in signature.untrusted_reason
    assert "SHA-1" in signature.summary and "chưa xác thực được nguồn cấp" not in signature.summary


def test_expired_certificate_is_untrusted_and_says_expired(pki: TestPki) -> None:
    cert, key = issue_signer(pki, "expired", common_name="Trần Văn Cũ",
                             valid_from=datetime(2020, 1, 1, tzinfo=timezone.utc),
                             valid_to=datetime(2021, 1, 1, tzinfo=timezone.utc))
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key, ca_chain=(pki.root_cert,))
    (signature,) = read_signatures(data, [pki.root_cert])
    assert signature.intact and signature.valid and not signature.trusted
    assert signature.untrusted_reason is not None and "hết hạn" in signature.untrusted_reason
    assert "hết hạn" in signature.summary


def test_unknown_ca_is_reported_as_not_in_the_trust_list(signed_once_pdf: Path) -> None:
    (signature,) = read_signatures(signed_once_pdf.read_bytes(), [])
    assert signature.untrusted_reason is not None and "danh sách tin cậy" in signature.untrusted_reason


def test_trusted_signature_has_no_untrusted_reason(signed_once_pdf: Path, pki: TestPki) -> None:
    (signature,) = read_signatures(signed_once_pdf.read_bytes(), [pki.root_cert])
    assert signature.trusted and signature.untrusted_reason is None
    assert signature.digest_algorithm == "sha256"


def test_signatures_can_be_read_from_inside_a_running_event_loop(signed_twice_pdf: Path, pki: TestPki) -> None:
    import asyncio

    from concurrent.futures import ThreadPoolExecutor

    async def from_async_code() -> list[bool]:
        return [s.ok for s in read_signatures(signed_twice_pdf.read_bytes(), [pki.root_cert])]

    # A thread of its own: the browser tests may have left Playwright's loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, from_async_code()).result() == [True, True]


def test_content_changed_after_signing_is_a_warning_for_the_clerk(signed_once_pdf: Path, pki: TestPki,
                                                                    tmp_path: Path) -> None:
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_once_pdf.read_bytes()))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 0 rg 60 400 80 20 re f")))
    changed = tmp_path / "changed.pdf"
    with changed.open("wb") as fh:
        writer.write(fh)
    report = inspect_pdf(changed, trust_roots=[pki.root_cert])
    assert any("bị sửa nội dung sau khi" in w and "Nguyễn Văn Hòa" in w for w in report.warnings)


def test_signed_file_cut_inside_the_seal_update_is_rejected_not_read_as_the_first_revision(
        signed_twice_pdf: Path, tmp_path: Path) -> None:
    from eoffice.documents.pdf_inspect import PdfRejected

    data = signed_twice_pdf.read_bytes()
    # Revisions: the document, the leader's signature, the seal's; each ends with %%EOF.
    leader_end = data.index(b"%%EOF", data.index(b"%%EOF") + 5) + 5
    assert data.count(b"%%EOF") == 3 and leader_end < len(data) - 1000
    cut = tmp_path / "cut-in-seal.pdf"
    cut.write_bytes(data[:leader_end + 600])
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(cut)
    assert caught.value.code == "corrupt" and "Hãy" in caught.value.message
