"""Whatever a user types, the answer is a result or a clear Vietnamese error, never a crash."""

from __future__ import annotations

import pytest

from search import Query, ResultPage, SearchError, SearchIndex

CLERK = ["user:5", "unit:1", "all"]

HOSTILE = [
    '"unbalanced quote',
    'quyết định "',
    '"""',
    "AND OR (",
    "quyết AND định OR",
    "(((",
    ")",
    "-",
    "--",
    "*",
    "quy*",
    "?",
    "title:quyết",
    "body:(a OR b)",
    "[2020 TO 2026]",
    "{}",
    "\\",
    "a~2",
    "^2",
    "/regex/",
    "NOT",
    "&& ||",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\x00\x01",
    "😀 quyết định",
    "〝quyết định〞",
    "“kế hoạch phát triển”",
    "   ",
    "a" * 400,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gives_a_result_or_a_vietnamese_error(office_index: SearchIndex, text: str) -> None:
    try:
        page = office_index.search(Query(text=text, principals=CLERK))
    except SearchError as err:
        assert err.code
        assert err.message and any(ch in err.message for ch in "ăâđêôơưấầẩẫậếềểễệốồổỗộớờởỡợứừửữự")
        return
    assert isinstance(page, ResultPage)
    assert page.total >= 0
    assert all("incoming:5" != h.id for h in page.hits)


def test_ten_thousand_characters_is_a_clear_error(office_index: SearchIndex) -> None:
    with pytest.raises(SearchError) as err:
        office_index.search(Query(text="quyết định " * 910, principals=CLERK))
    assert err.value.code == "query_too_long"
    assert "quá dài" in err.value.message


def test_only_operators_is_a_clear_error(office_index: SearchIndex) -> None:
    with pytest.raises(SearchError) as err:
        office_index.search(Query(text="AND OR (", principals=CLERK))
    assert err.value.code == "no_search_terms"
    assert "để trống để xem tất cả" in err.value.message


def test_empty_query_matches_all_the_caller_may_see(office_index: SearchIndex) -> None:
    everything = office_index.search(Query(text="", principals=CLERK))
    star = office_index.search(Query(text="*", principals=CLERK))
    assert everything.total == star.total == 31


def test_unbalanced_quote_is_a_phrase_to_the_end(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text='"ke hoach phat trien', principals=CLERK))
    assert [h.id for h in page.hits] == ["incoming:1"]


def test_operators_among_words_are_ignored(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="quyết AND định OR phê ( duyệt", principals=CLERK))
    assert [h.id for h in page.hits] == ["incoming:1"]


def test_wildcard_is_not_passed_to_the_engine(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="quy*", principals=CLERK))
    assert page.total == 0  # "quy" as a word: nothing in the corpus


def test_field_syntax_is_plain_words(office_index: SearchIndex) -> None:
    page = office_index.search(Query(text="title:thuỷ", principals=CLERK))
    assert page.total == 0  # "title thủy" — all words must match; "title" is in nothing


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"page": 0}, "invalid_page"),
        ({"per_page": 0}, "invalid_page"),
        ({"per_page": 1000}, "invalid_page"),
        ({"page": 1000, "per_page": 100}, "page_too_deep"),
        ({"sort": "title"}, "invalid_sort"),
        ({"facets": ("password",)}, "invalid_facet"),
        ({"kinds": ["Văn bản!"]}, "invalid_filter"),
        ({"filters": {"year": ["2026"]}}, "invalid_filter"),
        ({"filters": {"doc_type": "Quyết định"}}, "invalid_filter"),
    ],
)
def test_bad_parameters_are_clear_errors(office_index: SearchIndex, options: dict, code: str) -> None:
    with pytest.raises(SearchError) as err:
        office_index.search(Query(text="quyet dinh", principals=CLERK, **options))
    assert err.value.code == code
    assert err.value.message
