"""The one-stop pages and API as people use them: every route answers each demo role as the
permission module says; the desk receives through the form and prints the receipt (HTML with
QR, PDF); a failed intake keeps what was typed; the citizen looks the dossier up without an
account and rates it; the administrator imports a catalogue; the API answers 201 / 422."""
from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.auth.permissions import can
from eoffice.db import db
from eoffice.demo import DEMO_PASSWORD
from eoffice.onestop import processing
from eoffice.onestop.models import Dossier, Procedure
from eoffice.onestop.schemas import StepDoneIn
from tests.helpers import csrf_token, html_problems, login, walk_pages
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import procedure, receive


def test_every_onestop_page_answers_each_role_as_the_permission_module_says(desk, app):
    dossier = receive()
    args = {"dossier_id": dossier.id, "action": "step", "number": "05", "fmt": "xlsx"}
    # No result issued yet: its download answers 404 to those who may read the dossier.
    failures = walk_pages(app, "/onestop", args, lambda user, rule: (
        "dossier_id" not in rule.arguments or can(user, "dossier.view", dossier)), answers={"onestop.result_pdf": 404})
    assert failures == [], "\n".join(failures)

def test_the_desk_receives_through_the_form_and_prints_the_receipt_with_its_qr(desk, app):
    client = app.test_client()
    login(client, "motcua", DEMO_PASSWORD)
    proc = procedure("1.000894")
    page = f"/onestop/new?procedure_id={proc.id}"
    token = csrf_token(client, page)
    typed = {"csrf_token": token, "procedure_id": proc.id, "channel": "desk", "applicant_name": "Trần Thị Bình",
             "applicant_phone": "0914 222 333", "applicant_address": "5 Lê Lợi"}
    refused = client.post(page, data=typed)  # nothing ticked: the required component is missing
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Tờ khai đăng ký kết hôn theo mẫu" in body and 'value="Trần Thị Bình"' in body
    assert db.session.query(Dossier).count() == 0
    done = client.post(page, data={**typed, "provided": ["0"]})
    assert done.status_code == 302
    dossier = db.session.query(Dossier).one()
    receipt = client.get(done.headers["Location"]).get_data(as_text=True)
    assert dossier.code in receipt and 'data-testid="receipt-qr"' in receipt and dossier.lookup_secret in receipt
    pdf = client.get(f"/onestop/{dossier.id}/receipt.pdf")
    assert pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and dossier.code in text
    assert "10/12/2026" in text  # the engine's appointment: 5 working days from Thursday 09:00


