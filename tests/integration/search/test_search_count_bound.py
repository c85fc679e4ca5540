"""Counts exact up to a bound, then "more than": both backends, the same answers.

The bound is 10,000 in the application; these tests pass a small ``total_bound`` so a corpus
of a few hundred items crosses it. Beyond the bound the facets are estimated on a sample.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

import pytest

from search import IndexedItem, Query, SearchIndex
from search.model import TOTAL_BOUND, ResultPage, SearchError
from search.querytext import parse

from tests.integration.search.conftest import BACKENDS, item, loaded_index

PLANS = 360  # "Kế hoạch … thiên tai" items, 9 in 10 visible to everybody
REPORTS = 40  # "Báo cáo … thiên tai"
OTHERS = 30  # match nothing below
EVERYONE = ["all"]


def bounded_corpus() -> list[IndexedItem]:
    """Many matches of "thiên tai" with ties in score (identical titles) and a few restricted ones."""
    items = []
    start = dt.date(2024, 1, 1)
    for i in range(PLANS):
        items.append(
            item(
                f"incoming:{i}",
                "Kế hoạch phòng chống thiên tai năm 2026" if i % 3 else "Kế hoạch phòng chống thiên tai và tìm kiếm cứu nạn",
                doc_type="Kế hoạch",
                issuer="UBND xã Đông Hòa",
                status="Đã ban hành",
                date=start + dt.timedelta(days=i),
                readers=["user:7"] if i % 10 == 0 else ["all"],
            )
        )
    for i in range(REPORTS):
        items.append(
            item(
                f"outgoing:{i}",
                "Báo cáo thiệt hại do thiên tai",
                doc_type="Báo cáo",
                issuer="Sở Nông nghiệp và Môi trường",
                date=start + dt.timedelta(days=2 * i),
            )
        )
    for i in range(OTHERS):
        items.append(item(f"task:{i}", "Chuẩn bị hồ sơ họp giao ban", date=start + dt.timedelta(days=i)))
    return items


@pytest.fixture(scope="module", params=BACKENDS)
def bounded_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """The corpus, loaded once per module and backend (read-only tests)."""
    yield from loaded_index(request.param, tmp_path_factory, bounded_corpus())


VISIBLE = PLANS - PLANS // 10 + REPORTS  # what "all" may read of the matches


def test_a_count_within_the_bound_is_exact_with_exact_facets(bounded_index: SearchIndex) -> None:
    page = bounded_index.search(Query(text="thien tai", principals=EVERYONE, total_bound=VISIBLE))
    assert (page.total, page.total_is_lower_bound, page.facets_are_estimates) == (VISIBLE, False, False)
    assert dict(page.facets["doc_type"]) == {"Kế hoạch": PLANS - PLANS // 10, "Báo cáo": REPORTS}
    assert page.total_text == f"{VISIBLE}"


def test_a_count_beyond_the_bound_says_more_than_the_bound(bounded_index: SearchIndex) -> None:
    page = bounded_index.search(Query(text="thien tai", principals=EVERYONE, total_bound=VISIBLE - 1))
    assert (page.total, page.total_is_lower_bound) == (VISIBLE - 1, True)
    assert page.total_text == f"hơn {VISIBLE - 1}"
    assert len(page.hits) == 20 and page.pages == -(-(VISIBLE - 1) // 20)


def test_the_bound_counts_only_what_the_caller_may_see(bounded_index: SearchIndex) -> None:
    # user 7 also sees the 36 restricted plans: 400 matches, over a bound of 390
    page = bounded_index.search(Query(text="thien tai", principals=["user:7", "all"], total_bound=VISIBLE + 30))
    assert page.total_is_lower_bound and page.total == VISIBLE + 30
    page = bounded_index.search(Query(text="thien tai", principals=["user:7"], total_bound=VISIBLE + 30))
    assert (page.total, page.total_is_lower_bound) == (PLANS // 10, False)


def test_facets_beyond_the_bound_are_estimates_that_keep_the_big_values(bounded_index: SearchIndex) -> None:
    # 400 matches, a bound of 5: the 1/16 sample (embedded) proves the bound on its own
    page = bounded_index.search(Query(text="thien tai", principals=EVERYONE, total_bound=5))
    assert page.facets_are_estimates and page.total_is_lower_bound
    doc_types = dict(page.facets["doc_type"])
    assert "Kế hoạch" in doc_types and doc_types["Kế hoạch"] >= doc_types.get("Báo cáo", 0)
    assert all(n > 0 for values in page.facets.values() for _, n in values)


def test_the_application_bound_is_ten_thousand_and_the_page_writes_it_the_vietnamese_way() -> None:
    assert Query(principals=EVERYONE).total_bound == TOTAL_BOUND == 10_000
    page = ResultPage(total=10_000, hits=[], page=1, per_page=20, total_is_lower_bound=True)
    assert page.total_text == "hơn 10.000"
    assert ResultPage(total=1234, hits=[], page=1, per_page=20).total_text == "1.234"


@pytest.mark.parametrize("bound", [0, 10_001, "10"])
def test_an_unusable_bound_is_refused(empty_index: SearchIndex, bound: Any) -> None:
    with pytest.raises(SearchError) as caught:
        empty_index.search(Query(principals=EVERYONE, total_bound=bound))
    assert caught.value.code == "invalid_total_bound"


def _unbounded_ids(index: SearchIndex, query: Query) -> list[str]:
    """Today's path before the bound: every match scored and counted exactly."""
    parsed = parse(query.text)
    if index.backend == "embedded":
        generation = index._live()  # type: ignore[attr-defined]
        searcher = generation.index.searcher()
        engine_query = index.build_query(generation, query, parsed)  # type: ignore[attr-defined]
        result = searcher.search(engine_query, limit=query.per_page, offset=query.offset, count=True)
        assert result.count > query.total_bound
        return [searcher.doc(address).to_dict()["id"][0] for _, address in result.hits]
    body = index.build_request(query, parsed)  # type: ignore[attr-defined]
    body["track_total_hits"] = True
    body.pop("aggs", None)
    response = index.es.search(index=index.alias, **body)  # type: ignore[attr-defined]
    assert response["hits"]["total"]["value"] > query.total_bound
    return [h["_source"]["id"] for h in response["hits"]["hits"]]


