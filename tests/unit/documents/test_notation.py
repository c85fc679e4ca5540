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


# --- What a clerk types into the registration form ----------------------------------------------
import unicodedata  # noqa: E402

from eoffice.documents.notation import MAX_NOTATION_LENGTH, InvalidCode, check_code  # noqa: E402

JOINT_CIRCULAR = "2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT"


@pytest.mark.parametrize(
    ("number", "notation", "stored"),
    [
        ("15", "QĐ-UBND", ("15", "QĐ-UBND")),
        ("12", " ubnd - vp ", ("12", "UBND-VP")),  # công văn: agency - drafting unit, spaces dropped
        ("02", JOINT_CIRCULAR, ("02", JOINT_CIRCULAR)),  # longer than the old 30-character limit
        ("56", "2007/nd-cp", ("56", "2007/NĐ-CP")),  # lower case and no Vietnamese keyboard
        ("", "56 / 2007 / nd – cp", ("56", "2007/NĐ-CP")),  # the whole số/ký hiệu pasted into Ký hiệu
        ("15", "15/QĐ-UBND", ("15", "QĐ-UBND")),  # the number typed twice
        ("3", "qyđ-ubnd", ("3", "QyĐ-UBND")),  # mixed-case type abbreviation restored
        ("7", "KH-TTr", ("7", "KH-TTr")),  # mixed-case agency kept (TTr: Thanh tra)
        (" 45 ", "2026/qđ-ubnd", ("45", "2026/QĐ-UBND")),
        ("", "", ("", "")),  # a citizen's letter has neither
    ],
)
def test_typed_codes_are_accepted_in_the_decree_30_spelling(number: str, notation: str, stored: tuple[str, str]) -> None:
    assert check_code(number, notation) == stored


def test_decomposed_input_is_stored_precomposed() -> None:
    number, notation = check_code("8", unicodedata.normalize("NFD", "qđ-ubnd"))
    assert notation == "QĐ-UBND" and unicodedata.is_normalized("NFC", notation)


def _refusal(number: str, notation: str) -> InvalidCode:
    with pytest.raises(InvalidCode) as caught:
        check_code(number, notation)
    assert caught.value.status == 400 and caught.value.message[0].isupper()
    return caught.value


def test_markup_and_symbols_in_the_notation_are_refused_naming_them() -> None:
    refused = _refusal("1", "SXD@@QLXD!! <b>x</b>")
    assert refused.code == "invalid_code_notation"
    for shown in ("'@'", "'!'", "'<'", "'>'"):
        assert shown in refused.message
    assert "QĐ-UBND" in refused.message, "the message shows the right shape"


@pytest.mark.parametrize(
    ("number", "notation", "code", "says"),
    [
        ("1", "ỦBND-VP", "invalid_code_notation", "chỉ giữ chữ Đ"),
        ("1", "SXD QLXD", "invalid_code_notation", "khoảng trắng"),
        ("1", "QĐ--UBND", "invalid_code_notation", "thừa"),
        ("1", "QĐ-UBND-", "invalid_code_notation", "thừa"),
        ("1", "QĐ-1BND", "invalid_code_notation", "bắt đầu bằng chữ cái"),
        ("1", "123/QĐ-UBND", "code_number_mismatch", "123"),
        ("15", "16/QĐ-UBND", "code_number_mismatch", "16"),
        ("12a", "QĐ-UBND", "invalid_code_number", "chữ số"),
        ("15/QĐ", "UBND", "invalid_code_number", "chữ số"),
        ("12345678", "QĐ-UBND", "invalid_code_number", "7 chữ số"),
        ("15", "", "missing_code_notation", "chưa nhập ký hiệu"),
        ("", "QĐ-UBND", "missing_code_number", "chưa nhập số"),
        ("15", "QĐ-" + "A" * MAX_NOTATION_LENGTH, "code_too_long", str(MAX_NOTATION_LENGTH)),
    ],
)
def test_each_wrong_shape_gets_a_message_naming_what_is_wrong(number: str, notation: str, code: str, says: str) -> None:
    refused = _refusal(number, notation)
    assert refused.code == code
    assert says in refused.message
    assert "Hãy" in refused.message, "it says what to do next"


def test_joint_notation_parses_with_its_year_and_ampersand_group() -> None:
    parsed = parse_notation("02/" + JOINT_CIRCULAR)
    assert parsed.year == 2018 and parsed.groups[-1] == "BNN&PTNT"
    assert parsed.doc_type.name == "Thông tư liên tịch"
