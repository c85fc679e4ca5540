"""From registration to closing: routing, assigning, processing, and every queue count on the way."""
from __future__ import annotations

import pytest

from eoffice.db import db
from eoffice.documents import processing, queries, routing
from eoffice.errors import ServiceError
from tests.integration.documents.conftest import actor, register_new, unit


def counts(username: str) -> dict[str, int]:
    db.session.expire_all()
    return queries.counts(actor(username).user)


def route_to_economy_with_justice(doc):
    return routing.route(actor("chutich"), doc, routing.SteeringInput(
        opinion="Giao Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp.",
        lead=routing.UnitTarget(unit("KT").id), coordinate=[routing.UnitTarget(unit("STP").id)],
    ))


def test_the_whole_flow_keeps_every_queue_right(office):
    doc = register_new()
    assert counts("chutich")["cho_chi_dao"] == 1
    assert counts("truongphong")["can_xu_ly"] == 0
    assert counts("vanthu")["da_vao_so"] == 1

    route_to_economy_with_justice(doc)
    assert counts("chutich")["cho_chi_dao"] == 0
    assert counts("truongphong")["can_xu_ly"] == 1, "the lead unit's head sees it"
    assert counts("giamdocstp")["can_xu_ly"] == 1, "the coordinating unit's head sees it"
    assert counts("chuyenvien")["can_xu_ly"] == 0

    lead = next(a for a in doc.assignments if a.role == "lead")
    handler = routing.assign_handler(actor("truongphong"), lead, actor("chuyenvien").user_id, None, "Nghiên cứu, tham mưu.")
    assert counts("truongphong")["can_xu_ly"] == 0 and counts("truongphong")["dang_xu_ly"] == 1
    assert counts("chuyenvien")["can_xu_ly"] == 1

    processing.comment(actor("giamdocstp"), doc, "Sở Tư pháp góp ý: cần rà soát căn cứ pháp lý.")
    processing.complete_assignment(actor("chuyenvien"), handler, "Đã dự thảo văn bản trả lời.")
    assert counts("chuyenvien")["da_xu_ly"] == 1 and counts("chuyenvien")["can_xu_ly"] == 0

    processing.close_document(actor("truongphong"), doc, "Đã giải quyết, lưu hồ sơ.")
    db.session.expire_all()
    assert doc.status == "done"
    assert all(not a.is_open for a in doc.assignments if a.role != "coordinate"), "the lead's own parts close with it"
    # Commenting on its part was receiving it; the part stays open (documents.closing).
    assert counts("giamdocstp")["dang_xu_ly"] == 1, "the coordinating unit's part stays open (documents.closing)"
    kinds = [e.kind for e in doc.events]
    assert kinds[:3] == ["registered", "submitted", "routed"]
    assert {"assigned", "comment", "assignment_done", "closed"} <= set(kinds)


def test_a_return_needs_a_reason_and_sends_the_document_back_to_the_leader(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    with pytest.raises(ServiceError) as info:
        routing.return_assignment(actor("truongphong"), lead, "  ")
    assert info.value.code == "missing_reason"
    db.session.rollback()
    routing.return_assignment(actor("truongphong"), lead, "Không thuộc chức năng của Phòng Kinh tế.")
    assert doc.status == "submitted"
    assert counts("chutich")["cho_chi_dao"] == 1


def test_an_assignment_can_be_recalled_only_before_it_is_opened(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead, coordinate = (next(a for a in doc.assignments if a.role == r) for r in ("lead", "coordinate"))
    routing.open_assignment(actor("giamdocstp"), coordinate)
    with pytest.raises(ServiceError) as info:
        routing.recall_assignment(actor("chutich"), coordinate)
    assert info.value.code == "already_opened"
    db.session.rollback()
    routing.recall_assignment(actor("chutich"), lead)
    assert lead.status == "recalled" and doc.status == "submitted"


def test_forwarding_to_a_unit_with_no_leader_is_refused(office, operator):
    from eoffice.org import service as org

    empty = org.create_unit(operator, name="Tổ công tác đặc biệt", short_name="TCT", kind="to_chuc_khac", parent_id=unit("VP").id)
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    with pytest.raises(ServiceError) as info:
        routing.forward_assignment(actor("truongphong"), lead, empty.id, "Chuyển đúng đơn vị")
    assert info.value.code == "unit_without_leader"


def test_routing_to_a_disabled_person_is_refused(office, operator):
    from eoffice.auth import service as accounts

    accounts.set_enabled(operator, actor("chuyenvien").user, False)
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    with pytest.raises(ServiceError) as info:
        routing.assign_handler(actor("truongphong"), lead, actor("chuyenvien").user_id, None, "")
    assert info.value.code == "user_disabled"


def test_a_reminder_reaches_the_assignee_as_a_notification(office):
    from eoffice.notify.service import unread_count

    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    before = unread_count(actor("truongphong").user_id)
    routing.remind(actor("chutich"), lead, "Đề nghị báo cáo trước thứ Sáu.")
    assert unread_count(actor("truongphong").user_id) == before + 1
    assert doc.events[-1].kind == "reminded"


def test_people_outside_the_routing_cannot_act(office):
    from eoffice.auth.permissions import PermissionDenied

    doc = register_new()
    with pytest.raises(PermissionDenied):
        route_to_economy_with_justice_as(doc, "truongphong")


def route_to_economy_with_justice_as(doc, username):
    return routing.route(actor(username), doc, routing.SteeringInput(opinion="x", lead=routing.UnitTarget(unit("KT").id)))


def test_deadline_notices_are_sent_once_when_late(office):
    from datetime import timedelta

    from eoffice.db import utcnow

    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    lead.deadline = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert processing.send_deadline_notices() >= 1
    assert counts("truongphong")["qua_han"] == 1
    assert processing.send_deadline_notices() == 0, "each notice goes out once"
