"""search.querytext: user input becomes a safe structure; search.urls: backend URLs."""

from __future__ import annotations

import pytest

from search import SearchError, parse_search_url
from search.querytext import parse


def test_words_become_required_clauses_with_folded_tokens() -> None:
    parsed = parse("Quyết định Đông Hoà")
    assert [c.tokens for c in parsed.positive] == [("quyet",), ("dinh",), ("dong",), ("hoa",)]
    assert [c.text for c in parsed.positive] == ["Quyết", "định", "Đông", "Hòa"]
    assert all(c.accented for c in parsed.positive)


def test_quoted_phrase_is_one_clause() -> None:
    parsed = parse('báo cáo "kế hoạch năm"')
    assert [(c.tokens, c.phrase) for c in parsed.clauses] == [
        (("bao",), False),
        (("cao",), False),
        (("ke", "hoach", "nam"), True),
    ]


def test_typographic_quotes_are_quotes() -> None:
    assert parse("“kế hoạch”").clauses[0].phrase


def test_unclosed_quote_runs_to_the_end() -> None:
    parsed = parse('giấy "mời họp')
    assert parsed.clauses[-1].tokens == ("moi", "hop")
    assert parsed.clauses[-1].phrase


def test_notation_piece_is_kept_together() -> None:
    parsed = parse("15/QĐ-UBND")
    assert parsed.clauses[0].tokens == ("15", "qd", "ubnd")
    assert parsed.clauses[0].phrase
    assert parsed.notation_tokens == ("15", "qd", "ubnd")


def test_minus_excludes_words_and_phrases() -> None:
    parsed = parse('báo cáo -đường -"giao thông"')
    assert [c.tokens for c in parsed.negative] == [("duong",), ("giao", "thong")]
    assert [c.tokens for c in parsed.positive] == [("bao",), ("cao",)]


def test_operators_and_stray_syntax_are_ignored() -> None:
    parsed = parse("quyết AND định OR ( * )")
    assert [c.tokens for c in parsed.clauses] == [("quyet",), ("dinh",)]


@pytest.mark.parametrize("text", ["", "   ", "*"])
def test_empty_or_star_matches_all(text: str) -> None:
    assert parse(text).match_all


def test_exclusion_only_matches_all_but_the_excluded() -> None:
    parsed = parse("-mật")
    assert parsed.match_all
    assert parsed.negative


@pytest.mark.parametrize("text", ["AND OR (", "-", "((", "?!"])
def test_nothing_searchable_is_a_vietnamese_error(text: str) -> None:
    with pytest.raises(SearchError) as err:
        parse(text)
    assert err.value.code == "no_search_terms"
    assert "không có từ nào" in err.value.message


def test_too_many_words_is_a_vietnamese_error() -> None:
    with pytest.raises(SearchError) as err:
        parse(" ".join(f"từ{n}" for n in range(100)))
    assert err.value.code == "too_many_terms"


@pytest.mark.parametrize(
    ("url", "backend", "detail"),
    [
        ("embedded:///var/lib/eoffice/search", "embedded", "/var/lib/eoffice/search"),
        ("embedded:data/search", "embedded", "data/search"),
        ("http://127.0.0.1:9200", "elasticsearch", "http://127.0.0.1:9200"),
        ("elasticsearch://es.local:9201/?prefix=tinh", "elasticsearch", "http://es.local:9201"),
        ("elasticsearch+https://es.local/?prefix=tinh", "elasticsearch", "https://es.local:9200"),
        ("https://u:p%40ss@es.local:9243", "elasticsearch", "https://es.local:9243"),
    ],
)
def test_search_urls(url: str, backend: str, detail: str) -> None:
    parsed = parse_search_url(url)
    assert parsed.backend == backend
    assert (parsed.path if backend == "embedded" else parsed.hosts[0]) == detail


def test_search_url_options() -> None:
    parsed = parse_search_url("https://u:p%40ss@es.local:9243/?prefix=tinh-a&timeout=3&verify_certs=false")
    assert (parsed.prefix, parsed.username, parsed.password, parsed.timeout, parsed.verify_certs) == (
        "tinh-a",
        "u",
        "p@ss",
        3.0,
        False,
    )
    assert parse_search_url("http://127.0.0.1:9200").prefix == "eoffice"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x",
        "embedded://",
        "http://:9200",
        "http://h:9200/some/path",
        "http://h/?prefix=Bad*Name",
        "http://h/?colour=red",
    ],
)
def test_bad_search_urls_are_vietnamese_errors(url: str) -> None:
    with pytest.raises(SearchError) as err:
        parse_search_url(url)
    assert err.value.code == "invalid_search_url"
    assert "không hợp lệ" in err.value.message
