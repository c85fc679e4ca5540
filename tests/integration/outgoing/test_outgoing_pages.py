"""The outgoing pages: the new-draft form keeps what was typed and shows each message beside its
field, the draft page offers each person their own action, and the register lists issued
documents in Decree 30 columns — all in Vietnamese."""
from __future__ import annotations

import io
import re

from tests.helpers import csrf_token, html_problems, login, sample_pdf
from tests.integration.documents.conftest import actor, unit
from tests.integration.outgoing.conftest import SUBJECT, new_draft, signed_draft


def signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def test_the_new_draft_form_keeps_the_file_and_places_each_message_beside_its_field(office):
    client = signed_in(office, "chuyenvien")
    page = client.get("/outgoing/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert "Soạn dự thảo văn bản đi" in html and "Quyết định (QĐ)" in html and "TUQ. – thừa ủy quyền" in html
    posted = client.post("/outgoing/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/outgoing/new"), "doc_type": "CV", "subject": "",
        "signer_id": str(actor("chutich").user_id), "external": "Bộ Tư pháp",
        "main": (io.BytesIO(sample_pdf(subject=SUBJECT)), "du-thao.pdf"),
    })
    html = posted.get_data(as_text=True)
    assert posted.status_code == 400 and html_problems(html) == []
    assert 'id="draft-subject-error"' in html and "Trích yếu" in html
    assert "Đã giữ tệp" in html and "du-thao.pdf" in html, "the uploaded file is kept for the next try"
    token = re.search(r'name="main_token" value="([^"]+)"', html).group(1)
    retried = client.post("/outgoing/new", data={
        "csrf_token": csrf_token(client, "/outgoing/new"), "doc_type": "CV", "subject": SUBJECT,
        "signer_id": str(actor("chutich").user_id), "external": "Bộ Tư pháp", "main_token": token,
    })
    html = retried.get_data(as_text=True)
    assert retried.status_code == 400 and "Bộ Tư pháp" in html and "chưa có mã định danh" in html
    saved = client.post("/outgoing/new", data={
        "csrf_token": csrf_token(client, "/outgoing/new"), "doc_type": "CV", "subject": SUBJECT,
        "signer_id": str(actor("chutich").user_id), "external": "Bộ Tư pháp | 000.00.00.G03", "main_token": token,
        "recipient_unit_ids": [str(unit("STP").id)],
    })
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    detail = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert html_problems(detail) == [] and "Trình duyệt" in detail and "Bộ Tư pháp (mã 000.00.00.G03)" in detail


def test_each_approver_sees_their_step_and_a_return_without_reason_is_refused_on_the_page(office):
    doc = new_draft()
    drafter = signed_in(office, "chuyenvien")
    page = f"/outgoing/{doc.id}"
    submitted = drafter.post(f"{page}/submit", data={"csrf_token": csrf_token(drafter, page)})
    assert submitted.status_code == 302
    head = signed_in(office, "truongphong")
    html = head.get(page).get_data(as_text=True)
    assert "Chờ bạn duyệt (bước 1/3)" in html and "Trả lại người soạn thảo" in html
    assert "Văn bản đi chờ tôi xử lý" in head.get("/").get_data(as_text=True)
    refused = head.post(f"{page}/return", data={"csrf_token": csrf_token(head, page), "reason": " "})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="return-reason-error"' in html and "lý do trả lại" in html
    approved = head.post(f"{page}/approve", data={"csrf_token": csrf_token(head, page), "comment": "Đồng ý"})
    assert approved.status_code == 302
    html = signed_in(office, "chanhvanphong").get(page).get_data(as_text=True)
    assert "Chờ bạn duyệt (bước 2/3)" in html and "Duyệt" in html
    assert "Chờ bạn duyệt" not in head.get(page).get_data(as_text=True)
    listing = drafter.get("/outgoing/?tab=cua_toi").get_data(as_text=True)
    assert SUBJECT in listing and "Đang trình duyệt (bước 2/3)" in listing


