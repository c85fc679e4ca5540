"""A GET never writes: looking at a document records nothing and keeps it recallable; the
assignee confirms receipt with a button (or by working on the part)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eoffice.db import db
from eoffice.documents import routing
from eoffice.errors import ServiceError
from eoffice.work.models import Assignment, WorkEvent
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, register_new, unit


def _routed():  # type: ignore[no-untyped-def]
    doc = register_new()
    routing.route(actor("chutich"), doc, routing.SteeringInput(opinion="Đề nghị xử lý", lead=routing.UnitTarget(unit("KT").id)))
    lead = db.session.scalars(select(Assignment).where(Assignment.work_item_id == doc.id, Assignment.role == "lead")).one()
    return doc, lead


def test_opening_the_document_page_records_nothing_and_keeps_the_part_recallable(office, client):  # type: ignore[no-untyped-def]
    doc, lead = _routed()
    events_before = db.session.scalar(select(func.count(WorkEvent.id)))
    login(client, "truongphong", "Demo@2026")
    page = client.get(f"/incoming/{doc.id}")
    assert page.status_code == 200 and "Nhận xử lý" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assignment, lead.id).opened_at is None
    assert db.session.scalar(select(func.count(WorkEvent.id))) == events_before
    routing.recall_assignment(actor("chutich"), db.session.get(Assignment, lead.id))
    assert db.session.get(Assignment, lead.id).status == "recalled"


def test_confirming_receipt_marks_the_part_opened_so_it_can_no_longer_be_recalled(office, client):  # type: ignore[no-untyped-def]
    doc, lead = _routed()
    login(client, "truongphong", "Demo@2026")
    response = client.post(f"/incoming/assignments/{lead.id}/open",
                           data={"csrf_token": csrf_token(client, f"/incoming/{doc.id}")})
    assert response.status_code == 302
    db.session.expire_all()
    part = db.session.get(Assignment, lead.id)
    assert part.opened_at is not None and part.status == "in_progress"
    assert "Nhận xử lý" not in client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    with pytest.raises(ServiceError) as refused:
        routing.recall_assignment(actor("chutich"), part)
    assert refused.value.code == "already_opened"
