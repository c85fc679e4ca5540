"""Registered documents reach the search page through the outbox, for the people who may read them.

Run on the embedded default (SQLite + tantivy) and on the real deployment (PostgreSQL +
Elasticsearch started by scripts/test.sh).
"""
from __future__ import annotations

import re
import uuid

import pytest

from eoffice.outbox import service as outbox
from tests.conftest import require_server_url
from tests.helpers import login
from tests.integration.documents.conftest import register_new, register_of

SUBJECT = "Về việc kiểm tra công tác phòng chống thiên tai tại xã Đông Hòa"


@pytest.fixture(params=[
    ("sqlite", "embedded"),
    pytest.param(("postgres", "elasticsearch"), marks=[pytest.mark.postgres, pytest.mark.elasticsearch]),
], ids=["sqlite-embedded", "postgres-elasticsearch"])
def app(request, make_app):  # type: ignore[no-untyped-def]
    database, engine = request.param
    overrides = {}
    if engine == "elasticsearch":
        server = require_server_url("EOFFICE_TEST_ELASTICSEARCH_URL", "Elasticsearch").rstrip("/")
        overrides["search_url"] = f"{server}/?prefix=t{uuid.uuid4().hex[:12]}"
    application = make_app(request.getfixturevalue(f"{database}_database"), **overrides)
    with application.app_context():
        yield application
        from eoffice.backends import search_index

        search_index().drop()


def _indexed() -> None:
    from eoffice.backends import search_index

    outbox.drain()
    search_index().refresh()


def _search(client, **args) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/search", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _results(html: str) -> int:
    listing = html.split('data-testid="search-results"', 1)[1].split("</ol>", 1)[0]
    return listing.count("<li>")


def _total(html: str) -> int:
    return int(re.search(r'data-testid="search-total">(\d+)', html).group(1))


def test_unaccented_words_and_a_typed_notation_find_the_document(office):
    register_new(code_number="87", code_notation="UBND-VP", doc_type="CV", subject=SUBJECT)
    register_new(code_number="15", code_notation="QĐ-SNV", subject="Về việc phê duyệt kế hoạch cải cách hành chính")
    _indexed()
    client = office.test_client()
    login(client, "chutich", "Demo@2026")
    html = _search(client, q="phong chong thien tai dong hoa")
    assert _total(html) == 1 and "<mark>" in html and "Đông" in html
    for typed in ("15/QĐ-SNV", "15/qd-snv", "15 QĐ SNV"):
        assert "cải cách hành chính" in _search(client, q=typed), typed


def test_confidential_documents_stay_out_of_outsiders_results_and_counts(office):
    register_new(code_number="1", subject=SUBJECT)
    register_new(code_number="2", register_id=register_of(confidential=True).id, secrecy=1,
                 subject="Kế hoạch bảo đảm an ninh kiểm tra thiên tai")
    _indexed()
    outsider = office.test_client()
    login(outsider, "phochutich", "Demo@2026")
    html = _search(outsider, q="thien tai")
    assert _total(html) == 1 and "an ninh" not in html
    clerk = office.test_client()
    login(clerk, "vanthu", "Demo@2026")
    assert _total(_search(clerk, q="thien tai")) == 2


def test_many_results_are_paged_twenty_at_a_time(office):
    for number in range(1, 23):
        register_new(code_number=str(number), subject=f"Về việc báo cáo tình hình thiên tai tháng {number}")
    _indexed()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    first = _search(client, q="bao cao thien tai", sort="date_desc")
    assert _total(first) == 22 and _results(first) == 20
    assert "Trang 1 / 2" in first and "page=2" in first
    second = _search(client, q="bao cao thien tai", sort="date_desc", page=2)
    assert _results(second) == 2 and 'start="21"' in second and "Trang 2 / 2" in second

    # The incoming list shares the pager: its second page has a way back and no error.
    listing = client.get("/incoming/", query_string={"tab": "tat_ca", "per_page": 10, "page": 2})
    assert listing.status_code == 200 and "Trang 2 / 3" in listing.get_data(as_text=True)


def test_a_broken_query_gets_a_message_not_an_error_page(office):
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    for text in ('"quyết định', "AND OR (", "x" * 10_000):
        response = client.get("/search", query_string={"q": text})
        assert response.status_code == 200, text
    bad_date = client.get("/search", query_string={"q": "a", "from": "2026-02-30"}).get_data(as_text=True)
    assert "Từ ngày" in bad_date and "không phải là ngày có thật" in bad_date
