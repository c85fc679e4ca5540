"""Confidential documents are visible only to the people named on them and the register's clerk."""
from __future__ import annotations

from eoffice.auth.permissions import can
from eoffice.db import db
from eoffice.documents import queries, routing
from tests.integration.documents.conftest import actor, register_new, register_of, unit


def visible_in_all_tab(username: str) -> int:
    db.session.expire_all()
    page, rows = queries.listing(actor(username).user, "tat_ca", queries.Filters())
    return page.total


def test_a_secret_document_shows_only_to_named_people_and_the_clerk(office):
    ordinary = register_new(code_number="1")
    secret = register_new(code_number="2", register_id=register_of(confidential=True).id, secrecy=1,
                          subject="Kế hoạch bảo đảm an ninh hội nghị cấp cao")
    routing.route(actor("chutich"), secret, routing.SteeringInput(opinion="Phòng Nội chính chủ trì.", lead=routing.UnitTarget(unit("NC").id)))

    assert can(actor("vanthu").user, "incoming.view", secret)
    assert can(actor("chutich").user, "incoming.view", secret)
    assert can(actor("truongphongnc").user, "incoming.view", secret), "head of the unit it was routed to"
    for outsider in ("phochutich", "chanhvanphong", "truongphong", "chuyenvien", "luutru"):
        assert not can(actor(outsider).user, "incoming.view", secret), outsider
    assert can(actor("phochutich").user, "incoming.view", ordinary)

    assert visible_in_all_tab("phochutich") == 1, "lists and counts never include it"
    assert visible_in_all_tab("vanthu") == 2
    assert queries.counts(actor("truongphong").user)["can_xu_ly"] == 0
    assert queries.counts(actor("truongphongnc").user)["can_xu_ly"] == 1


def test_outsiders_get_403_on_the_page_and_the_api(office, operator):
    from eoffice.auth import service as accounts
    from tests.helpers import login

    secret = register_new(code_number="9", register_id=register_of(confidential=True).id, secrecy=2)
    client = office.test_client()
    login(client, "phochutich", "Demo@2026")
    assert client.get(f"/incoming/{secret.id}").status_code == 403
    token, _ = accounts.create_token(operator, actor("chanhvanphong").user, "kiểm thử")
    api = office.test_client().get(f"/api/v1/incoming/{secret.id}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 403 and api.json["error"]["code"] == "forbidden"
