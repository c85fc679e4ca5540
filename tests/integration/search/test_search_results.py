"""Permissions, facets, filters, date ranges, sorting and pagination, on both backends."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from search import Query, SearchError, SearchIndex

CLERK = ["user:5", "unit:1", "all"]  # sees only public items
SECRETARY = ["user:7", "all"]  # named on the confidential decision incoming:5
UNIT3 = ["user:9", "unit:3", "all"]  # member of the unit the task belongs to
PUBLIC_COUNT = 31  # office_corpus(): 33 items, one for user:7 only, one for unit:3 only


def search(index: SearchIndex, principals: list[str], text: str = "", **options: object):
    return index.search(Query(text=text, principals=principals, **options))  # type: ignore[arg-type]


def all_ids(index: SearchIndex, principals: list[str], text: str = "", **options: object) -> list[str]:
    return [h.id for h in search(index, principals, text, per_page=100, **options).hits]


# ---------------------------------------------------------------- permissions
def test_confidential_item_is_invisible_to_others(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK, "quyết định")
    assert "incoming:5" not in [h.id for h in page.hits]
    assert page.total == 1


def test_confidential_item_is_visible_to_the_named_reader(office_index: SearchIndex) -> None:
    page = search(office_index, SECRETARY, "quyết định")
    assert {h.id for h in page.hits} == {"incoming:1", "incoming:5"}
    assert page.total == 2


def test_unit_principal_sees_unit_items(office_index: SearchIndex) -> None:
    assert "task:6" in all_ids(office_index, UNIT3, "ho so giao ban")
    assert "task:6" not in all_ids(office_index, CLERK, "ho so giao ban")


def test_total_counts_only_visible_items(office_index: SearchIndex) -> None:
    assert search(office_index, CLERK).total == PUBLIC_COUNT
    assert search(office_index, SECRETARY).total == PUBLIC_COUNT + 1
    assert search(office_index, UNIT3).total == PUBLIC_COUNT + 1


def test_facets_never_count_hidden_items(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK)
    issuers = dict(page.facets["issuer"])
    units = dict(page.facets["unit"])
    assert "UBND tỉnh Phú Yên" not in issuers  # only on the confidential decision
    assert "Phòng Nội vụ" not in units
    assert dict(page.facets["doc_type"])["Quyết định"] == 1
    secretary = search(office_index, SECRETARY)
    assert dict(secretary.facets["issuer"])["UBND tỉnh Phú Yên"] == 1
    assert dict(secretary.facets["doc_type"])["Quyết định"] == 2


def test_no_principals_sees_nothing(office_index: SearchIndex) -> None:
    page = search(office_index, [])
    assert page.total == 0
    assert page.hits == []
    assert all(not values for values in page.facets.values())


def test_unknown_principal_sees_nothing(office_index: SearchIndex) -> None:
    assert search(office_index, ["user:999"], "quyet dinh").total == 0


# ---------------------------------------------------------------- facets
def test_facets_match_the_result_set(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK, "", per_page=100)
    expected_types = Counter(h.doc_type for h in page.hits if h.doc_type)
    assert dict(page.facets["doc_type"]) == dict(expected_types)
    expected_years = Counter(h.year for h in page.hits if h.year)
    assert dict(page.facets["year"]) == dict(expected_years)
    assert dict(page.facets["status"]) == dict(Counter(h.status for h in page.hits if h.status))


def test_facets_are_sorted_by_count(office_index: SearchIndex) -> None:
    values = search(office_index, CLERK).facets["doc_type"]
    assert values[0] == ("Công văn", 25)
    counts = [count for _, count in values]
    assert counts == sorted(counts, reverse=True)


def test_facets_follow_the_query_text(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK, "bao cao")
    assert dict(page.facets["doc_type"]).get("Báo cáo") == 2


def test_only_requested_facets_are_computed(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK, facets=("year",))
    assert set(page.facets) == {"year"}


# ---------------------------------------------------------------- filters
def test_filter_by_doc_type(office_index: SearchIndex) -> None:
    found = all_ids(office_index, CLERK, filters={"doc_type": ["Báo cáo"]})
    assert sorted(found) == ["incoming:3", "incoming:4"]


def test_filter_values_are_normalised_like_indexed_values(office_index: SearchIndex) -> None:
    # issuer indexed from "UBND xã Đông Hòa"; a filter typed with the other tone placement
    found = all_ids(office_index, CLERK, filters={"issuer": ["UBND xã Đông Hoà"], "doc_type": ["Kế hoạch"]})
    assert found == ["outgoing:2"]


def test_filter_by_year_unit_and_status(office_index: SearchIndex) -> None:
    found = all_ids(
        office_index, CLERK, filters={"year": [2026], "unit": ["Văn phòng"], "status": ["Đã ban hành"]}
    )
    assert found == ["incoming:1"]


def test_filter_by_kind(office_index: SearchIndex) -> None:
    assert all_ids(office_index, UNIT3, kinds=["task"]) == ["task:6"]
    assert all_ids(office_index, CLERK, kinds=["dossier"]) == ["dossier:8"]


def test_unknown_filter_is_a_clear_error(office_index: SearchIndex) -> None:
    with pytest.raises(SearchError) as err:
        search(office_index, CLERK, filters={"password": ["x"]})
    assert err.value.code == "invalid_filter"
    assert "Không lọc được" in err.value.message


# ---------------------------------------------------------------- dates and sorting
def test_date_range_is_inclusive(office_index: SearchIndex) -> None:
    found = all_ids(office_index, CLERK, date_from=dt.date(2026, 1, 15), date_to=dt.date(2026, 1, 20))
    assert sorted(found) == ["incoming:3", "incoming:4"]


def test_open_ended_date_ranges(office_index: SearchIndex) -> None:
    after = all_ids(office_index, CLERK, date_from=dt.date(2026, 2, 1))
    assert after == ["incoming:1"]
    before = all_ids(office_index, CLERK, date_to=dt.date(2024, 1, 8))
    assert before == ["outgoing:101"]


def test_reversed_date_range_is_a_clear_error(office_index: SearchIndex) -> None:
    with pytest.raises(SearchError) as err:
        search(office_index, CLERK, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 1))
    assert err.value.code == "invalid_date_range"


def test_sort_by_date_newest_first(office_index: SearchIndex) -> None:
    hits = search(office_index, CLERK, '"cong van"', sort="date_desc", per_page=100).hits
    dates = [h.date for h in hits]
    assert len(dates) == 25
    assert dates == sorted(dates, reverse=True)


def test_sort_by_date_oldest_first(office_index: SearchIndex) -> None:
    hits = search(office_index, CLERK, '"cong van"', sort="date_asc", per_page=100).hits
    dates = [h.date for h in hits]
    assert dates == sorted(dates)
    assert hits[0].id == "outgoing:101"


def test_relevance_sort_puts_best_match_first_and_scores_descend(office_index: SearchIndex) -> None:
    hits = search(office_index, CLERK, "kế hoạch phát triển").hits
    assert hits[0].id == "incoming:1"
    scores = [h.score for h in hits]
    assert all(s is not None for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_empty_query_lists_newest_first(office_index: SearchIndex) -> None:
    hits = search(office_index, CLERK, per_page=5).hits
    assert hits[0].id == "incoming:1"  # 2026-03-02, the newest public item
    dates = [h.date for h in hits]
    assert dates == sorted(dates, reverse=True)


# ---------------------------------------------------------------- pagination
def test_pages_are_disjoint_and_cover_all_results(office_index: SearchIndex) -> None:
    seen: list[str] = []
    totals = set()
    for page_number in range(1, 5):
        page = search(office_index, CLERK, '"cong van"', sort="date_desc", page=page_number, per_page=7)
        totals.add(page.total)
        seen.extend(h.id for h in page.hits)
    assert totals == {25}
    assert len(seen) == 25
    assert len(set(seen)) == 25
    assert search(office_index, CLERK, '"cong van"', page=4, per_page=7).pages == 4


def test_page_past_the_end_is_empty_with_the_right_total(office_index: SearchIndex) -> None:
    page = search(office_index, CLERK, '"cong van"', page=10, per_page=20)
    assert page.hits == []
    assert page.total == 25


def test_relevance_pages_are_disjoint(office_index: SearchIndex) -> None:
    first = search(office_index, CLERK, "so lieu thong ke", page=1, per_page=10)
    second = search(office_index, CLERK, "so lieu thong ke", page=2, per_page=10)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_hits_carry_the_stored_fields(office_index: SearchIndex) -> None:
    hit = search(office_index, CLERK, "15/QĐ-UBND").hits[0]
    assert hit.id == "incoming:1"
    assert hit.kind == "incoming"
    assert hit.number == "15/QĐ-UBND"
    assert hit.date == dt.date(2026, 3, 2)
    assert hit.year == 2026
    assert (hit.doc_type, hit.issuer, hit.unit, hit.status) == (
        "Quyết định",
        "UBND xã Đông Hòa",
        "Văn phòng",
        "Đã ban hành",
    )
