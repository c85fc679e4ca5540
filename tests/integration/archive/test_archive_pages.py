"""The archive's pages in Vietnamese: the archivist sees the catalogue, opens a dossier from
it, uploads a document into it, is told plainly when closing twice, exports PDF + XML, and
takes in a batch file by file with the outcome of each; people outside the owner unit get no
secret document and no archivist page."""
from __future__ import annotations

import io

from sqlalchemy import select

from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.archive.models import ArchiveDossier, ScanImport
from tests.helpers import csrf_token, html_problems, login, sample_pdf
from tests.integration.archive.conftest import entry


def signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def test_the_archivist_opens_files_closes_and_exports_a_dossier_from_the_pages(office):
    client = signed_in(office, "luutru")
    home = client.get("/").get_data(as_text=True)
    assert "Hồ sơ công việc" in home and "Danh mục hồ sơ" in home and "Số hóa tài liệu" in home
    listing = client.get("/archive/catalogues")
    assert listing.status_code == 200 and f"Danh mục hồ sơ năm {calendar.now().year}" in listing.get_data(as_text=True)
    opened = client.post("/archive/dossiers", data={"csrf_token": csrf_token(client, "/archive/dossiers"),
                                                    "entry_id": str(entry("05.HCTC").id), "access_regime": "1"})
    assert opened.status_code == 302
    dossier = db.session.scalars(select(ArchiveDossier)).one()
    page = client.get(f"/archive/dossiers/{dossier.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == [] and dossier.code in html
    token = csrf_token(client, f"/archive/dossiers/{dossier.id}")
    uploaded = client.post(f"/archive/dossiers/{dossier.id}/uploads", data={
        "csrf_token": token, "file": (io.BytesIO(sample_pdf()), "bao-cao-so-hoa.pdf"), "subject": "Báo cáo kết quả số hóa năm 2026",
        "number": "12", "notation": "BC-VP"}, content_type="multipart/form-data")
    assert uploaded.status_code == 302
    closed = client.post(f"/archive/dossiers/{dossier.id}/close", data={"csrf_token": token})
    assert closed.status_code == 302
    again = client.post(f"/archive/dossiers/{dossier.id}/close", data={"csrf_token": token})
    assert again.status_code == 400 and "đã được đóng trước đó" in again.get_data(as_text=True)
    pdf = client.get(f"/archive/dossiers/{dossier.id}/export.pdf")
    xml = client.get(f"/archive/dossiers/{dossier.id}/export.xml")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert xml.status_code == 200 and f"<MaLuuTru>{dossier.code}.0000001</MaLuuTru>" in xml.get_data(as_text=True)


def test_a_browser_batch_reports_each_file_and_only_the_archivist_may_import(office):
    client = signed_in(office, "luutru")
    page = client.get("/archive/imports")
    assert page.status_code == 200 and html_problems(page.get_data(as_text=True)) == []
    token = csrf_token(client, "/archive/imports")
    started = client.post("/archive/imports", data={"csrf_token": token, "label": "Lô tải lên"})
    assert started.status_code == 201
    url = started.get_json()["url"]
    good = client.post(f"{url}/files", data={"csrf_token": token, "file": (io.BytesIO(sample_pdf(number="7")), "qd-7.pdf")},
                       content_type="multipart/form-data").get_json()
    empty = client.post(f"{url}/files", data={"csrf_token": token, "file": (io.BytesIO(b""), "rong.pdf")},
                        content_type="multipart/form-data").get_json()
    assert (good["status"], empty["status"]) == ("review", "failed") and "0 byte" in empty["reason"]
    report = client.get(f"{url}?format=json").get_json()
    assert (report["imported"], report["failed"]) == (1, 1)
    review = client.get("/archive/imports").get_data(as_text=True)
    assert "qd-7.pdf" in review and "Đưa vào hồ sơ" in review
    other = signed_in(office, "chuyenvien")
    assert other.get("/archive/imports").status_code == 403
    assert db.session.scalar(select(ScanImport.id).where(ScanImport.filename == "qd-7.pdf")) is not None


def test_an_incoming_documents_page_offers_filing_it_into_one_of_my_open_dossiers(office):
    from tests.integration.archive.conftest import open_dossier
    from tests.integration.documents.conftest import register_new

    incoming = register_new(code_number="64", code_notation="KH-UBND")
    dossier = open_dossier("vanthu")
    client = signed_in(office, "vanthu")
    page = client.get(f"/incoming/{incoming.id}").get_data(as_text=True)
    assert f"/archive/file-item/{incoming.id}" in page and "Lập hồ sơ" in page
    chooser = client.get(f"/archive/file-item/{incoming.id}")
    html = chooser.get_data(as_text=True)
    assert chooser.status_code == 200 and html_problems(html) == [] and f"Đưa vào hồ sơ {dossier.code}" in html
    filed = client.post(f"/archive/dossiers/{dossier.id}/items", data={
        "csrf_token": csrf_token(client, f"/archive/file-item/{incoming.id}"), "source_item_id": str(incoming.id)})
    assert filed.status_code == 302
    db.session.expire_all()
    [document] = db.session.get(ArchiveDossier, dossier.id).documents
    assert (document.number, document.notation, document.source_item_id) == ("64", "KH-UBND", incoming.id)


def test_the_api_opens_reads_and_refuses_closing_an_empty_dossier_with_a_message(office):
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts

    bearer, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user("luutru"), "api")
    client = office.test_client()
    headers = {"Authorization": f"Bearer {bearer}"}
    created = client.post("/api/v1/archive/dossiers", json={"entry_id": entry("05.HCTC").id, "access_regime": 2}, headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["code"].endswith(".05.HCTC") and body["access_regime"] == 2 and body["documents"] == []
    refused = client.post(f"/api/v1/archive/dossiers/{body['id']}/close", headers=headers)
    assert refused.status_code in (400, 409, 422) and "chưa có văn bản nào" in refused.get_json()["error"]["message"]
    bad = client.post("/api/v1/archive/dossiers", json={"entry_id": entry("05.HCTC").id, "access_regime": 7}, headers=headers)
    assert bad.status_code == 422 and "Chế độ sử dụng" in str(bad.get_json())
    listed = client.get("/api/v1/archive/dossiers?status=open", headers=headers).get_json()
    assert [d["code"] for d in listed["items"]] == [body["code"]]


def test_a_tasks_and_a_one_stop_dossiers_pages_offer_filing_them_too(office):
    from eoffice.tasks import assigning
    from eoffice.tasks.schemas import TaskIn
    from tests.integration.documents.conftest import actor, unit

    task = assigning.assign(actor("chutich"), TaskIn(title="Rà soát thủ tục hành chính", lead_unit_id=unit("KT").id,
                                                     working_days=5))
    db.session.commit()
    client = signed_in(office, "chutich")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert f'href="/archive/file-item/{task.id}"' in page and "Lập hồ sơ" in page
    assert client.get(f"/archive/file-item/{task.id}").status_code == 200
    from tests.integration.onestop.conftest import receive

    dossier = receive()
    db.session.commit()
    desk = signed_in(office, "motcua")
    page = desk.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    assert f'href="/archive/file-item/{dossier.id}"' in page and "Lập hồ sơ" in page
