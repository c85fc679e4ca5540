"""Forms 02–05 of Circular 01/2018 as printable slips: each is offered on the dossier page at
the moment it applies (02 after a supplement request, 03 after a refusal, 04 after an
apology, 05 always), its print view and its A5/A4 PDF carry the circular's title and the
dossier's own facts — on both databases."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from eoffice.calendar.timezone import VN
from eoffice.errors import ServiceError
from eoffice.onestop import forms, processing
from eoffice.onestop.schemas import ApologyIn, ReasonIn, StepDoneIn, SupplementIn
from tests.helpers import html_problems, login
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive

MISSING = ["Bản sao giấy xác nhận tình trạng hôn nhân", "Ảnh chân dung 4x6"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _page_size_mm(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.fixture
def officer(desk, app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "motcua", "Demo@2026")
    return client


def test_only_the_control_sheet_is_offered_before_anything_happens(officer):
    dossier = receive()
    html = officer.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    assert 'data-testid="slip-05"' in html
    assert all(f'data-testid="slip-{n}"' not in html for n in ("02", "03", "04"))
    refused = officer.get(f"/onestop/{dossier.id}/phieu/03")
    assert refused.status_code == 302, "a form that does not apply sends the officer back with the reason"
    assert "không bị từ chối" in officer.get(refused.headers["Location"]).get_data(as_text=True)
    with pytest.raises(ServiceError) as unknown:
        forms.fill(dossier, "07")
    assert unknown.value.code == "unknown_form"


def test_the_supplement_request_slip_lists_every_missing_item_once(officer):
    dossier = receive()
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=MISSING, note="Thiếu giấy tờ nhân thân"))
    html = officer.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    assert 'data-testid="slip-02"' in html
    view = officer.get(f"/onestop/{dossier.id}/phieu/02")
    page = view.get_data(as_text=True)
    assert view.status_code == 200 and html_problems(page) == []
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in page and "Mẫu số 02" in page
    assert all(page.count(item) == 1 for item in MISSING) and "Thiếu giấy tờ nhân thân" in page
    assert "Nguyễn Văn An" in page and dossier.code in page
    pdf = officer.get(f"/onestop/{dossier.id}/phieu/02.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Ảnh chân dung 4x6" in text
    assert _page_size_mm(pdf.data) == (148, 210)
    assert _page_size_mm(officer.get(f"/onestop/{dossier.id}/phieu/02.pdf?kho=a4").data) == (210, 297)
    # Still printable after the citizen answered: the request as it was sent.
    processing.supplement(actor("motcua"), dossier)
    assert all(item in forms.fill(dossier, "02").paragraphs[6][1] for item in MISSING)


def test_the_refusal_slip_gives_the_reason(officer):
    dossier = processing.refuse(actor("motcua"), receive(), ReasonIn(reason="Không thuộc thẩm quyền của phường"))
    assert 'data-testid="slip-03"' in officer.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    text = _pdf_text(officer.get(f"/onestop/{dossier.id}/phieu/03.pdf").data)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ" in text and "Không thuộc thẩm quyền của phường" in text


def test_the_apology_slip_gives_both_dates_and_the_reason(officer):
    dossier = receive()
    new_date = datetime(2026, 12, 14, 16, 0, tzinfo=VN)
    processing.apologise(actor("motcua"), dossier, ApologyIn(new_due=new_date, reason="Cần xác minh thêm tại nơi cư trú"))
    assert 'data-testid="slip-04"' in officer.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    page = officer.get(f"/onestop/{dossier.id}/phieu/04").get_data(as_text=True)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in page
    assert "16 giờ 00 phút, ngày 14/12/2026" in page and "09 giờ 00 phút, ngày 10/12/2026" in page
    text = _pdf_text(officer.get(f"/onestop/{dossier.id}/phieu/04.pdf").data)
    assert "Cần xác minh thêm tại nơi cư trú" in text and "THỦ TRƯỞNG CƠ QUAN" in text


def test_the_control_sheet_pdf_has_a_row_per_hand_off_with_its_timeliness(officer):
    dossier = receive()
    processing.complete_step(actor("tuphapnt"), dossier, StepDoneIn(result="Đủ điều kiện"))
    rows = processing.control_sheet(dossier)
    page = officer.get(f"/onestop/{dossier.id}/phieu/05").get_data(as_text=True)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in page
    assert page.count("<tr>") == 1 + len(rows) == 4
    text = _pdf_text(officer.get(f"/onestop/{dossier.id}/phieu/05.pdf").data)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and "Đủ điều kiện" in text
    table = forms.fill(dossier, "05").paragraphs[-1]
    assert table[0] == "table" and len(table[2]) == len(rows)
    assert [cell[2] for cell in table[2]] == [r["timeliness"] for r in rows]
    assert rows[0]["timeliness"] in ("Trước hạn", "Đúng hạn") and "Nhận: Bộ phận Một cửa phường Nha Trang" in table[2][0][0]