def test_the_citizen_looks_up_without_an_account_and_rates_after_the_result(desk, app):
    dossier = receive()
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    client = app.test_client()
    wrong = client.get(f"/tra-cuu?ma={dossier.code}&xn=0000")
    assert wrong.status_code == 404 and "Nguyễn Văn An" not in wrong.get_data(as_text=True)
    page = client.get(f"/tra-cuu?ma={dossier.code}&xn=3456")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Đã trả kết quả" in html and 'data-testid="rating-form"' in html
    assert html_problems(html) == []
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    values = {key: "hai_long" for key in ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian")}
    rated = client.post("/tra-cuu/danh-gia", data={"csrf_token": token, "ma": dossier.code, "xn": "3456", **values})
    assert rated.status_code == 302
    after = client.get(rated.headers["Location"]).get_data(as_text=True)
    assert "Cảm ơn" in after and 'data-testid="rating-form"' not in after
    assert client.get("/thu-tuc").status_code == 200


def test_the_administrator_imports_a_catalogue_and_a_bad_file_changes_nothing(desk, app):
    client = app.test_client()
    login(client, "quantri", DEMO_PASSWORD)
    token = csrf_token(client, "/onestop/procedures")
    before = db.session.query(Procedure).count()
    bad = json.dumps([{"code": "X1", "name": "Thử", "days": -1, "steps": []}]).encode()
    page = client.post("/onestop/procedures", data={"csrf_token": token, "file": (io.BytesIO(bad), "bad.json")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "chưa có gì thay đổi" in page.get_data(as_text=True) and db.session.query(Procedure).count() == before
    csv_text = ("code,name,field,level,fee,days,calendar_days,result_form,online,components,steps\n"
                'T-01,Xác nhận cư trú,Cư trú,Cấp xã,Miễn phí,0.5,,Giấy xác nhận,toan_trinh,'
                '"[{""name"": ""Tờ khai""}]","[{""name"": ""Xử lý"", ""days"": 0.5}]"\n')
    done = client.post("/onestop/procedures", data={"csrf_token": token, "file": (io.BytesIO(csv_text.encode()), "ds.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "1 thủ tục mới" in done.get_data(as_text=True)
    assert procedure("T-01").days == 0.5 and procedure("T-01").components[0]["name"] == "Tờ khai"


def test_the_api_receives_a_dossier_and_answers_422_per_field(desk, app):
    token, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user("motcua"), "thử")
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    bad = client.post("/api/v1/dossiers", json={"channel": "fax", "applicant_email": "không-phải-email"})
    assert bad.status_code == 422
    assert {"procedure_id", "channel", "applicant_name", "applicant_email"} <= set(bad.json["error"]["details"])
    proc = procedure("2.000815")
    made = client.post("/api/v1/dossiers", json={"procedure_id": proc.id, "applicant_name": "Lê Văn Cường",
                                                 "provided": [0, 1]})
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.json["code"].endswith("-0001") and made.json["portal_code"] == 4
    assert client.get(f"/api/v1/dossiers/{made.json['id']}").json["code"] == made.json["code"]


def test_a_citizen_submits_online_and_answers_the_supplement_request_once(desk, app):
    from eoffice.onestop import intake
    from eoffice.onestop.schemas import SupplementIn
    from tests.helpers import sample_pdf

    client = app.test_client()
    proc = procedure("1.001193")
    page = f"/nop-truc-tuyen?procedure_id={proc.id}"
    token = csrf_token(client, page)
    desk_id = intake.desks()[0].id
    form = {"csrf_token": token, "procedure_id": proc.id, "desk_unit_id": desk_id, "applicant_name": "Võ Thị Mai",
            "applicant_phone": "0935000111", "provided": ["0", "1", "2"],
            "file_0": (io.BytesIO(sample_pdf()), "to-khai.pdf")}
    done = client.post(page, data=form, content_type="multipart/form-data")
    assert done.status_code == 200, done.get_data(as_text=True)
    dossier = db.session.query(Dossier).one()
    assert dossier.status == "new" and dossier.channel == "online" and dossier.code in done.get_data(as_text=True)
    assert [f.role for f in dossier.files] == ["component"]
    intake.accept_online(actor("motcua"), dossier)
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=["Giấy chứng sinh bản rõ nét"]))
    lookup = client.get(f"/tra-cuu?ma={dossier.code}&xn=0111").get_data(as_text=True)
    assert "Giấy chứng sinh bản rõ nét" in lookup and 'data-testid="supplement-form"' in lookup
    answer = {"csrf_token": token, "ma": dossier.code, "xn": "0111", "file_1": (io.BytesIO(sample_pdf()), "chung-sinh.pdf")}
    first = client.post("/tra-cuu/bo-sung", data=answer, content_type="multipart/form-data", follow_redirects=True)
    assert "Đã gửi phần bổ sung" in first.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).status == "processing"
    again = {**answer, "file_1": (io.BytesIO(sample_pdf()), "chung-sinh.pdf")}
    second = client.post("/tra-cuu/bo-sung", data=again, content_type="multipart/form-data", follow_redirects=True)
    assert "không còn chờ bổ sung" in second.get_data(as_text=True)
    assert sorted(f.role for f in db.session.get(Dossier, dossier.id).files) == ["component", "supplement"]


def test_the_tracking_book_lists_the_periods_dossiers_on_the_page_and_in_excel(desk, app):
    from openpyxl import load_workbook

    dossier = receive()
    other_month = receive()
    other_month.received_at = other_month.received_at.replace(month=11)
    db.session.commit()
    client = app.test_client()
    login(client, "motcua", DEMO_PASSWORD)
    page = client.get("/onestop/book?tu=01/12/2026&den=31/12/2026").get_data(as_text=True)
    assert dossier.code in page and other_month.code not in page and "Trong hạn" in page
    sheet = load_workbook(io.BytesIO(client.get("/onestop/book.xlsx?tu=01/12/2026&den=31/12/2026").data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[9]) for r in rows] == [(1, dossier.code, "Đang xử lý")]
