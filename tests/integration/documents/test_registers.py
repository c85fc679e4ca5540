"""The incoming register and the follow-up register: on screen, as PDF and Excel, and in the API."""
from __future__ import annotations

import io

import openpyxl
import pypdf

from eoffice.auth import service as accounts
from eoffice.calendar import service as calendar
from eoffice.documents import routing
from tests.helpers import login
from tests.integration.documents.conftest import actor, register_new, register_of, unit


def _two_documents_routed():
    first = register_new(code_number="15", code_notation="QĐ-SNV", subject="Về việc phê duyệt kế hoạch cải cách hành chính")
    second = register_new(code_number="231", code_notation="UBND-VP", doc_type="CV", issuer_name="Ủy ban nhân dân xã Đông Hòa",
                          subject="Về việc kiểm tra công tác phòng chống thiên tai")
    routing.route(actor("chutich"), second, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id)))
    return first, second


def _range() -> dict[str, str]:
    today = calendar.now().date().isoformat()
    return {"from": today, "to": today}


def test_the_register_page_lists_the_days_documents_in_arrival_order(office):
    first, second = _two_documents_routed()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    page = client.get("/incoming/registers/", query_string={"register_id": register_of().id, "kind": "incoming", **_range()})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.index("15/QĐ-SNV") < html.index("231/UBND-VP")
    assert "Công văn: Về việc kiểm tra công tác phòng chống thiên tai" in html
    assert "Phòng Kinh tế (CT)" in html, "the unit it was handed to, marked as lead"


def test_the_pdf_and_excel_exports_carry_the_decree_columns_and_every_row(office):
    first, second = _two_documents_routed()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    query = {"register_id": register_of().id, **_range()}

    pdf = client.get("/incoming/registers/export", query_string={**query, "kind": "incoming", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text.upper()
    assert "231/UBND-VP" in text and "15/QĐ-SNV" in text

    xlsx = client.get("/incoming/registers/export", query_string={**query, "kind": "followup", "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("Thời hạn giải quyết" in c for c in cells)
    assert any("Về việc kiểm tra công tác phòng chống thiên tai" in c for c in cells)


def test_a_confidential_register_prints_only_for_its_clerk(office):
    register_new(code_number="9", register_id=register_of(confidential=True).id, secrecy=1)
    secret = register_of(confidential=True)
    chair = office.test_client()
    login(chair, "chutich", "Demo@2026")
    assert secret.name not in chair.get("/incoming/registers/").get_data(as_text=True)
    refused = chair.get("/incoming/registers/export", query_string={"register_id": secret.id, "format": "pdf", **_range()})
    assert refused.status_code == 403
    clerk = office.test_client()
    login(clerk, "vanthu", "Demo@2026")
    allowed = clerk.get("/incoming/registers/export", query_string={"register_id": secret.id, "format": "pdf", **_range()})
    assert allowed.status_code == 200


def test_the_api_returns_register_rows_and_refuses_other_peoples_registers(office, operator):
    _two_documents_routed()
    token, _ = accounts.create_token(operator, actor("vanthu").user, "in sổ")
    headers = {"Authorization": f"Bearer {token}"}
    client = office.test_client()
    listed = client.get("/api/v1/incoming/registers", headers=headers).json["items"]
    assert {r["id"] for r in listed} >= {register_of().id, register_of(confidential=True).id}

    rows = client.get(f"/api/v1/incoming/registers/{register_of().id}/rows", query_string=_range(), headers=headers).json
    assert [r["number_notation"] for r in rows["items"]] == ["15/QĐ-SNV", "231/UBND-VP"]
    assert rows["items"][0]["arrival_date"] == calendar.now().date().isoformat()

    chair_token, _ = accounts.create_token(operator, actor("chutich").user, "in sổ")
    refused = client.get(f"/api/v1/incoming/registers/{register_of(confidential=True).id}/rows",
                         headers={"Authorization": f"Bearer {chair_token}"})
    assert refused.status_code == 403


def test_a_backwards_or_overlong_range_is_refused_with_a_message(office, operator):
    token, _ = accounts.create_token(operator, actor("vanthu").user, "in sổ")
    headers = {"Authorization": f"Bearer {token}"}
    client = office.test_client()
    url = f"/api/v1/incoming/registers/{register_of().id}/rows"
    backwards = client.get(url, query_string={"from": "2026-11-20", "to": "2026-11-01"}, headers=headers)
    assert backwards.status_code == 400 and "Ngày kết thúc" in backwards.json["error"]["message"]
    too_long = client.get(url, query_string={"from": "2024-01-01", "to": "2026-11-01"}, headers=headers)
    assert too_long.status_code == 400 and "một năm" in too_long.json["error"]["message"]
    bad_kind = client.get(url, query_string={"kind": "outgoing"}, headers=headers)
    assert bad_kind.status_code == 422 and "Loại sổ" in bad_kind.json["error"]["details"]["kind"]


def test_the_lead_units_deadline_is_the_documents_deadline_on_the_page_the_slip_and_the_register(office):
    from eoffice.calendar import add_working_days_to_date

    doc = register_new(code_number="88", subject="Về việc rà soát hồ chứa nước")
    due = add_working_days_to_date(calendar.now().date(), 5)
    routing.route(actor("chutich"), doc, routing.SteeringInput(
        opinion="Phòng Kinh tế chủ trì.", lead=routing.UnitTarget(unit("KT").id, deadline=due)))
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    shown = f"{due:%d/%m/%Y}"
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert shown in page and "hạn của đơn vị chủ trì" in page
    assert shown in client.get(f"/incoming/{doc.id}/slip").get_data(as_text=True)
    rows = client.get("/incoming/registers/", query_string={"register_id": register_of().id, "kind": "followup", **_range()})
    assert shown in rows.get_data(as_text=True)