def test_the_clerk_issues_from_the_page_and_the_register_lists_it(office):
    doc = signed_draft()
    clerk = signed_in(office, "vanthu")
    page = f"/outgoing/{doc.id}"
    assert "Cấp số và phát hành" in clerk.get(page).get_data(as_text=True)
    issued = clerk.post(f"{page}/issue", data={"csrf_token": csrf_token(clerk, page)})
    assert issued.status_code == 302
    html = clerk.get(page).get_data(as_text=True)
    assert "Số: 01/UBND-KT" in html and "Thu hồi văn bản" in html and "Đã gửi" in html
    assert "Nơi nhận: Chờ văn thư nơi nhận vào sổ" in html, "the sender sees what the receiver did"
    register = clerk.get("/outgoing/register")
    html = register.get_data(as_text=True)
    assert register.status_code == 200 and html_problems(html) == []
    for column in ("Số, ký hiệu", "Tên loại và trích yếu", "Người ký", "Nơi nhận", "Đơn vị nhận bản lưu", "Số lượng bản"):
        assert column in html
    assert "01/UBND-KT" in html and SUBJECT in html and "Sở Tư pháp" in html
    assert signed_in(office, "chuyenvien").get("/outgoing/register").status_code == 403


def test_the_outgoing_register_downloads_as_pdf_and_excel_in_the_decrees_columns(office):
    import openpyxl
    from pypdf import PdfReader

    from eoffice.outgoing.register_export import COLUMNS

    doc = signed_draft()
    clerk = signed_in(office, "vanthu")
    page = f"/outgoing/{doc.id}"
    assert clerk.post(f"{page}/issue", data={"csrf_token": csrf_token(clerk, page)}).status_code == 302
    html = clerk.get("/outgoing/register").get_data(as_text=True)
    assert "Tải PDF" in html and "Tải Excel" in html
    pdf = clerk.get(f"/outgoing/register/export?agency={doc.agency_unit_id}&format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert 'filename="so-van-ban-di-' in pdf.headers["Content-Disposition"]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "01/UBND-KT" in text and "Từ số 1 đến số 1" in text
    for column in ("Người ký", "Nơi nhận văn bản", "Số lượng bản", "Ngày chuyển", "Ký nhận"):
        assert column in text
    assert re.search(r"\b\d\d/\d\d/20\d\d\b", text), "dates fit their column on one line"
    assert sum(c.pdf_width for c in COLUMNS) == 277
    xlsx = clerk.get(f"/outgoing/register/export?agency={doc.agency_unit_id}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    heads = [c.value for c in sheet[8]]
    assert heads[:4] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký"]
    first = [c.value for c in sheet[10]]
    assert first[0] == "01/UBND-KT" and SUBJECT in first[2] and "Sở Tư pháp" in first[4]
    assert signed_in(office, "chuyenvien").get(f"/outgoing/register/export?format=pdf").status_code == 403
    bad = clerk.get("/outgoing/register/export?format=doc")
    assert bad.status_code == 302


def test_an_empty_year_prints_a_register_that_says_so(office):
    from pypdf import PdfReader

    clerk = signed_in(office, "vanthu")
    pdf = clerk.get("/outgoing/register/export?year=2019&format=pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert pdf.status_code == 200 and "Chưa có văn bản nào được ban hành trong năm 2019." in text


def test_the_signer_uploads_the_approved_version_signed_with_their_own_tool(office):
    from eoffice.db import db
    from eoffice.outgoing.models import OutgoingDocument
    from tests.integration.outgoing.conftest import approved_draft, pyhanko_signer

    doc = approved_draft()
    signer = signed_in(office, "chutich")
    page = f"/outgoing/{doc.id}"
    html = signer.get(page).get_data(as_text=True)
    assert "Chờ bạn ký" in html and "Tải lên bản đã ký" in html
    approved = signer.get(f"/outgoing/files/{doc.approved_version_id}").get_data()
    forged = signer.post(f"{page}/signed", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(signer, page), "signed": (io.BytesIO(sample_pdf(subject="Văn bản khác")), "ky.pdf")})
    assert forged.status_code == 400 and "không phải là bản đã duyệt" in forged.get_data(as_text=True)
    signed = signer.post(f"{page}/signed", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(signer, page), "signed": (io.BytesIO(pyhanko_signer()(approved)), "ky.pdf")})
    assert signed.status_code == 302
    db.session.expire_all()
    assert db.session.get(OutgoingDocument, doc.id).status == "signed"


def test_a_document_signed_with_the_leaders_own_tool_is_numbered_without_breaking_the_signature(office):
    """The leader downloads the approved version and signs it on their own computer; the clerk
    still writes the number in: the approved version carries the empty number field."""
    from pypdf import PdfReader

    from eoffice.db import db
    from eoffice.outgoing import issuance
    from eoffice.outgoing.models import OutgoingDocument
    from eoffice.signing.validation.pdf import read_signatures
    from tests.integration.outgoing.conftest import approved_draft, pyhanko_signer

    doc = approved_draft()
    reviewed = [f for f in doc.versions if f.id != doc.approved_version_id][-1]
    approved = issuance.file_bytes(doc.approved_version)
    assert approved.startswith(issuance.file_bytes(reviewed)), "the reviewed bytes are kept as they were"
    signer = signed_in(office, "chutich")
    page = f"/outgoing/{doc.id}"
    signer.post(f"{page}/signed", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(signer, page), "signed": (io.BytesIO(pyhanko_signer()(approved)), "ky.pdf")})
    clerk = signed_in(office, "vanthu")
    issued = clerk.post(f"{page}/issue", data={"csrf_token": csrf_token(clerk, page)})
    assert issued.status_code == 302, issued.get_data(as_text=True)
    db.session.expire_all()
    doc = db.session.get(OutgoingDocument, doc.id)
    pdf = issuance.file_bytes(issuance.issued_file(doc))
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    assert fields["SoKyHieu"].get("/V") == "01/UBND-KT"
    [leader] = read_signatures(pdf)
    assert leader.intact and leader.valid and leader.modifications_allowed, leader.technical_summary


