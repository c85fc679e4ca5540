"""The one-stop lists fold Vietnamese like the search page: the desk finds a dossier by its code
in lower case, its procedure or its applicant typed without diacritics or with the other i/y
spelling; the page and the API page the list."""
from __future__ import annotations

from eoffice.onestop import queries
from tests.helpers import signed_in
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive


def found(tab: str, q: str, who: str = "motcua") -> set[int]:
    return {d.id for d in queries.listing(actor(who).user, tab, q).items}


def test_the_dossier_list_search_needs_no_diacritics_and_finds_both_i_y_spellings(desk):
    wedding = receive(applicant_name="LÝ THỊ QUÍ")
    other = receive(applicant_name="Trần Văn Bình")
    for tab in ("tat_ca", "dang_giai_quyet"):
        assert found(tab, "li thi quy") == {wedding.id}, tab
    assert found("cho_toi", "li thi quy", "tuphapnt") == {wedding.id}, "the civil-status officer's first step"
    assert found("tat_ca", wedding.code.lower()) == {wedding.id}
    assert found("tat_ca", "dang ky ket hon") == {wedding.id, other.id}, "the procedure's name"
    assert found("tat_ca", "tran van binh ket hon") == {other.id}
    assert found("tat_ca", "khong ai") == set()


def test_the_dossier_page_and_api_filter_by_the_folded_words_and_page_the_list(app, desk):
    wedding = receive(applicant_name="LÝ THỊ QUÍ")
    other = receive(applicant_name="Trần Văn Bình")
    client = signed_in(app.test_client(), "motcua")
    api = signed_in(app.test_client(), "tuphapnt", api=True)
    html = client.get("/onestop/", query_string={"tab": "tat_ca", "q": "ly thi quy"}).get_data(as_text=True)
    assert f"/onestop/{wedding.id}\"" in html and f"/onestop/{other.id}\"" not in html
    body = api.get("/api/v1/dossiers", query_string={"tab": "cho_toi", "q": "tran van binh"}).get_json()
    assert [d["id"] for d in body["items"]] == [other.id] and body["total"] == 1
    page_two = api.get("/api/v1/dossiers", query_string={"tab": "tat_ca", "per_page": 1, "page": 2}).get_json()
    assert (page_two["total"], [d["id"] for d in page_two["items"]]) == (2, [wedding.id])
