"""Pre-fill from PDFs as government offices really issue them: the number and date stamped into
the blanks as annotations/form fields, the body citing an earlier date first, the signer's name
drawn in pieces without spaces, text in NFD."""
from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from eoffice.documents.document_hints import hints_from_text, respace_name
from eoffice.documents.pdf_inspect import inspect_pdf
from tests.unit.documents.pdf_factory import make_incoming_pdf

BODY_CITING_EARLIER_DATES = (
    "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh;",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Theo đề nghị của Giám đốc Sở Nội vụ.",
)


@pytest.fixture(scope="module")
def stamped_decision(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_incoming_pdf(
        tmp_path_factory.mktemp("stamped") / "qd.pdf", number=7, stamped=True, split_signer=True, decomposed=True,
        signer="Trần Hồng Hà", issued=date(2026, 3, 15), place="Hà Nội", body=BODY_CITING_EARLIER_DATES,
    )


def test_the_number_stamped_into_the_blank_is_read_from_the_annotation(stamped_decision: Path) -> None:
    content = stamped_decision.read_bytes()
    report = inspect_pdf(stamped_decision)
    assert report.hints.so_ky_hieu == "07/QĐ-UBND"
    assert report.hints.doc_type_code == "QĐ"
    assert b"/FreeText" in content, "the number really is an annotation, not page text"


def test_the_date_is_the_place_and_date_line_filled_by_widgets_not_the_first_date_in_the_body(stamped_decision: Path) -> None:
    hints = inspect_pdf(stamped_decision).hints
    assert hints.issued_date == date(2026, 3, 15)
    assert hints.place == "Hà Nội"


def test_a_signer_name_drawn_in_pieces_in_nfd_comes_back_whole_and_spaced(stamped_decision: Path) -> None:
    hints = inspect_pdf(stamped_decision).hints
    assert hints.signer_name == "Trần Hồng Hà"
    assert unicodedata.is_normalized("NFC", hints.signer_name)
    assert (hints.signer_authority, hints.signer_position) == ("TM.", "CHỦ TỊCH")


def test_stamped_text_is_in_the_searchable_text_and_hidden_annotations_are_not(stamped_decision: Path) -> None:
    report = inspect_pdf(stamped_decision)
    assert "\n07\n" in report.text
    assert "99/QD-GIA" not in report.text, "a hidden annotation is not what the page shows"
    assert report.hints.subject == "Về việc ban hành Kế hoạch chuyển đổi số tỉnh Phú Yên năm 2026"


def test_a_field_value_without_an_appearance_still_counts(stamped_decision: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(stamped_decision))
    for annotation in writer.pages[0]["/Annots"]:
        annotation.get_object().pop("/AP", None)  # only /V (fields) and /Contents (free text) remain
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "khong-ap.pdf"
    path.write_bytes(buffer.getvalue())
    hints = inspect_pdf(path).hints
    assert hints.so_ky_hieu == "07/QĐ-UBND"
    assert hints.issued_date == date(2026, 3, 15)


def test_without_a_header_date_the_body_citation_is_not_taken_as_the_date() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN\nSố: 07/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Phú Yên, ngày     tháng     năm 2026\nQUYẾT ĐỊNH\nVề việc ban hành kế hoạch\n"
        + "\n".join(BODY_CITING_EARLIER_DATES)
    )
    hints = hints_from_text(text)
    assert hints.so_ky_hieu == "07/QĐ-UBND"
    assert hints.issued_date is None, "when in doubt, nothing: the clerk types it"


def test_a_date_line_with_the_place_printed_apart_is_still_the_date() -> None:
    hints = hints_from_text("BỘ NỘI VỤ\nSố: 05/TT-BNV\nngày 02 tháng 4 năm 2026\nTHÔNG TƯ\nQuy định chi tiết\n"
                            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020;")
    assert hints.issued_date == date(2026, 4, 2)
    assert hints.doc_type_code == "TT", "a Thông tư is recognised by its title"


@pytest.mark.parametrize(("raw", "spaced"), [
    ("TrầnHồng Hà", "Trần Hồng Hà"),
    ("NguyễnVănHòa", "Nguyễn Văn Hòa"),
    (unicodedata.normalize("NFD", "ĐặngĐình Đức"), "Đặng Đình Đức"),
    ("Nguyễn  Văn Hòa", "Nguyễn Văn Hòa"),
    ("TRẦN HỒNG HÀ", "TRẦN HỒNG HÀ"),
])
def test_glued_name_parts_are_split_at_the_capital(raw: str, spaced: str) -> None:
    assert respace_name(raw) == spaced
