"""The lists show, sort and filter by the deadline the document is followed up against (the
lead unit's once routed), and their search box folds Vietnamese like the search page."""
from __future__ import annotations

from datetime import timedelta

from eoffice.calendar import add_working_days_to_date
from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.documents import queries, routing
from tests.helpers import login
from tests.integration.documents.conftest import actor, register_of, register_new, unit


def found(username: str, tab: str, q: str) -> set[int]:
    _, rows = queries.listing(actor(username).user, tab, queries.Filters(q=q))
    return {d.id for d, _ in rows}


def test_the_list_shows_and_sorts_by_the_lead_units_deadline_after_routing(office):
    near = register_new(code_number="31", subject="Về việc kiểm tra an toàn thực phẩm")
    far = register_new(code_number="32", subject="Về việc tổng kết năm")
    near_day = add_working_days_to_date(calendar.now().date(), 2)
    far_day = add_working_days_to_date(calendar.now().date(), 9)
    for doc, day in ((far, far_day), (near, near_day)):
        routing.route(actor("chutich"), doc, routing.SteeringInput(
            opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id, deadline=day)))
    assert near.deadline is None, "no deadline was set at registration"
    _, rows = queries.listing(actor("vanthu").user, "da_vao_so", queries.Filters(sort="deadline"))
    assert [d.id for d, _ in rows] == [near.id, far.id]

    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    html = client.get("/incoming/", query_string={"tab": "da_vao_so"}).get_data(as_text=True)
    assert f"{near_day:%d/%m/%Y}" in html and f"{far_day:%d/%m/%Y}" in html


def test_a_part_without_its_own_deadline_is_overdue_with_the_lead_units_deadline(office):
    doc = register_new()
    routing.route(actor("chutich"), doc, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp.", lead=routing.UnitTarget(unit("KT").id),
        coordinate=[routing.UnitTarget(unit("STP").id)]))
    lead = doc.lead_assignment
    coordinate = next(a for a in doc.assignments if a.role == "coordinate")
    assert coordinate.deadline is None
    lead.deadline = utcnow() - timedelta(hours=2)
    db.session.commit()
    db.session.expire_all()
    assert queries.counts(actor("giamdocstp").user)["qua_han"] == 1
    lead.deadline = utcnow() + timedelta(hours=1)
    db.session.commit()
    db.session.expire_all()
    counts = queries.counts(actor("giamdocstp").user)
    assert counts["qua_han"] == 0 and counts["sap_den_han"] == 1


def test_the_list_search_needs_no_diacritics_and_finds_notations(office):
    housing = register_new(code_number="56", code_notation="2007/NĐ-CP", subject="Về việc cải tạo nhà ở xuống cấp")
    council = register_new(code_number="12", code_notation="QĐ-UBND", subject="QUYẾT ĐỊNH VỀ VIỆC THÀNH LẬP HỘI ĐỒNG THI ĐUA")
    assert found("vanthu", "tat_ca", "nha o xuong cap") == {housing.id}
    assert found("vanthu", "tat_ca", "thanh lap") == {council.id}
    assert found("vanthu", "tat_ca", "56/2007/nd-cp") == {housing.id}
    assert found("vanthu", "tat_ca", "56/2007/NĐ-CP") == {housing.id}
    assert found("vanthu", "tat_ca", "Nhà Ở") == {housing.id}
    assert found("vanthu", "tat_ca", "so noi vu") == {housing.id, council.id}, "issuer folded too"
    assert found("vanthu", "tat_ca", "100%_") == set(), "LIKE wildcards are taken literally"

    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    html = client.get("/incoming/", query_string={"tab": "tat_ca", "q": "thanh lap"}).get_data(as_text=True)
    assert council.subject in html and housing.subject not in html


def test_the_register_page_filters_with_the_same_folding(office):
    housing = register_new(code_number="56", code_notation="2007/NĐ-CP", subject="Về việc cải tạo nhà ở xuống cấp")
    other = register_new(code_number="13", subject="Về việc tổ chức hội nghị")
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    today = calendar.now().date()
    html = client.get("/incoming/registers/", query_string={
        "register_id": register_of().id, "kind": "incoming", "from": today.isoformat(), "to": today.isoformat(),
        "q": "nha o xuong cap"}).get_data(as_text=True)
    assert housing.subject in html and other.subject not in html
