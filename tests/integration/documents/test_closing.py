"""When the lead unit closes a document, the coordinating units' parts keep their own state
(open, still in their queue, told) unless the lead ends them, which gives them the distinct
state "closed_by_lead" — never "done"."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.db import db
from eoffice.documents import processing, queries, routing
from eoffice.notify.models import Notification
from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import actor, register_new, unit


def routed_with_justice():
    doc = register_new()
    routing.route(actor("chutich"), doc, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp.", lead=routing.UnitTarget(unit("KT").id),
        coordinate=[routing.UnitTarget(unit("STP").id)]))
    return doc


def part(doc, role):
    return next(a for a in doc.assignments if a.role == role and a.parent_id is None)


def stp_notices() -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == actor("giamdocstp").user_id, Notification.kind == "incoming.lead_closed")))


def test_closing_by_the_lead_keeps_the_coordinating_part_open_and_tells_its_unit(office):
    doc = routed_with_justice()
    coordinate = part(doc, "coordinate")
    handler = routing.assign_handler(actor("giamdocstp"), coordinate, actor("chuyenvienstp").user_id, None, "Góp ý căn cứ pháp lý.")
    processing.close_document(actor("truongphong"), doc, "Đã báo cáo UBND tỉnh.")
    db.session.expire_all()
    assert doc.status == "done" and part(doc, "lead").status == "done"
    assert coordinate.status == "in_progress" and handler.status == "pending"
    assert queries.counts(actor("chuyenvienstp").user)["can_xu_ly"] == 1, "still in the coordinating unit's queue"
    assert len(stp_notices()) == 1 and "vẫn mở" in stp_notices()[0].text
    assert doc.events[-1].data["coordination"] == "kept_open"

    client = office.test_client()
    login(client, "truongphong", "Demo@2026")
    assert "Chủ trì đã xong, còn phối hợp" in client.get(f"/incoming/{doc.id}").get_data(as_text=True)

    processing.complete_assignment(actor("chuyenvienstp"), handler, "Đã góp ý.")
    processing.complete_assignment(actor("giamdocstp"), coordinate, "Sở Tư pháp đã góp ý bằng văn bản.")
    db.session.expire_all()
    assert coordinate.status == "done" and coordinate.result == "Sở Tư pháp đã góp ý bằng văn bản."
    assert "Chủ trì đã xong" not in client.get(f"/incoming/{doc.id}").get_data(as_text=True)


def test_the_lead_may_end_the_coordinating_parts_which_are_closed_by_lead_not_done(office):
    doc = routed_with_justice()
    client = office.test_client()
    login(client, "truongphong", "Demo@2026")
    page = f"/incoming/{doc.id}"
    assert "Kết thúc luôn phần phối hợp" in client.get(page).get_data(as_text=True)
    response = client.post(f"/incoming/{doc.id}/close", data={
        "csrf_token": csrf_token(client, page), "result": "Không cần ý kiến phối hợp nữa.", "end_coordination": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    coordinate = part(doc, "coordinate")
    assert doc.status == "done"
    assert coordinate.status == "closed_by_lead" and not coordinate.is_open
    assert queries.counts(actor("giamdocstp").user)["can_xu_ly"] == 0
    assert queries.counts(actor("giamdocstp").user)["da_xu_ly"] == 0, "not counted as done by the coordinating unit"
    assert len(stp_notices()) == 1 and "không tính là đã hoàn thành" in stp_notices()[0].text
    assert "Đóng theo đơn vị chủ trì" in client.get(page).get_data(as_text=True)
