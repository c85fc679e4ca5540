"""The organisation tree as data: any depth, unique short names among siblings, no cycles."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eoffice.audit.models import AuditEntry
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.org import service
from eoffice.org.models import Unit
from tests.helpers import csrf_token, login


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def province(operator):
    root = service.create_unit(operator, name="Ủy ban nhân dân tỉnh Khánh Hòa", short_name="UBND", kind="ubnd_tinh", org_code="000.00.00.H34")
    office = service.create_unit(operator, name="Văn phòng UBND tỉnh", short_name="VP", kind="van_phong", parent_id=root.id)
    room = service.create_unit(operator, name="Phòng Kinh tế", short_name="KT", kind="phong", parent_id=office.id)
    return root, office, room


def test_units_nest_to_any_depth_and_list_depth_first(app, operator, province):
    root, office, room = province
    team = service.create_unit(operator, name="Tổ thư ký", short_name="TTK", kind="to_chuc_khac", parent_id=room.id)
    rows = [(depth, unit.short_name) for depth, unit in service.tree()]
    assert rows == [(0, "UBND"), (1, "VP"), (2, "KT"), (3, "TTK")]
    assert team.path_label() == "UBND › VP › KT › TTK"


def test_a_duplicate_short_name_under_the_same_parent_is_refused_and_nothing_changes(app, operator, province):
    root, office, _ = province
    before = count(Unit), count(AuditEntry)
    with pytest.raises(ServiceError) as info:
        service.create_unit(operator, name="Văn phòng khác", short_name="vp", kind="van_phong", parent_id=root.id)
    assert info.value.code == "duplicate_short_name"
    assert "VP" in info.value.message
    db.session.rollback()
    assert (count(Unit), count(AuditEntry)) == before


def test_the_same_short_name_is_fine_under_another_parent(app, operator, province):
    _, office, room = province
    service.create_unit(operator, name="Phòng Kinh tế của phòng", short_name="KT", kind="phong", parent_id=room.id)


@pytest.mark.parametrize("code", ["000.00.01", "H3-4", "000 00 01 H01"])
def test_a_malformed_organisation_code_is_refused(app, operator, code):
    with pytest.raises(ServiceError) as info:
        service.create_unit(operator, name="Sở Tư pháp", short_name="STP", kind="so", org_code=code)
    assert info.value.code == "invalid_org_code"
    assert count(Unit) == 0


def test_moving_a_unit_under_its_own_descendant_is_refused_and_changes_nothing(app, operator, province):
    root, office, room = province
    with pytest.raises(ServiceError) as info:
        service.update_unit(operator, office, name=office.name, short_name="VP", kind="van_phong", parent_id=room.id, org_code=None)
    assert info.value.code == "cycle"
    db.session.rollback()
    db.session.refresh(office)
    assert office.parent_id == root.id


def test_a_unit_cannot_be_its_own_parent(app, operator, province):
    _, office, _ = province
    with pytest.raises(ServiceError):
        service.update_unit(operator, office, name=office.name, short_name="VP", kind="van_phong", parent_id=office.id, org_code=None)


def test_units_are_deactivated_never_deleted_children_first(app, operator, province):
    root, office, room = province
    with pytest.raises(ServiceError) as info:
        service.set_unit_active(operator, office, False)
    assert info.value.code == "has_active_children"
    service.set_unit_active(operator, room, False)
    service.set_unit_active(operator, office, False)
    assert db.session.get(Unit, office.id).is_active is False


def test_admin_pages_report_bad_input_in_vietnamese(demo_app, client):
    login(client, "quantri", "Demo@2026")
    vp = db.session.scalar(select(Unit).where(Unit.short_name == "VP"))
    token = csrf_token(client, "/admin/units/new")
    response = client.post("/admin/units/new", data={
        "csrf_token": token, "name": "Văn phòng trùng", "short_name": "HCTC", "kind": "phong", "parent_id": vp.id, "org_code": "",
    })
    assert response.status_code == 400
    assert "Đã có đơn vị viết tắt" in response.get_data(as_text=True)
    bad_code = client.post("/admin/units/new", data={
        "csrf_token": token, "name": "Sở Y tế", "short_name": "SYT", "kind": "so", "parent_id": 0, "org_code": "12.34",
    })
    assert "Mã định danh" in bad_code.get_data(as_text=True)


def test_the_api_creates_units_and_returns_json_errors(demo_app, operator):
    from eoffice.auth import service as accounts

    admin = accounts.find_user("quantri")
    token, _ = accounts.create_token(operator, admin, "kiểm thử")
    client = demo_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/units", json={"name": "Sở Y tế", "short_name": "SYT", "kind": "so", "org_code": "000.00.14.H34"}, headers=headers)
    assert created.status_code == 201 and created.json["short_name"] == "SYT"
    clash = client.post("/api/v1/units", json={"name": "Sở Y tế 2", "short_name": "SYT", "kind": "so"}, headers=headers)
    assert clash.status_code == 409
    assert clash.json["error"]["code"] == "duplicate_short_name"
    not_json = client.post("/api/v1/units", data="x", headers=headers)
    assert not_json.status_code == 400 and not_json.json["error"]["code"] == "invalid_json"
    parent = created.json["id"]
    child = client.post("/api/v1/units", json={"name": "Phòng Nghiệp vụ", "short_name": "NV", "kind": "phong", "parent_id": parent}, headers=headers)
    cycle = client.put(f"/api/v1/units/{parent}", json={"parent_id": child.json["id"]}, headers=headers)
    assert cycle.status_code == 400 and cycle.json["error"]["code"] == "cycle"
