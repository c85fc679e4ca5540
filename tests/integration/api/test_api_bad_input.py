"""Bad input to the API and to the pages it mirrors: always a 4xx with a Vietnamese message that
names the field, never a 500 — on SQLite and on PostgreSQL (where out-of-range integers and NUL
bytes used to reach the database)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.db import db
from eoffice.documents.models import IncomingDocument
from eoffice.work.models import WorkFile
from eoffice.demo import DEMO_PASSWORD
from tests.helpers import login

HUGE = 2**31
VALID_DOC = {"register_id": 1, "issuer_name": "Sở Nội vụ", "doc_type": "QĐ", "subject": "Về việc thử", "main_token": "x"}


@pytest.fixture
def clerk(demo_app):
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user("vanthu"), "thử")
    client = demo_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _field_error(response, field: str) -> str:
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["code"] == "validation_error" and error["message"]
    return error["details"][field]


def test_a_missing_required_field_is_named_in_vietnamese(clerk):
    body = {k: v for k, v in VALID_DOC.items() if k != "subject"}
    assert "Trích yếu" in _field_error(clerk.post("/api/v1/incoming", json=body), "subject")


def test_a_string_where_a_number_is_expected_is_refused(clerk):
    message = _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"register_id": "một"}), "register_id")
    assert "Sổ văn bản đến" in message and "số nguyên" in message


def test_an_id_outside_the_database_range_in_a_body_is_refused(clerk):
    for value in (HUGE, 10**20, -1, 0):
        message = _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"register_id": value}), "register_id")
        assert "Sổ văn bản đến" in message


def test_an_id_outside_the_database_range_in_a_path_is_not_found(clerk):
    for path in (f"/api/v1/incoming/{HUGE}", f"/api/v1/incoming/files/{10**20}", f"/api/v1/units/{HUGE}",
                 f"/incoming/{HUGE}", "/api/v1/incoming/-1"):
        assert clerk.get(path).status_code == 404, path
    assert clerk.post(f"/api/v1/assignments/{HUGE}/complete", json={"result": "xong"}).status_code == 404


def test_a_date_that_is_no_day_or_out_of_range_is_refused_with_the_field_name(clerk):
    for value in ("2026-02-30", "30/02/2026", "hôm qua", "0001-01-01", "9999-12-31", "2026-03-09T10:00", "{x}"):
        message = _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"issued_date": value}), "issued_date")
        assert message.startswith("Ngày văn bản"), message


def test_a_non_string_where_a_date_is_expected_is_refused(clerk):
    for value in (20260309, ["2026-03-09"], {"day": 9}, True):
        message = _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"issued_date": value}), "issued_date")
        assert "Ngày văn bản" in message


def test_a_list_where_an_object_is_expected_is_refused(clerk):
    response = clerk.post("/api/v1/incoming", json=[VALID_DOC])
    assert "đối tượng JSON" in _field_error(response, "_body")
    doc_id = db.session.scalars(select(IncomingDocument.id)).first()
    routed = clerk.post(f"/api/v1/incoming/{doc_id}/route", json={"opinion": "Giao", "lead": [1]})
    assert routed.status_code in (403, 422)


def test_a_ten_thousand_character_string_is_refused_with_the_limit(clerk):
    message = _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"subject": "a" * 10_000}), "subject")
    assert "500 ký tự" in message


def test_a_nul_byte_in_a_stored_field_is_refused(clerk):
    assert "NUL" in _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"issuer_name": "Sở\x00"}), "issuer_name")


def test_an_unknown_field_is_refused_so_a_typo_is_not_silently_lost(clerk):
    assert "không có trong API" in _field_error(clerk.post("/api/v1/incoming", json=VALID_DOC | {"subjcet": "x"}), "subjcet")


def test_a_body_that_is_not_json_says_so(clerk):
    response = clerk.post("/api/v1/incoming", data="x", content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


def test_a_nul_byte_in_the_search_words_finds_nothing_instead_of_failing(clerk, demo_app):
    assert clerk.get("/api/v1/incoming", query_string={"q": "quyết\x00định", "tab": "da_vao_so"}).status_code == 200
    assert clerk.get("/api/v1/search", query_string={"q": "quyết\x00định"}).status_code == 200
    page = demo_app.test_client()
    login(page, "vanthu", DEMO_PASSWORD)
    assert page.get("/incoming/", query_string={"q": "a\x00b"}).status_code == 200
    assert page.get("/search", query_string={"q": "a\x00b"}).status_code == 200


def test_the_queue_filters_read_numbers_from_the_query_string(clerk):
    listed = clerk.get("/api/v1/incoming", query_string={"tab": "da_vao_so", "urgency": "0", "page": "1", "from": "01/01/2026"})
    assert listed.status_code == 200 and listed.json["tab"] == "da_vao_so"
    assert "Độ khẩn" in _field_error(clerk.get("/api/v1/incoming", query_string={"urgency": "9"}), "urgency")


def test_a_page_number_of_ten_to_the_twentieth_is_refused_by_the_api_and_clamped_by_the_pages(clerk, demo_app):
    assert "Trang" in _field_error(clerk.get("/api/v1/incoming", query_string={"page": 10**20}), "page")
    page = demo_app.test_client()
    login(page, "quantri", DEMO_PASSWORD)
    for url in ("/incoming/", "/search", "/admin/audit", "/admin/users"):
        assert page.get(url, query_string={"page": 10**20}).status_code == 200, url


def test_the_incoming_list_filtered_from_year_one_or_to_year_9999_answers_with_a_message(clerk, demo_app):
    page = demo_app.test_client()
    login(page, "vanthu", DEMO_PASSWORD)
    for bounds in ({"from": "0001-01-01"}, {"to": "9999-12-31"}):
        assert "khoảng cho phép" in clerk.get("/api/v1/incoming", query_string=bounds).json["error"]["message"]
        response = page.get("/incoming/", query_string=bounds)
        assert response.status_code == 200 and "khoảng cho phép" in response.get_data(as_text=True)


def test_a_register_range_from_year_one_is_refused_with_a_message(clerk, demo_app):
    register_id = db.session.scalars(select(IncomingDocument.register_id)).first()
    response = clerk.get(f"/api/v1/incoming/registers/{register_id}/rows", query_string={"from": "0001-01-01"})
    assert "Từ ngày" in _field_error(response, "from")
    page = demo_app.test_client()
    login(page, "vanthu", DEMO_PASSWORD)
    html = page.get("/incoming/registers/", query_string={"register_id": register_id, "from": "0001-01-01"})
    assert html.status_code == 200 and "khoảng cho phép" in html.get_data(as_text=True)
    assert page.get("/incoming/registers/", query_string={"register_id": HUGE}).status_code == 200


def test_the_incoming_list_without_its_slash_answers_without_copying_a_long_query_into_a_redirect(demo_app):
    page = demo_app.test_client()
    login(page, "vanthu", DEMO_PASSWORD)
    response = page.get("/incoming", query_string={"q": "x" * 10_000})
    assert response.status_code == 200 and "Location" not in response.headers


def test_a_form_field_beyond_the_database_range_is_refused_on_the_page(demo_app):
    from tests.helpers import csrf_token

    doc = db.session.scalars(select(IncomingDocument).where(
        IncomingDocument.secrecy == 0, IncomingDocument.status == "submitted", IncomingDocument.submitted_to_id.is_not(None))).first()
    page = demo_app.test_client()
    login(page, "chanhvanphong", DEMO_PASSWORD)
    token = csrf_token(page, f"/incoming/{doc.id}")
    response = page.post(f"/incoming/{doc.id}/propose", data={"csrf_token": token, "opinion": "Trình", "leader_id": str(HUGE)},
                         follow_redirects=True)
    assert response.status_code == 400 and "quá lớn" in response.get_data(as_text=True)
    page = demo_app.test_client()
    login(page, "chutich", DEMO_PASSWORD)
    token = csrf_token(page, f"/incoming/{doc.id}")
    routed = page.post(f"/incoming/{doc.id}/route", follow_redirects=True,
                       data={"csrf_token": token, "opinion": "Giao", "inform_unit": str(HUGE)})
    assert routed.status_code == 400 and "quá lớn" in routed.get_data(as_text=True)


def test_created_things_answer_201_and_the_file_downloads_with_the_permission_check(clerk, demo_app):
    doc = db.session.scalars(select(IncomingDocument).where(IncomingDocument.secrecy == 0)).first()
    file = db.session.scalars(select(WorkFile).where(WorkFile.work_item_id == doc.id)).first()
    downloaded = clerk.get(f"/api/v1/incoming/files/{file.id}")
    assert downloaded.status_code == 200 and downloaded.data[:5] == b"%PDF-"
    assert clerk.get("/api/v1/incoming/files/999999").status_code == 404
    anonymous = demo_app.test_client().get(f"/api/v1/incoming/files/{file.id}")
    assert anonymous.status_code == 401 and anonymous.json["error"]["code"] == "unauthorized"


def test_the_deadline_and_the_days_off_come_from_the_calendar(clerk):
    due = clerk.get("/api/v1/calendar/deadline", query_string={"start": "2026-04-29", "working_days": 1})
    # 30/4 and 1/5 are days off (then the weekend): the next working day is Monday 4 May 2026.
    assert due.status_code == 200 and due.json["deadline"] == "2026-05-04"
    assert "Số ngày làm việc" in _field_error(clerk.get("/api/v1/calendar/deadline", query_string={"working_days": -1}), "working_days")
    assert "Ngày bắt đầu" in _field_error(clerk.get("/api/v1/calendar/deadline", query_string={"start": "2026-02-30"}), "start")
    year = clerk.get("/api/v1/calendar/days-off", query_string={"year": 2026}).json
    assert {"day": "2026-09-02", "kind": "day_off"}.items() <= next(d for d in year["days"] if d["day"] == "2026-09-02").items()


def test_search_takes_the_pages_filters(clerk):
    found = clerk.get("/api/v1/search", query_string={"q": "quyết định", "sort": "date_desc", "year": 2026})
    assert found.status_code == 200 and set(found.json) == {
        "total", "total_is_lower_bound", "facets_are_estimates", "page", "per_page", "hits", "facets"}
    assert "Từ ngày" in _field_error(clerk.get("/api/v1/search", query_string={"from": "2026-13-01"}), "from")
