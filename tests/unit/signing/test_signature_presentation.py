"""What the clerk reads about each signature (eoffice.signing.validation.present): a tampered
file never gets the green "Toàn vẹn, hợp lệ", later seals read as normal, a certificate that
expired after signing reads "valid when signed", and a check still running reads as pending."""
from __future__ import annotations

from typing import Any

from eoffice.signing.validation.present import TAMPERED_LABEL, VALID_LABEL, check_view, signature_view


def report(**changes: Any) -> dict[str, Any]:
    """A stored report of an intact, valid, trusted signature covering the whole file."""
    values: dict[str, Any] = dict(
        field_name="NguoiKy", kind="signature", signer_common_name="Nguyễn Văn Hòa", signer_org="UBND tỉnh Phú Yên",
        issuer_common_name="CA phục vụ các cơ quan Nhà nước G2", signing_time="2026-03-02T08:15:00+00:00",
        timestamp_time=None, intact=True, valid=True, trusted=True, covers_whole_document=True,
        modification_level="NONE", modifications_allowed=True, summary="Chữ ký toàn vẹn, hợp lệ.", technical_summary="",
        error=None, untrusted_reason=None, claimed_time="2026-03-02T08:15:00+00:00", claimed_time_differs=False,
        expired_since=False,
    )
    values.update(changes)
    return values


def test_an_intact_trusted_signature_is_the_green_valid_badge() -> None:
    view = signature_view(1, report())
    assert (view.verdict, view.tone, view.tampered) == (VALID_LABEL, "ok", False)
    assert view.changes == "Không có thay đổi nào sau khi ký"


def test_content_changed_after_signing_is_tampered_and_never_green() -> None:
    view = signature_view(1, report(covers_whole_document=False, modifications_allowed=False, modification_level="OTHER"))
    assert view.verdict == TAMPERED_LABEL and view.tone == "off" and view.tampered
    assert "Nội dung trang bị thay đổi sau khi ký" in view.changes and view.changes_tone == "off"


def test_bytes_changed_under_the_signature_is_tampered() -> None:
    view = signature_view(1, report(intact=False, valid=False, trusted=False))
    assert view.tampered and view.tone == "off" and VALID_LABEL not in view.verdict


def test_later_seals_and_annotations_are_normal_changes() -> None:
    view = signature_view(1, report(covers_whole_document=False, modifications_allowed=True, modification_level="FORM_FILLING"))
    assert view.verdict == VALID_LABEL and view.changes == "Sau khi ký chỉ thêm chữ ký số hoặc chú thích (bình thường)"


def test_a_certificate_expired_since_reads_valid_when_signed() -> None:
    view = signature_view(1, report(expired_since=True))
    assert view.verdict == "Hợp lệ tại thời điểm ký; chứng thư số đã hết hạn sau đó" and view.tone == "ok"


def test_an_unknown_ca_is_intact_but_not_verified_with_the_reason() -> None:
    view = signature_view(1, report(trusted=False, untrusted_reason="thiếu chứng thư trung gian của Viettel-CA"))
    assert view.tone == "warn" and view.trust_label == "Chưa xác thực được nguồn chứng thư"
    assert any("thiếu chứng thư trung gian của Viettel-CA" in note for note in view.notes)


def test_the_claimed_time_is_shown_against_a_timestamp_and_the_upload_time_without_one() -> None:
    stamped = signature_view(1, report(timestamp_time="2026-03-02T01:15:00+00:00", claimed_time_differs=True),
                             received_at="2026-03-03T00:00:00+00:00")
    assert stamped.claimed_time and stamped.claimed_differs and stamped.received_at is None
    assert stamped.time_source.startswith("theo dấu thời gian")
    plain = signature_view(1, report(), received_at="2026-03-03T00:00:00+00:00")
    assert plain.claimed_time is None and plain.received_at == "2026-03-03T00:00:00+00:00"
    assert plain.time_source == "tự khai của người ký, không có dấu thời gian"


def test_a_check_still_running_is_pending_and_shows_no_signatures() -> None:
    view = check_view({"signatures": [], "signature_check": {"state": "pending"}})
    assert view.pending and view.signatures == [] and not view.tampered


def test_one_tampered_signature_marks_the_whole_file() -> None:
    view = check_view({"signatures": [report(), report(modifications_allowed=False, covers_whole_document=False)],
                       "signature_check": {"state": "done"}})
    assert view.tampered and not view.all_valid


def test_a_file_checked_inside_the_upload_before_background_checks_counts_as_done() -> None:
    view = check_view({"signatures": [report()], "warnings": []})
    assert view.state == "done" and view.all_valid


def test_an_unsigned_file_has_no_check_state() -> None:
    assert check_view({"page_count": 2}).state is None