def test_an_administrator_sets_a_chain_on_the_page_and_drafts_follow_it(office):
    admin = signed_in(office, "quantri")
    page = admin.get("/outgoing/chains")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == [] and "Nguyễn Thị Hồng Nhung" in html
    empty = admin.post("/outgoing/chains", data={"csrf_token": csrf_token(admin, "/outgoing/chains"), "doc_type": "QĐ"})
    assert empty.status_code == 400 and 'id="chain-step1-error"' in empty.get_data(as_text=True)
    saved = admin.post("/outgoing/chains", data={
        "csrf_token": csrf_token(admin, "/outgoing/chains"), "doc_type": "QĐ", "unit_id": str(unit("KT").id),
        "step1": str(actor("truongphong").user_id), "step2": str(actor("phochutich").user_id)})
    assert saved.status_code == 302
    doc = new_draft(doc_type="QĐ")
    from eoffice.outgoing import approval

    approval.submit(actor("chuyenvien"), doc)
    assert doc.chain == [actor("truongphong").user_id, actor("phochutich").user_id]
    assert new_draft().doc_type == "CV"
    assert signed_in(office, "chuyenvien").get("/outgoing/chains").status_code == 403


def test_the_sender_sees_the_receiver_return_the_document_with_its_reason(office):
    from eoffice.db import db
    from eoffice.documents import deliveries
    from eoffice.documents.models import InboundDelivery
    from eoffice.outgoing import issuance

    doc = signed_draft()
    issuance.issue(actor("vanthu"), doc)
    delivery = db.session.get(InboundDelivery, doc.recipients[0].delivery_id)
    deliveries.refuse(actor("chuyenvienstp"), delivery, "Không thuộc thẩm quyền của Sở Tư pháp.")
    db.session.commit()
    html = signed_in(office, "vanthu").get(f"/outgoing/{doc.id}").get_data(as_text=True)
    assert "Nơi nhận: Đã trả lại: Không thuộc thẩm quyền của Sở Tư pháp." in html