@pytest.mark.parametrize("text", ["thien tai", "kế hoạch", '"phòng chống thiên tai"', "thien tai -cuu"])
@pytest.mark.parametrize("page_number", [1, 3])
def test_the_top_hits_are_the_same_as_with_an_exact_count(
    bounded_index: SearchIndex, text: str, page_number: int
) -> None:
    query = Query(text=text, principals=EVERYONE, total_bound=25, page=page_number)
    page = bounded_index.search(query)
    assert page.total_is_lower_bound
    assert [h.id for h in page.hits] == _unbounded_ids(bounded_index, query)


def test_equal_scores_list_the_newest_first(bounded_index: SearchIndex) -> None:
    page = bounded_index.search(Query(text='"và tìm kiếm cứu nạn"', principals=EVERYONE, total_bound=25))
    dates = [h.date for h in page.hits]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates) == 20


def test_the_embedded_sample_is_spread_over_consecutive_ids() -> None:
    from search.embedded import SAMPLE_BUCKETS, SAMPLE_SHARE, sample_bucket

    buckets = [sample_bucket(f"incoming:{i}") for i in range(16_000)]
    assert set(buckets) == set(range(SAMPLE_BUCKETS))
    for parity in (0, 1):  # CRC32's low bits would follow the ids' parity; a mixed hash does not
        share = sum(1 for b in buckets[parity::2] if b < SAMPLE_SHARE) / 8_000
        assert abs(share - SAMPLE_SHARE / SAMPLE_BUCKETS) < 0.015


@pytest.mark.parametrize("bound", [5, 25, 100, 300, VISIBLE - 1, VISIBLE])
def test_facets_are_estimated_only_beyond_the_bound_and_are_exact_otherwise(
    bounded_index: SearchIndex, bound: int
) -> None:
    page = bounded_index.search(Query(text="thien tai", principals=EVERYONE, total_bound=bound))
    assert page.total_is_lower_bound == (bound < VISIBLE)
    if page.facets_are_estimates:
        assert page.total_is_lower_bound
    else:
        assert dict(page.facets["doc_type"]) == {"Kế hoạch": PLANS - PLANS // 10, "Báo cáo": REPORTS}
