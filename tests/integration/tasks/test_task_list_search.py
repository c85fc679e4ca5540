"""The task list folds Vietnamese like the search page, on the page and in the API."""
from __future__ import annotations

from eoffice.tasks import queries
from tests.helpers import signed_in
from tests.integration.documents.conftest import actor
from tests.integration.tasks.conftest import new_task


def found(q: str) -> set[int]:
    return {t.id for t in queries.listing(actor("chutich").user, queries.Filters(tab="toi_giao", q=q)).items}


def test_the_task_list_search_needs_no_diacritics_and_finds_both_i_y_spellings(office):
    council = new_task(title="THÀNH LẬP TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH")
    rules = new_task(title="Xây dựng QUI ĐỊNH về quản lí hồ sơ", area="Văn thư, lưu trữ")
    assert found("thanh lap") == {council.id}
    assert found("quy dinh") == {rules.id}, "quy finds qui"
    assert found("quan ly") == {rules.id}, "lý finds lí"
    assert found("luu tru") == {rules.id}, "the plan's area is searched too"
    assert found("thanh lap quy dinh") == set(), "every word must appear"
    assert found("") == {council.id, rules.id}


def test_the_task_page_and_api_filter_by_the_folded_words(office):
    council = new_task(title="THÀNH LẬP TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH")
    other = new_task(title="Báo cáo kinh tế – xã hội quý IV")
    client = signed_in(office.test_client(), "chutich")
    api = signed_in(office.test_client(), "chutich", api=True)
    html = client.get("/tasks/", query_string={"tab": "toi_giao", "q": "thanh lap"}).get_data(as_text=True)
    assert f"/tasks/{council.id}\"" in html and f"/tasks/{other.id}\"" not in html
    assert 'name="q" value="thanh lap"' in html and 'name="tab" value="toi_giao"' in html
    body = api.get("/api/v1/tasks", query_string={"tab": "toi_giao", "q": "Thanh Lap"}).get_json()
    assert [t["id"] for t in body["items"]] == [council.id] and body["total"] == 1
