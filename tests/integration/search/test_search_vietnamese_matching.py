"""Vietnamese done right, on both backends: accents, đ, tone placement, NFC, notations."""

from __future__ import annotations

import re
import unicodedata

import pytest

from search import Query, SearchIndex

EVERYONE_PUBLIC = ["user:5", "unit:1", "all"]


def marked_words(html: str) -> list[str]:
    """Words inside <mark> (engines may merge adjacent matches into one mark)."""
    return [w for span in re.findall(r"<mark>(.*?)</mark>", html) for w in span.split()]


def ids(index: SearchIndex, text: str, **options: object) -> list[str]:
    page = index.search(Query(text=text, principals=EVERYONE_PUBLIC, per_page=50, **options))  # type: ignore[arg-type]
    return [hit.id for hit in page.hits]


def test_unaccented_query_finds_accented_title(office_index: SearchIndex) -> None:
    assert "incoming:1" in ids(office_index, "quyet dinh phe duyet")


def test_unaccented_query_folds_d_stroke(office_index: SearchIndex) -> None:
    found = ids(office_index, "dong hoa")
    assert {"incoming:1", "outgoing:2"} <= set(found)


def test_uppercase_d_stroke_query_matches_lowercase_text(office_index: SearchIndex) -> None:
    assert "incoming:4" in ids(office_index, "ĐƯỜNG GIAO THÔNG")


@pytest.mark.parametrize("typed", ["Đông Hòa", "Đông Hoà", "đông hoà"])
def test_accented_query_matches_either_tone_placement(office_index: SearchIndex, typed: str) -> None:
    found = ids(office_index, typed)
    # incoming:1 is written "Hòa" (traditional), outgoing:2 "Hoà" (modern)
    assert {"incoming:1", "outgoing:2"} <= set(found)


@pytest.mark.parametrize("typed", ["thủy lợi", "thuỷ lợi", "thuy loi"])
def test_thuy_loi_found_whatever_the_tone_placement(office_index: SearchIndex, typed: str) -> None:
    assert ids(office_index, typed)[0] == "outgoing:2"


@pytest.mark.parametrize(
    "typed", ["sức khỏe", "sức khoẻ", unicodedata.normalize("NFD", "sức khỏe"), "suc khoe"]
)
def test_decomposed_text_is_found_and_returned_as_nfc(office_index: SearchIndex, typed: str) -> None:
    page = office_index.search(Query(text=typed, principals=EVERYONE_PUBLIC))
    assert [h.id for h in page.hits] == ["incoming:7"]
    hit = page.hits[0]
    assert hit.title == unicodedata.normalize("NFC", hit.title)
    assert hit.title == "Thông báo lịch kiểm tra sức khỏe định kỳ"
    assert unicodedata.is_normalized("NFC", hit.highlights["body"])


def test_folded_query_finds_both_duong_words(office_index: SearchIndex) -> None:
    found = ids(office_index, "duong")
    assert {"incoming:3", "incoming:4"} <= set(found)


def test_exact_accent_ranks_first_for_duong_positive(office_index: SearchIndex) -> None:
    found = ids(office_index, "dương")
    assert found[0] == "incoming:3"
    assert "incoming:4" in found  # still found, ranked below


def test_exact_accent_ranks_first_for_duong_road(office_index: SearchIndex) -> None:
    found = ids(office_index, "đường")
    assert found[0] == "incoming:4"
    assert "incoming:3" in found


@pytest.mark.parametrize(
    "typed", ["15/QĐ-UBND", "15/qd-ubnd", "15 QĐ UBND", "15 qd ubnd", "15/qđ-ubnd", " 15 / QĐ - UBND "]
)
def test_notation_typed_any_way_finds_the_document_first(office_index: SearchIndex, typed: str) -> None:
    assert ids(office_index, typed)[0] == "incoming:1"


@pytest.mark.parametrize("typed", ["5/KH-UBND", "05/KH-UBND", "5 kh ubnd"])
def test_zero_padded_number_matches_with_or_without_zero(office_index: SearchIndex, typed: str) -> None:
    assert ids(office_index, typed)[0] == "outgoing:2"


def test_notation_does_not_match_another_number(office_index: SearchIndex) -> None:
    found = ids(office_index, "15/QĐ-UBND")
    assert "incoming:5" not in found  # 07/QĐ-UBND, and hidden anyway
    assert "outgoing:115" not in found  # 15/UBND-VP: number 15 but another notation


def test_quoted_phrase_requires_adjacent_words(office_index: SearchIndex) -> None:
    found = ids(office_index, '"kế hoạch phát triển"')
    assert "incoming:1" in found
    assert "dossier:8" not in found  # same words, not adjacent
    assert "dossier:8" in ids(office_index, "kế hoạch phát triển")


def test_unaccented_phrase_matches_accented_text(office_index: SearchIndex) -> None:
    assert ids(office_index, '"ke hoach phat trien"')[0] == "incoming:1"


def test_minus_word_excludes(office_index: SearchIndex) -> None:
    found = ids(office_index, "báo cáo -đường")
    assert "incoming:3" in found
    assert "incoming:4" not in found


def test_agency_name_is_searchable(office_index: SearchIndex) -> None:
    found = ids(office_index, "tram y te")
    assert found == ["incoming:3"]


def test_highlights_mark_original_accented_words_for_unaccented_query(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="phe duyet", principals=EVERYONE_PUBLIC))
    hit = next(h for h in page.hits if h.id == "incoming:1")
    assert marked_words(hit.highlights["title"]) == ["phê", "duyệt"]
    assert "phê" in marked_words(hit.highlights["body"])


def test_highlights_escape_html_in_the_text(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="dieu 1", principals=EVERYONE_PUBLIC))
    hit = next(h for h in page.hits if h.id == "incoming:1")
    body = hit.highlights["body"]
    assert "<b>" not in body
    assert "&lt;b&gt;" in body
    assert "Điều" in marked_words(body)


def test_highlights_follow_normalised_tone_placement(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="đông hoà", principals=EVERYONE_PUBLIC))
    hit = next(h for h in page.hits if h.id == "outgoing:2")
    # Indexed text is normalised to the traditional placement ("Hoà" → "Hòa"); so are highlights.
    assert "Hòa" in marked_words(hit.highlights["title"])
    assert hit.title == "Kế hoạch thủy lợi vụ đông xuân xã Đông Hòa"
