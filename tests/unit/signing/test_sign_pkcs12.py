"""Signing outgoing documents with a PKCS#12 file (issue 10): PAdES levels, the leader → number
→ agency sequence, Decree 30 placement, and the refusals a user must understand."""
from __future__ import annotations

import hashlib
import io
import logging
import re
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from eoffice.signing.sign import (
    AgencySignature,
    AttachmentSignature,
    LeaderSignature,
    Pkcs12Key,
    SigningError,
    sign_pdf,
    stamp_number,
)
from eoffice.signing.sign.appearance import SEAL_SIZE_PT, find_text, signing_time_text
from eoffice.signing.validation.pdf import read_signatures
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf
from tests.unit.signing.certomancer_pki import ServedPki, served_pki
from tests.unit.signing.certomancer_pki import start_pki
from tests.unit.signing.sign_checks import (
    appearance_images,
    appearance_texts,
    offline_lt_statuses,
    pyhanko_statuses,
    widget_rect,
)

PASSWORD = "Mật-khẩu 2026"
LEADER = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", authority="TM. ỦY BAN NHÂN DÂN")


def _png(colour: tuple[int, int, int], shape: str) -> bytes:
    image = Image.new("RGBA", (300, 300 if shape == "seal" else 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if shape == "seal":
        draw.ellipse((10, 10, 290, 290), outline=colour + (255,), width=12)
    else:
        draw.line((10, 90, 120, 20, 200, 100, 290, 30), fill=colour + (255,), width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


SIGNATURE_PNG = _png((20, 40, 200), "signature")
SEAL_PNG = _png((220, 20, 20), "seal")


@pytest.fixture(scope="module")
def pki() -> ServedPki:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return served_pki()


@pytest.fixture(scope="module")
def decree() -> bytes:
    return build_document_pdf(DocumentSpec())


def _key(pki: ServedPki, label: str = "leader", chain: tuple[str, ...] = ("interm", "root")) -> Pkcs12Key:
    return Pkcs12Key(pki.pkcs12(label, PASSWORD, chain), PASSWORD)


@pytest.fixture(scope="module")
def leader_signed(pki: ServedPki, decree: bytes) -> bytes:
    """The leader's B-T signature with long-term data, image between authority and name."""
    appearance = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", authority="TM. ỦY BAN NHÂN DÂN",
                                 image_png=SIGNATURE_PNG)
    return sign_pdf(decree, _key(pki), appearance, tsa_url=pki.tsa_url, trust_roots=[pki.root_pem])


@pytest.fixture(scope="module")
def issued(pki: ServedPki, leader_signed: bytes) -> bytes:
    """Leader signed, number stamped, then the agency's seal."""
    numbered = stamp_number(leader_signed, "15/QĐ-UBND", date(2026, 3, 5))
    return sign_pdf(numbered, _key(pki, "agency"), AgencySignature("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", seal_png=SEAL_PNG),
                    tsa_url=pki.tsa_url, trust_roots=[pki.root_pem])


# --- PAdES levels ---------------------------------------------------------------------------

def test_without_tsa_or_reachable_revocation_data_the_signature_is_pades_b_b(pki: ServedPki, decree: bytes) -> None:
    signed = sign_pdf(decree, _key(pki, chain=("interm",)), LEADER, trust_roots=[])
    [status] = pyhanko_statuses(signed, pki.root_pem)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is None
    assert b"/ETSI.CAdES.detached" in signed and b"/DSS" not in signed


def test_a_configured_tsa_makes_it_b_t_with_a_trusted_rfc3161_timestamp(pki: ServedPki, decree: bytes) -> None:
    signed = sign_pdf(decree, _key(pki, chain=("interm",)), LEADER, tsa_url=pki.tsa_url, trust_roots=[])
    [status] = pyhanko_statuses(signed, pki.root_pem)
    assert status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert abs(status.timestamp_validity.timestamp - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_reachable_revocation_data_makes_it_b_lt_that_validates_offline_from_the_file_alone(
        pki: ServedPki, leader_signed: bytes) -> None:
    assert b"/DSS" in leader_signed
    [status] = offline_lt_statuses(leader_signed, pki.root_pem)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_with_archive_timestamps_on_a_b_lt_signature_becomes_b_lta(pki: ServedPki, decree: bytes) -> None:
    """B-LTA: the B-LT signature (its validation data in the DSS), then a document timestamp
    over everything, which pyHanko validates as a trusted RFC 3161 timestamp."""
    signed = sign_pdf(decree, _key(pki), LEADER, tsa_url=pki.tsa_url, trust_roots=[pki.root_pem], archive_timestamp=True)
    assert b"/DocTimeStamp" in signed and b"/DSS" in signed
    signature, archive = read_signatures(signed, [pki.root_pem])
    assert (signature.kind, archive.kind) == ("signature", "timestamp")
    assert signature.ok and archive.ok and archive.timestamp_time is not None  # only DSS updates may follow it


def test_without_a_tsa_archive_timestamps_change_nothing(pki: ServedPki, decree: bytes) -> None:
    signed = sign_pdf(decree, _key(pki), LEADER, trust_roots=[pki.root_pem], archive_timestamp=True)
    assert b"/DocTimeStamp" not in signed


# --- leader, number, agency -----------------------------------------------------------------

def test_stamping_the_number_after_the_leader_signed_keeps_that_signature_valid_as_form_filling(
        pki: ServedPki, leader_signed: bytes) -> None:
    numbered = stamp_number(leader_signed, "15/QĐ-UBND", date(2026, 3, 5))
    [status] = pyhanko_statuses(numbered, pki.root_pem)
    assert status.intact and status.valid and status.trusted and status.docmdp_ok
    assert status.modification_level.name == "FORM_FILLING"
    fields = PdfReader(io.BytesIO(numbered)).get_fields()
    assert fields["SoKyHieu"]["/V"] == "15/QĐ-UBND"


def test_leader_number_agency_every_signature_valid_in_pyhanko_and_in_our_validator(
        pki: ServedPki, issued: bytes) -> None:
    theirs = pyhanko_statuses(issued, pki.root_pem)
    assert len(theirs) == 2
    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for s in theirs)
    ours = read_signatures(issued, [pki.root_pem])
    assert [r.field_name for r in ours] == ["LanhDao1", "CoQuan1"]
    assert all(r.ok and not r.tampered for r in ours)
    assert ours[0].signer_common_name == "Nguyễn Văn Hòa"
    assert ours[1].signer_common_name == "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"


def test_a_number_changed_after_the_agency_signed_is_reported_as_a_tamper(pki: ServedPki, issued: bytes) -> None:
    """Refilling the number field is "form filling" to the difference analysis, yet the agency
    signed that number: changing it afterwards must not pass as an allowed change."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from eoffice.signing.sign.numbering import NUMBER_FIELD, _fill, _find_field

    writer = IncrementalPdfFileWriter(io.BytesIO(issued), strict=False)
    _fill(writer, _find_field(writer, NUMBER_FIELD), "16/QĐ-UBND")
    out = io.BytesIO()
    writer.write(out)
    leader, agency = read_signatures(out.getvalue(), [pki.root_pem])
    assert agency.tampered and not agency.ok
    assert "Số, ký hiệu: “15/QĐ-UBND” → “16/QĐ-UBND”" in agency.summary
    assert leader.ok, "the leader saw the field empty: filling it is still the allowed form filling for them"


def test_the_agency_signature_leaves_the_leader_signature_bytes_untouched(leader_signed: bytes, issued: bytes) -> None:
    assert issued.startswith(leader_signed)  # incremental updates only


def test_stamping_a_signed_document_that_has_no_number_field_is_refused_not_drawn_over(
        pki: ServedPki, decree: bytes) -> None:
    signed = sign_pdf(decree, _key(pki), LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", number_field=False),
                      trust_roots=[])
    with pytest.raises(SigningError) as caught:
        stamp_number(signed, "15/QĐ-UBND")
    assert caught.value.code == "number_field_missing"
    assert "mất hiệu lực chữ ký" in caught.value.message


def test_an_unsigned_document_gets_its_number_field_on_the_fly(decree: bytes) -> None:
    numbered = stamp_number(decree, "16/QĐ-UBND")
    assert PdfReader(io.BytesIO(numbered)).get_fields()["SoKyHieu"]["/V"] == "16/QĐ-UBND"


# --- Decree 30 placement --------------------------------------------------------------------

def test_leader_image_sits_between_the_authority_line_and_the_name(leader_signed: bytes) -> None:
    reader = PdfReader(io.BytesIO(leader_signed))
    page, (x1, y1, x2, y2) = widget_rect(leader_signed, "LanhDao1")
    name_page, name_x, name_y = find_text(reader, "Nguyễn Văn Hòa")
    _, _, position_y = find_text(reader, "CHỦ TỊCH", pages=[name_page])
    assert page == name_page
    assert name_y + 10 < y1 and y2 < position_y - 3  # above the name's accents, below the position line
    assert x1 < name_x + 40 < x2  # over the name


def test_the_leader_image_keeps_its_transparency_and_the_number_is_drawn_in_its_field(issued: bytes) -> None:
    [image] = appearance_images(issued, "LanhDao1")
    assert image.get("/SMask") is not None  # the blue signature PNG's alpha channel
    assert appearance_texts(issued, "SoKyHieu") == ["15/QĐ-UBND"]


def test_in_a_tight_signature_block_the_image_shrinks_to_stay_between_position_and_name() -> None:
    """A block with only 15 mm between the position line and the name (drafters squeeze it)."""
    from fpdf import FPDF

    from eoffice.signing.sign.appearance import leader_box
    from tests.unit.documents.pdf_factory import font_files

    pdf = FPDF(format="A4")
    pdf.add_font("Doc", "B", str(font_files()[1]))
    pdf.add_page()
    pdf.set_font("Doc", "B", 13)
    for y, line in ((150, "KT. CHỦ TỊCH"), (156.5, "PHÓ CHỦ TỊCH"), (171.5, "Trần Thị Bình")):
        pdf.text(120, y, line)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    _, (_, y1, _, y2) = leader_box(reader, LeaderSignature(page=None, box=None, name="Trần Thị Bình",
                                                           authority="KT. CHỦ TỊCH"))
    _, _, position_y = find_text(reader, "PHÓ CHỦ TỊCH")
    _, _, name_y = find_text(reader, "Trần Thị Bình")
    assert name_y + 10 < y1 < y2 < position_y - 3


def test_the_leader_box_is_found_above_a_name_written_in_decomposed_unicode() -> None:
    """Some agencies' software writes every string in NFD; the name must still be found."""
    from eoffice.signing.sign.appearance import leader_box

    reader = PdfReader(io.BytesIO(build_document_pdf(DocumentSpec(decomposed=True, extra_pages=1))))
    page, (_, y1, _, _) = leader_box(reader, LEADER)
    _, _, name_y = find_text(reader, "Nguyễn Văn Hòa")
    assert page == len(reader.pages) - 1 and y1 > name_y


def test_agency_seal_at_real_size_overlaps_the_left_third_of_the_leader_image(issued: bytes) -> None:
    _, leader = widget_rect(issued, "LanhDao1")
    _, seal = widget_rect(issued, "CoQuan1")
    assert seal[2] - seal[0] == pytest.approx(SEAL_SIZE_PT) and seal[3] - seal[1] == pytest.approx(SEAL_SIZE_PT)
    assert seal[2] == pytest.approx(leader[0] + (leader[2] - leader[0]) / 3)
    assert seal[1] < (leader[1] + leader[3]) / 2 < seal[3]


def test_attachment_is_signed_top_right_of_page_one_with_no_image(pki: ServedPki) -> None:
    attachment = build_document_pdf(DocumentSpec(extra_pages=1))
    signed = sign_pdf(attachment, _key(pki, "agency"), AttachmentSignature("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", "15/QĐ-UBND"),
                      trust_roots=[])
    page, (x1, y1, x2, y2) = widget_rect(signed, "DinhKem1")
    media = PdfReader(io.BytesIO(signed)).pages[0].mediabox
    assert page == 0
    assert x2 > float(media.right) * 0.85 and y2 > float(media.top) * 0.9
    assert appearance_images(signed, "DinhKem1") == []
    agency, number, moment = appearance_texts(signed, "DinhKem1")
    assert (agency, number) == ("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", "Số: 15/QĐ-UBND")
    assert re.fullmatch(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", moment)
    assert all(s.intact and s.valid and s.trusted for s in pyhanko_statuses(signed, pki.root_pem))


def test_signing_time_is_written_in_iso_8601_with_the_vietnam_offset() -> None:
    moment = datetime(2026, 12, 3, 7, 5, 9, 123, tzinfo=timezone.utc)
    assert signing_time_text(moment) == "2026-12-03T14:05:09+07:00"


def test_unreachable_revocation_data_still_signs_without_long_term_data(decree: bytes) -> None:
    """The OCSP responder and CRLs of this CA are down: the signature is made (B-B) and
    valid, but nothing unverifiable is embedded as if it were long-term data."""
    offline_ca = start_pki(Path(tempfile.mkdtemp(prefix="eoffice-offline-ca-")))
    p12 = offline_ca.pkcs12("leader", PASSWORD)
    offline_ca.stop()
    signed = sign_pdf(decree, Pkcs12Key(p12, PASSWORD), LEADER, trust_roots=[offline_ca.root_pem])
    assert b"/DSS" not in signed
    [status] = pyhanko_statuses(signed, offline_ca.root_pem)
    assert status.intact and status.valid


# --- refusals -------------------------------------------------------------------------------

def _refused(*args: object, **kwargs: object) -> SigningError:
    with pytest.raises(SigningError) as caught:
        sign_pdf(*args, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_wrong_pkcs12_password_is_refused_in_vietnamese(pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, Pkcs12Key(pki.pkcs12("leader", PASSWORD), "sai mật khẩu"), LEADER)
    assert error.code == "wrong_password" and "Mật khẩu tệp chứng thư số" in error.message


def test_expired_certificate_is_refused_before_anything_is_signed(pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, _key(pki, "leader-expired"), LEADER, trust_roots=[pki.root_pem])
    assert error.code == "cert_expired" and "hết hạn" in error.message


def test_revoked_certificate_is_refused_after_asking_the_ocsp_responder(pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, _key(pki, "leader-revoked"), LEADER, trust_roots=[pki.root_pem])
    assert error.code == "cert_revoked" and "thu hồi" in error.message


def test_a_pdf_other_than_the_approved_version_is_refused(pki: ServedPki, decree: bytes) -> None:
    approved = hashlib.sha256(decree).hexdigest()
    error = _refused(decree + b"\n% edited after approval\n", _key(pki), LEADER, approved_sha256=approved)
    assert error.code == "not_approved_version" and "bản đã được duyệt" in error.message
    assert sign_pdf(decree, _key(pki), LEADER, approved_sha256=approved.upper(), trust_roots=[])


def test_a_file_that_is_not_a_pdf_is_refused(pki: ServedPki) -> None:
    error = _refused(b"Kinh gui: day khong phai PDF", _key(pki), LEADER)
    assert error.code == "unreadable_pdf"


def test_an_unreachable_tsa_is_refused_rather_than_silently_signing_without_a_timestamp(
        pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, _key(pki), LEADER, tsa_url="http://127.0.0.1:9/tsa", trust_roots=[])
    assert error.code == "tsa_unreachable"


def test_the_password_never_appears_in_the_key_source_repr(pki: ServedPki) -> None:
    assert PASSWORD not in repr(_key(pki))


def test_a_number_is_stamped_once_a_second_one_is_refused(leader_signed: bytes) -> None:
    numbered = stamp_number(leader_signed, "15/QĐ-UBND")
    with pytest.raises(SigningError) as caught:
        stamp_number(numbered, "16/QĐ-UBND")
    assert caught.value.code == "number_already_stamped"



def test_a_date_field_placed_by_the_leader_is_filled_with_the_issue_date(pki: ServedPki, decree: bytes) -> None:
    appearance = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", date_box=(330.0, 735.0, 520.0, 752.0))
    numbered = stamp_number(sign_pdf(decree, _key(pki), appearance, trust_roots=[]), "15/QĐ-UBND", date(2026, 3, 5))
    assert appearance_texts(numbered, "NgayBanHanh") == ["ngày 05 tháng 03 năm 2026"]
    [status] = pyhanko_statuses(numbered, pki.root_pem)
    assert status.intact and status.docmdp_ok and status.modification_level.name == "FORM_FILLING"


def test_a_signature_image_that_is_not_an_image_is_refused_in_vietnamese(pki: ServedPki, decree: bytes) -> None:
    appearance = LeaderSignature(page=None, box=None, name="Nguyễn Văn Hòa", image_png=b"not a png")
    error = _refused(decree, _key(pki), appearance)
    assert error.code == "bad_image" and "ảnh PNG" in error.message


def test_a_page_outside_the_document_is_refused_in_vietnamese(pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, _key(pki), LeaderSignature(page=7, box=(300, 100, 450, 160), name="Nguyễn Văn Hòa"))
    assert error.code == "bad_page"


def test_the_agency_cannot_seal_a_document_the_leader_has_not_signed(pki: ServedPki, decree: bytes) -> None:
    error = _refused(decree, _key(pki, "agency"), AgencySignature("ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"))
    assert error.code == "field_not_found" and "lãnh đạo ký trước" in error.message
