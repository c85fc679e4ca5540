"""Fixtures for the calendar: a small province with a commune, an admin and a specialist.

Built here rather than from the demo so these tests only depend on units and accounts."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.auth.roles import Role
from eoffice.org import service as org

PASSWORD = "LichNam@2026"


@pytest.fixture
def office(app):
    operator = Actor.operator("kiểm thử lịch")
    province = org.create_unit(operator, name="Ủy ban nhân dân tỉnh Khánh Hòa", short_name="UBND",
                               kind="ubnd_tinh", org_code="000.00.00.H34")
    office_unit = org.create_unit(operator, name="Văn phòng UBND tỉnh", short_name="VP", kind="van_phong",
                                  parent_id=province.id)
    commune = org.create_unit(operator, name="Ủy ban nhân dân xã Cam Hải", short_name="XCH", kind="ubnd_xa",
                              parent_id=province.id, org_code="000.00.07.H34")
    commune_office = org.create_unit(operator, name="Văn phòng UBND xã Cam Hải", short_name="VP", kind="van_phong",
                                     parent_id=commune.id)
    admin = accounts.create_user(operator, username="quantri", full_name="Quản Trị Viên", password=PASSWORD,
                                 unit_id=office_unit.id, roles=[Role.ADMIN])
    specialist = accounts.create_user(operator, username="chuyenvien", full_name="Nguyễn Văn Đức", password=PASSWORD,
                                      unit_id=office_unit.id, roles=[Role.SPECIALIST])
    return SimpleNamespace(
        app=app, province=province, office=office_unit, commune=commune, commune_office=commune_office,
        admin=admin, specialist=specialist, admin_actor=Actor(admin), specialist_actor=Actor(specialist),
    )
