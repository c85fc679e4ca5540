"""A task reaches the search page through the outbox for the people who may read it, on the
embedded default (SQLite + tantivy) and on PostgreSQL + Elasticsearch."""
from __future__ import annotations

import re

from eoffice.outbox import service as outbox
from tests.helpers import login
# The same two deployments as the documents' search tests: SQLite + tantivy, PostgreSQL + Elasticsearch.
from tests.integration.documents.test_search_page import app  # noqa: F401
from tests.integration.tasks.conftest import new_task


def _total(client, words: str) -> int:  # type: ignore[no-untyped-def]
    html = client.get("/search", query_string={"q": words}).get_data(as_text=True)
    return int(re.search(r'data-testid="search-total">(\d+)', html).group(1))


def test_a_task_is_found_by_unaccented_words_by_its_readers_only(office):
    from eoffice.backends import search_index

    new_task(title="Kiểm tra công tác phòng chống thiên tai tại xã Đông Hòa", content="Báo cáo trước mùa mưa bão")
    outbox.drain()
    search_index().refresh()
    chair, desk = office.test_client(), office.test_client()
    login(chair, "chutich", "Demo@2026")
    login(desk, "motcua", "Demo@2026")
    assert _total(chair, "phong chong thien tai dong hoa") == 1
    assert _total(chair, "mua mua bao") == 1
    assert _total(desk, "phong chong thien tai dong hoa") == 0
