"""Signing time from the timestamp, expired certificates judged at signing time, chains built
from anchors and intermediates, and the Vietnamese CAs trusted out of the box."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from eoffice.signing.trust import bundled_certificates
from eoffice.signing.validation.pdf import TrustAnchors, read_signatures
from tests.unit.documents.pdf_factory import DocumentSpec, TestPki, build_document_pdf, issue_signer, sign_pdf_bytes, test_pki
from tests.unit.signing.decree_factory import sign_with_structure, tagged_document
from tests.unit.signing.pki_extras import intermediate_and_signer, timestamper


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return test_pki()


def _timestamped(pki: TestPki, **stamp: object) -> bytes:
    return sign_with_structure(tagged_document(), cert=str(pki.person_cert), key=str(pki.person_key),
                               ca_chain=(str(pki.root_cert),), field_name="NguoiKy", box=(300, 80, 500, 115),
                               timestamper=timestamper(pki, **stamp))  # type: ignore[arg-type]


def test_trusted_timestamp_is_the_signing_time_and_a_close_claim_is_not_flagged(pki: TestPki) -> None:
    (report,) = read_signatures(_timestamped(pki), [pki.root_cert])
    assert report.ok and report.timestamp_time is not None
    assert report.signing_time == report.timestamp_time
    assert report.claimed_time is not None and not report.claimed_time_differs


def test_claim_seven_hours_off_the_timestamp_is_flagged_as_self_declared(pki: TestPki) -> None:
    stamped_at = datetime.now(timezone.utc) - timedelta(hours=7)
    (report,) = read_signatures(_timestamped(pki, fixed_dt=stamped_at), [pki.root_cert])
    assert report.timestamp_time is not None and abs(report.timestamp_time - stamped_at) < timedelta(seconds=2)
    assert report.signing_time == report.timestamp_time
    assert report.claimed_time_differs
    assert "Thời gian tự khai" in report.summary and "7 giờ" in report.summary


def test_certificate_expired_since_is_valid_at_the_time_the_file_was_received(pki: TestPki) -> None:
    cert, key = issue_signer(pki, "expired-validate", common_name="Trần Văn Cũ",
                             valid_from=datetime.now(timezone.utc) - timedelta(days=400),
                             valid_to=datetime.now(timezone.utc) - timedelta(days=30))
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key, ca_chain=(pki.root_cert,))
    (now_report,) = read_signatures(data, [pki.root_cert])
    assert not now_report.trusted and "hết hạn" in (now_report.untrusted_reason or "")
    (report,) = read_signatures(data, [pki.root_cert], received_at=datetime.now(timezone.utc) - timedelta(days=60))
    assert report.trusted and report.expired_since
    assert "hợp lệ tại thời điểm ký, chứng thư số đã hết hạn sau đó" in report.summary


def test_missing_intermediate_is_named_in_the_reason(pki: TestPki, tmp_path: Path) -> None:
    sub_ca, cert, key = intermediate_and_signer(pki, tmp_path)
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key)  # CMS carries no chain
    (report,) = read_signatures(data, [pki.root_cert])
    assert not report.trusted
    assert "thiếu chứng thư trung gian của eoffice Test Sub CA" in (report.untrusted_reason or "")


def test_intermediate_from_the_trust_list_completes_the_chain(pki: TestPki, tmp_path: Path) -> None:
    sub_ca, cert, key = intermediate_and_signer(pki, tmp_path)
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key)
    (report,) = read_signatures(data, [pki.root_cert, sub_ca])
    assert report.trusted and report.ok


def test_an_intermediate_alone_is_not_an_anchor(pki: TestPki, tmp_path: Path) -> None:
    sub_ca, cert, key = intermediate_and_signer(pki, tmp_path)
    data = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key)
    (report,) = read_signatures(data, [sub_ca])
    assert not report.trusted
    assert "eoffice Test Root CA" in (report.untrusted_reason or "")


def test_bundled_trust_store_has_the_g2_root_as_anchor_and_its_ca_as_intermediate() -> None:
    anchors = TrustAnchors.split(bundled_certificates())
    root_names = {c.subject.native["common_name"] for c in anchors.roots}
    intermediate_names = {c.subject.native["common_name"] for c in anchors.intermediates}
    assert "RootCA chuyên dùng Chính phủ G2" in root_names
    assert "CA phục vụ các cơ quan Nhà nước G2" in intermediate_names
    assert len(anchors.roots) == 4 and len(anchors.intermediates) == 15
