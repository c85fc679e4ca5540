"""The audit log reads in Vietnamese: action names, object names, labelled before/after values,
and the action filter accepts the Vietnamese name with or without diacritics."""
from __future__ import annotations

import pytest

from eoffice.audit import labels
from eoffice.auth import service as accounts
from tests.helpers import login
from tests.integration.documents.conftest import actor, register_new, unit


@pytest.fixture
def office(app):
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    return app


def admin_client(app):
    client = app.test_client()
    login(client, "quantri", "Demo@2026")
    return client


def test_the_log_names_actions_and_objects_in_vietnamese_without_json(office):
    doc = register_new(code_number="12", subject="Về việc tổ chức Tết Trồng cây năm 2027")
    page = admin_client(office).get("/admin/audit").get_data(as_text=True)
    assert "Vào sổ văn bản đến (văn bản đến)" in page
    assert f"Văn bản đến số {doc.arrival_number}/{doc.year} – Về việc tổ chức Tết Trồng cây năm 2027" in page
    assert "Người dùng vanthu (Trần Thị Thu Hà)" in page
    assert "Tạo người dùng" in page and "Họ và tên" in page
    assert "\\u" not in page and "incoming_document 1" not in page and '{"' not in page


def test_a_change_shows_labelled_before_and_after_values(office, operator):
    user = accounts.find_user("chuyenvien")
    accounts.update_user(operator, user, full_name="Phạm Văn Đức Anh", email="duc@demo.vn", phone="")
    page = admin_client(office).get("/admin/audit?action=user.update").get_data(as_text=True)
    assert "Sửa thông tin người dùng" in page
    assert "Trước" in page and "Sau" in page
    assert "Phạm Văn Đức Anh" in page and "Thư điện tử" in page


def test_filtering_by_the_vietnamese_action_name_with_or_without_diacritics(office):
    register_new(code_number="12")
    client = admin_client(office)
    for typed in ("vào sổ", "vao so", "VAO SO"):
        page = client.get("/admin/audit", query_string={"action": typed}).get_data(as_text=True)
        assert 'data-action="incoming.registered"' in page, typed
        assert 'data-action="user.create"' not in page, typed
    assert "incoming.closed" in labels.matching_actions("ket thuc")
    assert "incoming.closed" in labels.matching_actions("kết thúc")


def test_the_api_returns_the_labels_too(office, operator):
    doc = register_new(code_number="12", subject="Về việc tổ chức Tết Trồng cây năm 2027")
    token, _ = accounts.create_token(operator, actor("quantri").user, "kiểm thử")
    body = office.test_client().get("/api/v1/audit", query_string={"action": "vao so", "per_page": 5},
                                    headers={"Authorization": f"Bearer {token}"}).json
    item = body["items"][0]
    assert item["action"] == "incoming.registered" and item["action_label"] == "Vào sổ văn bản đến (văn bản đến)"
    assert item["object_label"].startswith(f"Văn bản đến số {doc.arrival_number}/")
    number = next(d for d in item["details"] if d["key"] == "arrival_number")
    assert number["label"] == "Số đến" and number["value"] == str(doc.arrival_number)
    assert item["sealed"] is False and body["total"] >= 1


def test_the_log_pages_by_fifty(office, operator):
    from eoffice.audit import service as audit

    for i in range(60):
        audit.record(operator, "unit.update", "unit", unit("KT").id, {"after": {"name": f"Phòng Kinh tế {i}"}})
    from eoffice.db import db

    db.session.commit()
    client = admin_client(office)
    first = client.get("/admin/audit?action=unit.update").get_data(as_text=True)
    second = client.get("/admin/audit?action=unit.update&page=2").get_data(as_text=True)
    assert first.count('data-action="unit.update"') == 50 and second.count('data-action="unit.update"') == 10
    assert "Đơn vị Phòng Kinh tế" in first
