"""The outgoing lists and register fold Vietnamese like the incoming ones and the search page:
typed without diacritics, in lower case, with the other i/y spelling; and a page of the list
loads only its own rows."""
from __future__ import annotations

from eoffice.outgoing import issuance, queries
from tests.helpers import signed_in
from tests.integration.documents.conftest import actor
from tests.integration.outgoing.conftest import new_draft, signed_draft


def found(username: str, tab: str, q: str) -> set[int]:
    return {d.id for d in queries.listing(actor(username).user, tab, q).items}


def test_the_outgoing_list_search_needs_no_diacritics_and_finds_both_i_y_spellings(office):
    council = new_draft(subject="QUYẾT ĐỊNH VỀ VIỆC THÀNH LẬP HỘI ĐỒNG THI ĐUA KHEN THƯỞNG")
    rules = new_draft(subject="QUI ĐỊNH VỀ QUẢN LÍ TÀI SẢN CÔNG")
    assert found("chuyenvien", "cua_toi", "thanh lap") == {council.id}
    assert found("chuyenvien", "cua_toi", "quy dinh") == {rules.id}, "quy finds qui"
    assert found("chuyenvien", "cua_toi", "quản lý") == {rules.id}, "lý finds lí"
    assert found("chuyenvien", "cua_toi", "Thành Lập") == {council.id}
    assert found("chuyenvien", "cua_toi", "thanh lap qui") == set(), "every word must appear"
    assert found("chuyenvien", "cua_toi", "100%_") == set(), "LIKE wildcards are taken literally"
    assert found("chuyenvien", "cua_toi", "") == {council.id, rules.id}


def test_an_issued_documents_notation_is_found_typed_in_lower_case(office):
    doc = signed_draft(subject="Về việc tổng kết công tác năm 2026")
    issuance.issue(actor("vanthu"), doc)
    number = doc.notation.lower()  # e.g. "1/ubnd-vp"
    assert found("vanthu", "tat_ca", number) == {doc.id}
    assert doc.id in {d.id for d in queries.register_rows(actor("vanthu").user, doc.agency_unit_id, doc.register_year,
                                                          q=number)}
    assert queries.register_rows(actor("vanthu").user, doc.agency_unit_id, doc.register_year, q="khong co") == []


def test_the_page_and_the_api_filter_by_the_folded_words_and_page_the_list(office):
    council = new_draft(subject="QUYẾT ĐỊNH VỀ VIỆC THÀNH LẬP HỘI ĐỒNG THI ĐUA")
    other = new_draft(subject="Về việc báo cáo tình hình kinh tế")
    client = signed_in(office.test_client(), "chuyenvien")
    api = signed_in(office.test_client(), "chuyenvien", api=True)
    html = client.get("/outgoing/", query_string={"tab": "cua_toi", "q": "thanh lap"}).get_data(as_text=True)
    assert f"/outgoing/{council.id}\"" in html and f"/outgoing/{other.id}\"" not in html
    assert 'name="q" value="thanh lap"' in html

    body = api.get("/api/v1/outgoing", query_string={"tab": "cua_toi", "q": "THANH LAP"}).get_json()
    assert [d["id"] for d in body["items"]] == [council.id] and body["total"] == 1
    first = api.get("/api/v1/outgoing", query_string={"tab": "cua_toi", "per_page": 1}).get_json()
    second = api.get("/api/v1/outgoing", query_string={"tab": "cua_toi", "per_page": 1, "page": 2}).get_json()
    assert (first["total"], [d["id"] for d in first["items"]], [d["id"] for d in second["items"]]) == (
        2, [other.id], [council.id]), "newest first, one row a page"
