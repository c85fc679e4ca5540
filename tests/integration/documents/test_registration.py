"""Registering incoming documents: numbering, duplicates, validation, nothing half-saved."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from eoffice.db import db
from eoffice.documents import registration
from eoffice.documents.models import WorkFile, IncomingDocument, RegisterCounter, StagedUpload
from eoffice.documents.uploads import UploadRejected, stage_upload
from eoffice.errors import ServiceError
from tests.integration.documents.conftest import actor, register_new, register_of, registration_input, run_worker, sample_pdf


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_arrival_numbers_run_from_one_per_register_and_year(office):
    first = register_new(code_number="1")
    second = register_new(code_number="2")
    secret = register_new(code_number="3", register_id=register_of(confidential=True).id, secrecy=1)
    assert (first.arrival_number, second.arrival_number) == (1, 2)
    assert secret.arrival_number == 1, "the confidential register has its own series"
    assert first.year == second.year


def test_the_file_prefills_nothing_is_invented_and_text_is_kept(office):
    doc = register_new()
    assert doc.main_file is not None and doc.main_file.sha256
    assert "Phê duyệt kế hoạch" in doc.text_content
    assert doc.page_count == 1
    assert doc.status == "submitted" and doc.submitted_to.username == "chutich"


def test_a_failed_save_consumes_no_number_and_keeps_the_staged_file(office):
    clerk = actor("vanthu")
    staged = stage_upload(clerk, io.BytesIO(sample_pdf()), "a.pdf", main_document=True)
    with pytest.raises(ServiceError) as info:
        registration.register_document(clerk, registration_input(staged.token, doc_type="XYZ"))
    assert info.value.code == "invalid_doc_type"
    db.session.rollback()
    assert count(IncomingDocument) == 0
    assert db.session.scalar(select(func.coalesce(func.max(RegisterCounter.last_number), 0))) == 0
    assert db.session.scalar(select(StagedUpload).where(StagedUpload.token == staged.token)) is not None
    doc = registration.register_document(clerk, registration_input(staged.token))
    assert doc.arrival_number == 1
    assert count(StagedUpload) == 0


def test_a_probable_duplicate_is_flagged_before_saving_and_can_be_confirmed(office):
    register_new(code_number="15", code_notation="QĐ-SNV")
    with pytest.raises(registration.DuplicateSuspected) as info:
        register_new(code_number="015", code_notation="qđ-snv", pdf=sample_pdf(subject="Một văn bản khác hẳn"))
    assert "có thể đã được vào sổ" in info.value.message
    db.session.rollback()
    assert count(IncomingDocument) == 1
    confirmed = register_new(code_number="15", code_notation="QĐ-SNV", confirm_duplicate=True,
                             pdf=sample_pdf(subject="Một văn bản khác hẳn"))
    assert confirmed.arrival_number == 2


def test_the_same_file_registered_twice_is_flagged(office):
    pdf = sample_pdf(number="77")
    register_new(pdf=pdf, code_number="77")
    with pytest.raises(registration.DuplicateSuspected):
        register_new(pdf=pdf, code_number="78", code_notation="TB-SNV")


def test_a_document_dated_in_the_future_is_refused(office):
    with pytest.raises(ServiceError) as info:
        register_new(issued_date=date.today() + timedelta(days=5))
    assert info.value.code == "issued_in_future"
    assert count(IncomingDocument) == 0


def test_a_deadline_on_a_day_off_is_refused_with_the_next_working_day_offered(office):
    from eoffice.calendar import service as calendar

    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    while calendar.is_working_day(saturday, None):
        saturday += timedelta(days=7)
    with pytest.raises(ServiceError) as info:
        register_new(deadline=saturday)
    assert info.value.code == "not_a_working_day"
    assert calendar.next_working_day(saturday, None).strftime("%d/%m/%Y") in info.value.message


def test_confidential_documents_must_use_the_confidential_register(office):
    with pytest.raises(ServiceError) as info:
        register_new(secrecy=2)
    assert info.value.code == "needs_confidential_register"


@pytest.mark.parametrize(
    ("payload", "filename", "code"),
    [
        (b"", "trong.pdf", "empty"),
        (b"PK\x03\x04 this is a zip renamed", "gia-mao.pdf", "not_pdf"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EO", "hong.pdf", "corrupt"),
        (b"%PDF-1.4 hello", "van-ban.docx", "not_pdf"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(office, payload, filename, code):
    with pytest.raises(UploadRejected) as info:
        stage_upload(actor("vanthu"), io.BytesIO(payload), filename, main_document=True)
    assert info.value.code == code
    assert info.value.message
    assert count(StagedUpload) == 0


def test_an_encrypted_pdf_is_refused(office):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf())))
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UploadRejected) as info:
        stage_upload(actor("vanthu"), io.BytesIO(buffer.getvalue()), "ma-hoa.pdf", main_document=True)
    assert info.value.code == "encrypted"


def test_an_oversized_upload_is_refused(make_app, database_url, operator):
    app = make_app(database_url, max_upload_mb=1)
    with app.app_context():
        with pytest.raises(UploadRejected) as info:
            stage_upload(operator, io.BytesIO(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)), "to.pdf", main_document=True)
        assert info.value.code == "too_large"


def test_only_the_registers_clerk_may_register(office):
    from eoffice.auth.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        register_new(clerk=actor("chuyenvien"))


def test_the_document_page_shows_who_signed_and_what_the_check_found(office, tmp_path):
    from tests.helpers import login
    from tests.unit.documents.pdf_factory import make_incoming_pdf, test_pki

    pki = test_pki()
    signed = make_incoming_pdf(tmp_path / "ky-so.pdf", number=42, notation="QĐ-UBND", signed="person+seal", pki=pki)
    doc = register_new(pdf=signed.read_bytes(), code_number="42", code_notation="QĐ-UBND")
    run_worker()  # signatures are checked in the background
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    html = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert pki.person_name in html and pki.seal_name in html, "both signers, in NFC as typed"
    assert "Chữ ký toàn vẹn, hợp lệ" in html, "the one-sentence verdict, not only badges"
    assert "Tổ chức cấp chứng thư: eoffice Test Root CA" in html


def test_a_signature_from_a_ca_the_office_trusts_is_shown_as_trusted(office, tmp_path):
    import shutil

    from eoffice import current_settings
    from tests.helpers import login
    from tests.unit.documents.pdf_factory import make_incoming_pdf, test_pki

    pki = test_pki()
    roots = current_settings().trust_roots_path
    roots.mkdir(parents=True, exist_ok=True)
    shutil.copy(pki.root_cert, roots / "root-ca.pem")
    (roots / "ghi-chu.pem").write_text("không phải chứng thư")  # skipped, never fatal
    signed = make_incoming_pdf(tmp_path / "ky-so.pdf", number=43, signed=True, pki=pki)
    doc = register_new(pdf=signed.read_bytes(), code_number="43", code_notation="QĐ-UBND")
    run_worker()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    html = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Chứng thư tin cậy" in html and "chứng thư số do tổ chức tin cậy cấp" in html


@pytest.mark.parametrize("megabytes, status, message", [
    (1.5, 400, "MB"),  # within the request limit, over the file limit: the upload page says so
    (3, 413, "vượt quá dung lượng cho phép"),  # over the request limit: the friendly 413 page
])
def test_oversized_uploads_through_the_page_get_a_vietnamese_message_and_stage_nothing(
    make_app, database_url, megabytes, status, message
):
    from eoffice.demo import load_demo
    from tests.helpers import csrf_token, login

    app = make_app(database_url, max_upload_mb=1)
    with app.app_context():
        load_demo(with_documents=False)
        client = app.test_client()
        login(client, "vanthu", "Demo@2026")
        token = csrf_token(client, "/incoming/new")
        body = b"%PDF-1.4\n" + b"0" * int(megabytes * 1024 * 1024)
        response = client.post("/incoming/new", data={"csrf_token": token, "main": (io.BytesIO(body), "lon.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == status
        assert message in response.get_data(as_text=True)
        assert db.session.scalar(select(func.count(StagedUpload.id))) == 0
        from eoffice import current_settings

        spool = current_settings().data_dir / "tmp"
        assert not spool.exists() or list(spool.iterdir()) == [], "no half-written temporary file is left"


# --- Số and ký hiệu (issue 9) -------------------------------------------------------------------
def test_markup_in_the_notation_is_refused_with_the_reason_and_nothing_is_saved(office):
    with pytest.raises(ServiceError) as info:
        register_new(code_number="5", code_notation="SXD@@QLXD!! <b>x</b>")
    assert info.value.code == "invalid_code_notation" and "'@'" in info.value.message
    db.session.rollback()
    assert count(IncomingDocument) == 0
    assert db.session.scalar(select(func.coalesce(func.max(RegisterCounter.last_number), 0))) == 0


def test_a_long_joint_notation_typed_carelessly_is_stored_in_the_decree_30_spelling(office):
    doc = register_new(code_number="02", code_notation=" 2018 / ttlt - vkstc - tatc - bca - bqp - btc - bnn&ptnt ",
                       doc_type="TTLT")
    db.session.expire_all()
    stored = db.session.get(IncomingDocument, doc.id)
    assert stored.code_notation == "2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT"
    assert stored.number_notation == "2/2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT"
    assert stored.doc_type == "TTLT"


def test_the_whole_number_pasted_into_the_notation_field_is_split(office):
    doc = register_new(code_number="", code_notation="Số: 56/2007/nd-cp", doc_type="NĐ")
    assert (doc.code_number, doc.code_notation) == ("56", "2007/NĐ-CP")


def test_a_document_stored_under_an_earlier_type_code_still_displays(office):
    from tests.helpers import login

    doc = register_new(doc_type="THUCONG", code_number="9", code_notation="UBND-VP")
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    html = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Thư công" in html


def test_the_registration_page_refuses_a_bad_notation_in_vietnamese_and_keeps_what_was_typed(office):
    from tests.helpers import login

    clerk = actor("vanthu")
    staged = stage_upload(clerk, io.BytesIO(sample_pdf(number="12", notation="UBND-VP")), "cv.pdf", main_document=True)
    db.session.commit()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    page = client.get(f"/incoming/new/{staged.token}").get_data(as_text=True)
    assert 'data-testid="code-preview"' in page and "Số: 12/UBND-VP" in page, "the formatted preview"
    assert "Văn bản quy phạm pháp luật" in page and "Nghị định" in page and "Thông tư liên tịch" in page
    from tests.helpers import csrf_token

    token = csrf_token(client, f"/incoming/new/{staged.token}")
    response = client.post(f"/incoming/new/{staged.token}", data={
        "csrf_token": token, "register_id": str(register_of().id), "issuer_name": "Sở Xây dựng", "doc_type": "CV",
        "subject": "V/v kiểm tra công trình", "code_number": "12", "code_notation": "SXD@@QLXD!! <b>x</b>",
        "channel": "paper",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ký tự không dùng trong ký hiệu văn bản" in html
    assert "<b>x</b>" not in html, "what was typed is shown escaped, never as markup"
    assert count(IncomingDocument) == 0


def test_the_registration_page_reads_the_form_with_the_apis_model_and_names_each_bad_field(office):
    from tests.helpers import csrf_token, login

    staged = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="13")), "cv.pdf", main_document=True)
    db.session.commit()
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    token = csrf_token(client, f"/incoming/new/{staged.token}")
    response = client.post(f"/incoming/new/{staged.token}", data={
        "csrf_token": token, "register_id": str(register_of().id), "issuer_name": "Sở Xây dựng", "doc_type": "CV",
        "subject": "V/v kiểm tra", "issued_date": "30/02/2026", "page_count": "nhiều", "deadline": "0001-01-01",
        "channel": "paper",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ngày văn bản “30/02/2026” không phải là ngày có thật" in html
    assert "Số trang phải là số nguyên" in html and "Hạn xử lý 01/01/0001 nằm ngoài khoảng cho phép" in html
    assert "V/v kiểm tra" in html, "what was typed stays in the form"
    assert count(IncomingDocument) == 0


# --- Active content and downloads (issue 9) -----------------------------------------------------
def _download(office, doc):
    from tests.helpers import login

    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    return client.get(f"/incoming/files/{doc.main_file.id}")


def test_a_pdf_with_javascript_is_flagged_to_the_clerk_and_only_ever_downloaded(office, tmp_path):
    from tests.helpers import login
    from tests.unit.documents.pdf_factory import make_active_pdf

    data = make_active_pdf(tmp_path / "js.pdf", "open_action_js").read_bytes()
    clerk = actor("vanthu")
    staged = stage_upload(clerk, io.BytesIO(data), "js.pdf", main_document=True)
    db.session.commit()
    assert "javascript" in staged.inspection["active_content"]
    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    page = client.get(f"/incoming/new/{staged.token}").get_data(as_text=True)
    assert 'data-testid="active-content"' in page and "mã JavaScript" in page
    doc = registration.register_document(clerk, registration_input(staged.token))
    response = _download(office, doc)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert response.get_data() == data


def test_an_ordinary_pdf_opens_inline_with_nosniff(office):
    doc = register_new()
    response = _download(office, doc)
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert "filename*=UTF-8''van-ban.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_a_file_stored_under_an_unexpected_type_goes_out_as_bytes_to_download(office):
    doc = register_new()
    doc.main_file.stored.content_type = "text/html"
    db.session.commit()
    response = _download(office, doc)
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_a_polyglot_html_pdf_is_refused_at_the_upload_page(office, tmp_path):
    from tests.helpers import csrf_token, login
    from tests.unit.documents.pdf_factory import make_polyglot_pdf

    client = office.test_client()
    login(client, "vanthu", "Demo@2026")
    token = csrf_token(client, "/incoming/new")
    body = make_polyglot_pdf(tmp_path / "p.pdf").read_bytes()
    response = client.post("/incoming/new", data={"csrf_token": token, "main": (io.BytesIO(body), "van-ban.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "giả mạo" in response.get_data(as_text=True)
    assert count(StagedUpload) == 0
