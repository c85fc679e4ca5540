"""Registers are data the office administers: open one for a new year or series, rename it,
stop and reopen it — from the admin page or `eoffice register`, audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit.models import AuditEntry
from eoffice.auth.permissions import PermissionDenied
from eoffice.cli import main
from eoffice.db import db
from eoffice.documents import register_admin, registration
from eoffice.documents.models import IncomingRegister
from eoffice.errors import ServiceError
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, register_new, unit


def test_the_clerk_opens_renames_and_retires_a_register_of_their_unit(office):
    clerk = actor("vanthu")
    register = register_admin.create(clerk, unit("VP").id, "Sổ văn bản đến năm 2027")
    assert register.is_active and not register.is_confidential
    assert register in registration.registers_for(clerk.user)
    with pytest.raises(ServiceError) as info:
        register_admin.create(clerk, unit("VP").id, "sổ văn bản đến năm 2027")
    assert info.value.code == "duplicate_register"
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        register_admin.create(clerk, unit("STP").id, "Sổ văn bản đến")
    with pytest.raises(PermissionDenied):
        register_admin.create(actor("truongphong"), unit("VP").id, "Sổ khác")

    register_admin.rename(clerk, register, "Sổ văn bản đến 2027")
    register_admin.set_active(clerk, register, False)
    assert register not in registration.registers_for(clerk.user)
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "incoming_register",
                                                                       AuditEntry.object_id == str(register.id))))
    assert actions == ["register.create", "register.rename", "register.disable"]


def test_a_retired_register_keeps_its_documents_and_refuses_new_ones(office):
    doc = register_new()
    register = doc.register
    register_admin.set_active(Actor.operator("kiểm thử"), register, False)
    rows = dict((r.id, n) for r, n in register_admin.managed_registers(None))
    assert rows[register.id] == 1
    with pytest.raises(ServiceError) as info:
        register_new()
    assert info.value.code == "register_closed"


def test_the_admin_page_creates_a_confidential_series_and_the_cli_lists_and_disables(office):
    client = office.test_client()
    login(client, "quantri", "Demo@2026")
    assert client.get("/admin/registers/").status_code == 200
    response = client.post("/admin/registers/new", data={
        "csrf_token": csrf_token(client, "/admin/registers/"), "unit_id": unit("STP").id,
        "name": "Sổ văn bản đến mật 2027", "confidential": "1"})
    assert response.status_code == 302
    created = db.session.scalars(select(IncomingRegister).where(IncomingRegister.name == "Sổ văn bản đến mật 2027")).one()
    assert created.is_confidential and created.unit_id == unit("STP").id
    empty = client.post("/admin/registers/new", data={"csrf_token": csrf_token(client, "/admin/registers/"), "unit_id": "", "name": ""})
    assert empty.status_code == 302
    assert "Hãy chọn đơn vị" in client.get("/admin/registers/").get_data(as_text=True)

    runner = office.test_cli_runner()
    added = runner.invoke(main, ["register", "add", "--unit", "STP", "--name", "Sổ văn bản đến 2027"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["register", "list", "--unit", "STP"])
    assert "Sổ văn bản đến 2027" in listed.output and "mật" in listed.output
    disabled = runner.invoke(main, ["register", "disable", str(created.id)])
    assert disabled.exit_code == 0 and "ngừng sử dụng" in disabled.output
    again = runner.invoke(main, ["register", "disable", str(created.id)])
    assert again.exit_code == 2 and "ngừng sử dụng" in again.output
    db.session.expire_all()
    assert not created.is_active
