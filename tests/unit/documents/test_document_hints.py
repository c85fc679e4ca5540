"""Hints from plain text (OCR output, or a PDF whose positions are lost): the notations and
dates Vietnamese agencies really print, in NFC or NFD, and nothing invented."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from eoffice.documents.document_hints import hints_from_text

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH PHÚ YÊN\n{number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{date}\n"


def text(number: str, title: str = "QUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\n",
         when: str = "Phú Yên, ngày 13 tháng 02 năm 2026", tail: str = "") -> str:
    return HEADER.format(number=number, date=when) + title + "Căn cứ Luật Tổ chức chính quyền địa phương;\n" + tail


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize(("printed", "so_ky_hieu", "number", "year", "type_code"), [
    ("Số: 15/QĐ-UBND", "15/QĐ-UBND", 15, None, "QĐ"),
    ("Số: 05/2025/QĐ-UBND", "05/2025/QĐ-UBND", 5, 2025, "QĐ"),
    ("Số: 45/TTr-STP", "45/TTr-STP", 45, None, "TTr"),
    ("Số:45 / TTr - STP", "45/TTr-STP", 45, None, "TTr"),  # OCR spacing
    ("SỐ: 15/QĐ-UBND", "15/QĐ-UBND", 15, None, "QĐ"),  # label printed in capitals
    ("Số 7/QĐ-UBND", "07/QĐ-UBND", 7, None, "QĐ"),  # no colon, no zero padding
])
def test_notations_as_agencies_print_them(form: str, printed: str, so_ky_hieu: str, number: int,
                                          year: int | None, type_code: str) -> None:
    title = "TỜ TRÌNH\nVề việc thông qua dự thảo\n" if type_code == "TTr" else "QUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\n"
    hints = hints_from_text(unicodedata.normalize(form, text(printed, title)))
    assert (hints.so_ky_hieu, hints.number, hints.notation_year, hints.doc_type_code) == (so_ky_hieu, number, year, type_code)
    assert hints.issuer == "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"  # the number line is not part of the agency


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_official_letter_number_with_agency_and_unit(form: str) -> None:
    source = text("Số: 123/UBND-VP\nV/v triển khai kế hoạch chuyển đổi số", title="Kính gửi: Các sở, ngành\n")
    hints = hints_from_text(unicodedata.normalize(form, source))
    assert (hints.so_ky_hieu, hints.doc_type_code) == ("123/UBND-VP", "CV")
    assert hints.subject == "V/v triển khai kế hoạch chuyển đổi số"


@pytest.mark.parametrize(("printed", "expected"), [
    ("Phú Yên, ngày 13 tháng 02 năm 2026", date(2026, 2, 13)),
    ("Đông Hòa, ngày 5 tháng 3 năm 2026", date(2026, 3, 5)),
    ("Tuy Hòa,  ngày  05  tháng  3  năm  2026", date(2026, 3, 5)),
])
def test_dates_written_the_decree_way(printed: str, expected: date) -> None:
    hints = hints_from_text(unicodedata.normalize("NFD", text("Số: 15/QĐ-UBND", when=printed)))
    assert hints.issued_date == expected
    assert unicodedata.is_normalized("NFC", hints.place or "")
    assert hints.place == printed.split(",")[0]


def test_impossible_date_gives_no_date() -> None:
    hints = hints_from_text(text("Số: 15/QĐ-UBND", when="Phú Yên, ngày 29 tháng 02 năm 2026"))
    assert hints.issued_date is None


def test_without_a_signature_block_no_signer_is_invented() -> None:
    # The title in capitals and the agency lines look like a name and a position; they are not.
    hints = hints_from_text(text("Số: 15/QĐ-UBND"))
    assert (hints.signer_name, hints.signer_position) == (None, None)


def test_signer_printed_in_capitals_under_the_position() -> None:
    tail = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n(Đã ký)\nLÊ VĂN AN\n"
    hints = hints_from_text(text("Số: 15/QĐ-UBND", tail=tail))
    assert (hints.signer_name, hints.signer_authority, hints.signer_position) == ("LÊ VĂN AN", None, "GIÁM ĐỐC")


def test_a_date_in_a_body_sentence_does_not_make_a_place() -> None:
    hints = hints_from_text("BIÊN BẢN\nHôm nay, ngày 13 tháng 02 năm 2026, tại xã Đông Hòa\n")
    assert hints.place is None
