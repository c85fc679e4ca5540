"""The search page and the API say when a count is a lower bound and facets are estimates."""

from __future__ import annotations

from pathlib import Path

from flask import render_template

from eoffice.auth import service as accounts
from eoffice.actor import Actor
from eoffice.web.search_views import FACET_LABELS
from search import Query, open_index
from tests.integration.search.test_search_count_bound import bounded_corpus


def test_the_page_says_more_than_the_bound_and_marks_estimated_facets(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = open_index(f"embedded://{tmp_path / 'index'}")
    index.ensure()
    index.upsert(bounded_corpus())
    index.refresh()
    page = index.search(Query(text="thien tai", principals=["all"], total_bound=5))
    with app.test_request_context("/search?q=thien+tai"):
        html = render_template("search.html", result=page, text="thien tai", filters={}, facet_labels=FACET_LABELS)
    assert 'data-testid="search-total">hơn 5 kết quả<' in html
    assert 'data-testid="facets-estimated"' in html and "≈" in html
    exact = index.search(Query(text="thien tai", principals=["user:7"], total_bound=40))
    with app.test_request_context("/search?q=thien+tai"):
        html = render_template("search.html", result=exact, text="thien tai", filters={}, facet_labels=FACET_LABELS)
    assert 'data-testid="search-total">36 kết quả<' in html
    assert "facets-estimated" not in html and "≈" not in html


def test_the_api_says_whether_the_total_and_the_facets_are_exact(demo_app) -> None:  # type: ignore[no-untyped-def]
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user("vanthu"), "thử")
    client = demo_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = client.get("/api/v1/search", query_string={"q": "kế hoạch"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert body["total_is_lower_bound"] is False and body["facets_are_estimates"] is False
