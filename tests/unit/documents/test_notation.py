"""Số/ký hiệu are parsed and normalised one way for registration, search and duplicates."""
from __future__ import annotations

import pytest

from eoffice.documents.notation import find_notation_in_text, normalize_notation, notation_key, parse_notation


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("15/QĐ-UBND", "15/QĐ-UBND"),
        (" 15 / qđ - ubnd ", "15/QĐ-UBND"),
        ("Số:  07 /TB-STNMT", "07/TB-STNMT"),
        ("7/TB-STNMT", "07/TB-STNMT"),
        ("15/2026/QĐ-UBND", "15/2026/QĐ-UBND"),
        ("123/UBND-VP", "123/UBND-VP"),
        ("12/kh–ubnd", "12/KH-UBND"),
        ("3/qyđ-ubnd", "03/QyĐ-UBND"),
        ("45/TTr-SKHCN", "45/TTr-SKHCN"),
    ],
)
def test_spellings_normalise_to_the_decree_30_form(raw: str, canonical: str) -> None:
    assert normalize_notation(raw) == canonical


def test_parts_of_a_legal_document_notation() -> None:
    parsed = parse_notation("15/2026/QĐ-UBND")
    assert (parsed.number, parsed.year, parsed.code, parsed.notation) == (15, 2026, "QĐ-UBND", "2026/QĐ-UBND")
    assert parsed.doc_type.name == "Quyết định"
    assert parsed.agency_part == "UBND"


def test_cong_van_notation_names_agency_and_drafting_unit_not_a_type() -> None:
    parsed = parse_notation("123/UBND-VP")
    assert parsed.doc_type is None
    assert parsed.agency_part == "UBND-VP"


def test_agency_group_written_in_mixed_case_is_kept() -> None:
    assert normalize_notation("12/KH-TTr") == "12/KH-TTr"  # TTr: Thanh tra


@pytest.mark.parametrize("raw", ["", "15", "QĐ-UBND", "abc/def", "15/", "/QĐ-UBND"])
def test_text_that_is_not_a_notation_gives_none(raw: str) -> None:
    assert parse_notation(raw) is None


def test_spellings_of_one_notation_share_a_key() -> None:
    assert notation_key("15/QĐ-UBND") == notation_key("015 / qd - ubnd") == parse_notation("15/qđ-ubnd").key
    assert notation_key("15/QĐ-UBND") != notation_key("16/QĐ-UBND")


def test_header_number_is_found_and_body_citations_are_ignored() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN\n"
        "Số: 123/UBND-\nVP     Phú Yên, ngày 05 tháng 3 năm 2026\n"
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;"
    )
    assert find_notation_in_text(text).so_ky_hieu == "123/UBND-VP"
    assert find_notation_in_text("Căn cứ Quyết định số 15/QĐ-UBND của UBND tỉnh") is None
