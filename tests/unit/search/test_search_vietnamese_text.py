"""search.vietnamese: NFC, tone placement, folding, index form and notation keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import vietnamese as vi

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(list(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ,./-0123456789")),
    max_size=80,
)
any_text = st.text(max_size=80)


def test_nfc_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định")
    assert len(decomposed) > len("Quyết định")
    assert vi.nfc(decomposed) == "Quyết định"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("uỷ ban", "ủy ban"),
        ("Thuỵ", "Thụy"),
        ("toà án", "tòa án"),
        ("xoè", "xòe"),
    ],
)
def test_modern_tone_placement_becomes_traditional(typed: str, expected: str) -> None:
    assert vi.normalize(typed) == expected


@pytest.mark.parametrize(
    "word",
    [
        "hòa",
        "hoàng",
        "hoạch",
        "toán",
        "quý",
        "quả",
        "khuỷu",
        "tuyển",
        "thuở",
        "người",
        "gìn",
        "giữa",
        "ngoài",
        "mùa",
    ],
)
def test_words_already_in_place_are_unchanged(word: str) -> None:
    assert vi.normalize(word) == word
    assert vi.normalize(word.upper()) == word.upper()


def test_modern_style_is_available() -> None:
    assert vi.normalize("hòa thủy khỏe", style="modern") == "hoà thuỷ khoẻ"


def test_non_vietnamese_words_are_left_alone() -> None:
    assert vi.normalize("naïve café Zoë Ñandú") == "naïve café Zoë Ñandú"


def test_normalize_accepts_decomposed_modern_text() -> None:
    assert vi.normalize(unicodedata.normalize("NFD", "Đông Hoà")) == "Đông Hòa"


@given(any_text)
def test_normalize_is_idempotent_and_nfc(text: str) -> None:
    once = vi.normalize(text)
    assert vi.normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(vietnamese_text)
def test_tone_placement_keeps_length_and_letters(text: str) -> None:
    text = vi.nfc(text)
    normalised = vi.normalize_tone_marks(text)
    assert len(normalised) == len(text)
    assert vi.fold(normalised) == vi.fold(text)


def test_fold_removes_every_vietnamese_mark_including_d_stroke() -> None:
    assert vi.fold("Quyết định số 15/QĐ-UBND xã Đông Hòa") == "Quyet dinh so 15/QD-UBND xa Dong Hoa"
    assert vi.fold("đường Dương dưỡng") == "duong Duong duong"


def test_fold_handles_decomposed_input() -> None:
    assert vi.fold(unicodedata.normalize("NFD", "Đông Hòa")) == "Dong Hoa"


@given(vietnamese_text)
def test_fold_of_vietnamese_is_ascii(text: str) -> None:
    assert vi.fold(text).isascii()


@given(any_text)
def test_fold_is_idempotent(text: str) -> None:
    once = vi.fold(text)
    assert vi.fold(once) == once


@given(any_text)
def test_fold_is_stable_under_nfc_and_nfd(text: str) -> None:
    assert vi.fold(unicodedata.normalize("NFD", text)) == vi.fold(unicodedata.normalize("NFC", text))


def test_has_diacritics() -> None:
    assert vi.has_diacritics("quyết")
    assert vi.has_diacritics("Dd đ")
    assert not vi.has_diacritics("quyet dinh 15/QD")


@given(any_text)
@settings(max_examples=300)
def test_index_form_preserves_length_of_nfc_text(text: str) -> None:
    text = vi.normalize(text)
    assert len(vi.index_form(text)) == len(text)


def test_index_form_blanks_punctuation_and_leading_zeros() -> None:
    assert vi.index_form("05/QĐ-UBND, TP.HCM") == " 5 QD UBND  TP HCM"
    assert vi.index_form("2026 100 007") == "2026 100   7"


def test_search_tokens_are_lowercase_folded_words() -> None:
    assert vi.search_tokens("Quyết định 15/QĐ-UBND của UBND xã Đông Hoà") == [
        "quyet",
        "dinh",
        "15",
        "qd",
        "ubnd",
        "cua",
        "ubnd",
        "xa",
        "dong",
        "hoa",
    ]


@pytest.mark.parametrize(
    "typed", ["15/QĐ-UBND", "15/qd-ubnd", "15 QĐ UBND", "15 qđ ubnd", "015/QD-UBND", " 15 / Qđ - Ubnd "]
)
def test_notation_key_is_the_same_however_typed(typed: str) -> None:
    assert vi.notation_key(typed) == "15/qd-ubnd"


def test_notation_key_without_number_and_agency_pairs() -> None:
    assert vi.notation_key("UBND-VP") == "ubnd-vp"
    assert vi.notation_key("12/UBND-VP") == "12/ubnd-vp"
    assert vi.notation_key("12/UBND-VP") != vi.notation_key("12/QĐ-UBND")


@pytest.mark.parametrize("text", ["15/QĐ-UBND", "15 QĐ UBND", "05/kh-ubnd"])
def test_looks_like_notation(text: str) -> None:
    assert vi.looks_like_notation(text)


@pytest.mark.parametrize("text", ["quyết định", "năm 2026", "2026"])
def test_plain_words_do_not_look_like_notation(text: str) -> None:
    assert not vi.looks_like_notation(text)


@given(vietnamese_text)
def test_notation_key_ignores_accents_case_and_separators(text: str) -> None:
    key = vi.notation_key(text)
    assert vi.notation_key(vi.fold(text)) == key
    assert vi.notation_key(text.upper()) == key
    assert vi.notation_key(text.replace("/", " ").replace("-", " ")) == key
