"""The forms of the document page: a failed submission loses nothing and says, beside the field,
what to fix; the routing form offers the unit tree and working-day deadline presets; a unit
head gives the part to several specialists at once."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.demo import DEMO_PASSWORD
from eoffice.documents import routing
from eoffice.documents.models import Assignment
from eoffice.errors import ServiceError
from tests.helpers import csrf_token, html_problems, login, sample_pdf
from tests.integration.documents.conftest import actor, register_new, unit
from tests.integration.documents.test_processing_flow import route_to_economy_with_justice


def post(client, doc, action: str, data: dict, **kwargs):
    return client.post(action, data={"csrf_token": csrf_token(client, f"/incoming/{doc.id}"), **data}, **kwargs)


def signed_in(app, username: str):
    client = app.test_client()
    login(client, username, DEMO_PASSWORD)
    return client


def field_html(html: str, form_id: str, name: str) -> str:
    """The wrapper of one field of one form, from its <label for> to the end of its message."""
    match = re.search(rf'<div class="field[^"]*"><label for="{form_id}-{name}">.*?</div>\s*</div>', html, re.S)
    assert match, f"no field {form_id}-{name} on the page"
    return match.group(0)


def test_a_routing_without_lead_keeps_the_opinion_and_the_ticked_units_and_says_so_under_the_tree(office):
    doc = register_new()
    client = signed_in(office, "chutich")
    response = post(client, doc, f"/incoming/{doc.id}/route", {
        "opinion": "Giao Sở Tư pháp phối hợp rà soát.", "coordinate_unit": str(unit("STP").id),
        "inform_unit": str(unit("NC").id),
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Giao Sở Tư pháp phối hợp rà soát.</textarea>" in html
    assert f'name="coordinate_unit" value="{unit("STP").id}" checked' in html
    assert f'name="inform_unit" value="{unit("NC").id}" checked' in html
    picker = html[html.index('data-testid="unit-picker"'):html.index("</fieldset>", html.index('data-testid="unit-picker"'))]
    assert "Hãy chọn đơn vị chủ trì xử lý." in picker
    assert 'class="unit-picker has-error"' in html
    db.session.expire_all()
    assert doc.status == "submitted" and not doc.assignments


def test_a_past_deadline_is_reported_beside_the_deadline_typed(office):
    doc = register_new()
    client = signed_in(office, "chutich")
    yesterday = calendar.now().astimezone(calendar.VN).date() - timedelta(days=1)
    response = post(client, doc, f"/incoming/{doc.id}/route", {
        "opinion": "Giao Phòng Kinh tế.", "lead_unit": str(unit("KT").id), "lead_deadline": yesterday.isoformat(),
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    lead_field = field_html(html, "route", "lead_deadline")
    assert "đã qua" in lead_field and 'aria-invalid="true"' in lead_field and yesterday.isoformat() in lead_field
    assert "đã qua" not in field_html(html, "route", "coordinate_deadline")
    assert f'name="lead_unit" value="{unit("KT").id}" checked' in html


def test_a_date_that_is_not_a_date_is_refused_before_the_service_runs(office):
    doc = register_new()
    client = signed_in(office, "chutich")
    response = post(client, doc, f"/incoming/{doc.id}/route", {"lead_unit": str(unit("KT").id), "coordinate_deadline": "31/02/20x6"})
    assert response.status_code == 400
    assert "không phải là ngày có thật hoặc không đúng dạng" in field_html(response.get_data(as_text=True), "route", "coordinate_deadline")


def test_the_routing_form_offers_working_day_presets_computed_by_the_calendar(office):
    doc = register_new()
    html = signed_in(office, "chutich").get(f"/incoming/{doc.id}").get_data(as_text=True)
    today = calendar.now().astimezone(calendar.VN).date()
    for days in (3, 5, 10):
        expected = calendar.add_working_days_date(today, days)
        assert f'data-fill="route-lead_deadline" data-value="{expected.isoformat()}"' in html
        assert f"+{days} ngày làm việc" in html
    # The tree follows the hierarchy: Phòng Kinh tế sits inside Văn phòng UBND tỉnh's list.
    office_item = html.index(f'name="lead_unit" value="{unit("VP").id}"')
    economy_item = html.index(f'name="lead_unit" value="{unit("KT").id}"')
    assert office_item < economy_item and "<ul>" in html[office_item:economy_item]
    assert html_problems(html) == []


def test_routing_with_the_tree_creates_the_lead_coordinating_and_information_parts(office):
    doc = register_new()
    client = signed_in(office, "chutich")
    response = post(client, doc, f"/incoming/{doc.id}/route", {
        "opinion": "Giao Phòng Kinh tế chủ trì.", "lead_unit": str(unit("KT").id),
        "coordinate_unit": [str(unit("STP").id)], "inform_unit": [str(unit("NC").id)],
    })
    assert response.status_code == 302
    db.session.expire_all()
    assert sorted((a.role, a.unit.short_name) for a in doc.assignments) == [("coordinate", "STP"), ("inform", "NC"), ("lead", "KT")]


def test_a_return_without_reason_stays_on_the_page_with_the_message_beside_the_reason(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    client = signed_in(office, "truongphong")
    response = post(client, doc, f"/incoming/assignments/{lead.id}/return", {"reason": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Hãy ghi rõ lý do trả lại" in field_html(html, f"return-{lead.id}", "reason")
    db.session.expire_all()
    assert lead.status != "returned"


def test_a_forward_to_the_same_unit_keeps_the_reason_typed(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    client = signed_in(office, "truongphong")
    response = post(client, doc, f"/incoming/assignments/{lead.id}/forward", {"unit_id": str(unit("KT").id), "reason": "Thuộc lĩnh vực khác"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Thuộc lĩnh vực khác"' in field_html(html, f"forward-{lead.id}", "reason")
    assert "Hãy chọn một đơn vị khác" in field_html(html, f"forward-{lead.id}", "unit_id")


def test_a_reply_draft_without_summary_keeps_its_file_for_the_next_try(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    client = signed_in(office, "truongphong")
    client.get(f"/incoming/{doc.id}")  # the head opens it: the lead part is in progress
    draft = (io.BytesIO(sample_pdf(number="16")), "du-thao.pdf")
    response = post(client, doc, f"/incoming/{doc.id}/reply", {"summary": "", "file": draft}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert "Hãy nhập trích yếu" in field_html(html, "reply", "summary")
    token = re.search(r'name="file_token" value="([^"]+)"', html).group(1)
    assert "Đã giữ tệp <strong>du-thao.pdf</strong>" in html

    response = post(client, doc, f"/incoming/{doc.id}/reply", {"summary": "Dự thảo công văn trả lời", "file_token": token},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    event = doc.events[-1]
    assert event.kind == "reply_proposed" and event.file is not None and event.file.filename == "du-thao.pdf"
    assert lead.is_open


def test_a_unit_head_assigns_several_specialists_in_one_submission(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    client = signed_in(office, "truongphong")
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert html_problems(page) == [], "every form of the head's page has unique ids and working labels"
    assert f'name="user_id" value="{actor("chuyenvien").user_id}"' in page and 'type="checkbox" name="user_id"' in page
    people = [actor("chuyenvien").user_id, actor("truongphong").user_id]
    response = post(client, doc, f"/incoming/assignments/{lead.id}/assign",
                    {"user_id": [str(p) for p in people], "instruction": "Cùng kiểm tra thực địa."})
    assert response.status_code == 302
    db.session.expire_all()
    handlers = [a for a in doc.assignments if a.role == "handler"]
    assert sorted(a.user_id for a in handlers) == sorted(people)
    assert all(a.parent_id == lead.id and a.instruction == "Cùng kiểm tra thực địa." for a in handlers)


def test_assigning_nobody_keeps_the_instruction_and_asks_for_a_person(office):
    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    client = signed_in(office, "truongphong")
    response = post(client, doc, f"/incoming/assignments/{lead.id}/assign", {"instruction": "Kiểm tra thực địa."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một cán bộ" in html and 'value="Kiểm tra thực địa."' in html


def test_several_specialists_are_assigned_all_or_none(office, operator):
    from eoffice.auth import service as accounts

    doc = register_new()
    route_to_economy_with_justice(doc)
    lead = next(a for a in doc.assignments if a.role == "lead")
    accounts.set_enabled(operator, actor("chuyenvienstp").user, False)
    with pytest.raises(ServiceError) as info:
        routing.assign_handlers(actor("truongphong"), lead, [actor("chuyenvien").user_id, actor("chuyenvienstp").user_id], None, "")
    assert info.value.code == "user_disabled"
    db.session.expire_all()
    assert db.session.query(Assignment).filter_by(work_item_id=doc.id, role="handler").count() == 0
    assert [e.kind for e in doc.events].count("assigned") == 0
    made = routing.assign_handlers(actor("truongphong"), lead, [actor("chuyenvien").user_id, actor("truongphong").user_id], None, "")
    assert len(made) == 2 and db.session.query(Assignment).filter_by(work_item_id=doc.id, role="handler").count() == 2
