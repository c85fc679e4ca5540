"""Signatures are checked off the request: the upload answers at once with "Đang kiểm tra chữ
ký…", the worker's job writes the per-signature report onto the stored file, and the
registration form, the document page and the JSON they poll show it — a tampered file with the
tamper warning, never the green badge. SQLite and PostgreSQL."""
from __future__ import annotations

import io
import time
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

import pytest

from tests.helpers import csrf_token, login
from tests.integration.documents.conftest import register_new, run_worker
from tests.unit.documents.pdf_factory import DocumentSpec, build_document_pdf, issue_signer, sign_pdf_bytes, test_pki
from tests.unit.signing.decree_factory import paint_over, six_signature_decree


@lru_cache(maxsize=1)
def decree() -> bytes:
    """The six-signature decree (the person, then the seal five times), built once per run."""
    return six_signature_decree(test_pki())


@pytest.fixture
def office(app, operator):  # type: ignore[no-untyped-def]
    """The demo office, trusting the test PKI's root as an office trusts its national root."""
    from eoffice.demo import load_demo
    from eoffice.signing.trust import service

    load_demo(with_documents=False)
    service.add_certificate(operator, test_pki().root_cert.read_bytes())
    return app


def worker_is_alive(app: Any) -> None:
    """Touch the worker's heartbeat, as a running `eoffice worker` does: pages then leave the
    check to it (they would otherwise start it on a thread of their own)."""
    from eoffice.outbox.worker import heartbeat_path

    heartbeat_path(app).touch()


def clerk_client(app: Any) -> Any:
    client = app.test_client()
    login(client, "vanthu", "Demo@2026")
    return client


def upload(client: Any, data: bytes, name: str = "quyet-dinh.pdf") -> tuple[Any, str, float]:
    """Post the upload form as a browser does; returns the response, the staged token, the seconds."""
    token = csrf_token(client, "/incoming/new")
    started = time.perf_counter()
    response = client.post("/incoming/new", data={"csrf_token": token, "main": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    staged_token = response.headers["Location"].split("/incoming/new/")[1].split("?")[0]
    return response, staged_token, seconds


def stored_of(token: str) -> Any:
    from eoffice.db import db
    from eoffice.documents.models import StagedUpload

    db.session.expire_all()
    return db.session.query(StagedUpload).filter_by(token=token).one().stored


def test_the_upload_returns_before_the_check_and_the_worker_fills_in_the_six_signature_report(office) -> None:
    worker_is_alive(office)
    client = clerk_client(office)
    _, token, seconds = upload(client, decree())

    stored = stored_of(token)
    assert stored.inspection["signature_check"]["state"] == "pending" and stored.inspection["signatures"] == []
    form = client.get(f"/incoming/new/{token}").get_data(as_text=True)
    assert "Đang kiểm tra chữ ký…" in form and f'data-signature-poll="/incoming/new/{token}/signatures"' in form
    assert client.get(f"/incoming/new/{token}/signatures").get_json()["state"] == "pending"

    assert run_worker() >= 1
    stored = stored_of(token)
    check = stored.inspection["signature_check"]
    assert check["state"] == "done" and len(stored.inspection["signatures"]) == 6
    assert check["received_at"] == stored.uploaded_at.isoformat(), "the upload time is the proof of existence"
    print(f"\nupload request {seconds:.2f} s; background check of six signatures {check['seconds']:.2f} s")

    answer = client.get(f"/incoming/new/{token}/signatures").get_json()
    assert answer["state"] == "done" and answer["signatures"] == 6 and not answer["tampered"]
    form = client.get(f"/incoming/new/{token}").get_data(as_text=True)
    assert "Đang kiểm tra chữ ký…" not in form
    assert form.count('data-testid="signature-verdict">Toàn vẹn, hợp lệ') == 6
    assert "Sau khi ký chỉ thêm chữ ký số hoặc chú thích (bình thường)" in form, "later seals are normal changes"
    assert "Không có thay đổi nào sau khi ký" in form, "the last seal covers the whole file"
    assert "Tất cả 6 chữ ký số toàn vẹn, hợp lệ" in form


def test_a_tampered_decree_shows_the_tamper_warning_and_never_the_green_badge(office) -> None:
    worker_is_alive(office)
    client = clerk_client(office)
    _, token, _ = upload(client, paint_over(decree()), "da-sua.pdf")
    run_worker()

    form = client.get(f"/incoming/new/{token}").get_data(as_text=True)
    assert 'data-testid="signature-tampered"' in form and "Cảnh báo: tệp đã bị sửa nội dung sau khi ký." in form
    assert 'data-testid="signature-verdict">Toàn vẹn, hợp lệ' not in form
    assert 'class="badge ok" data-testid="signature-verdict"' not in form
    assert "Nội dung trang bị thay đổi sau khi ký (tệp bị sửa, không phải chữ ký bổ sung)" in form
    assert 'data-testid="signature-warnings"' in form and "Tệp đã bị sửa nội dung sau khi" in form
    assert client.get(f"/incoming/new/{token}/signatures").get_json()["tampered"] is True


def test_the_document_page_shows_the_check_in_progress_then_the_report(office) -> None:
    worker_is_alive(office)
    doc = register_new(pdf=decree(), code_number="42", code_notation="QĐ-UBND")
    client = clerk_client(office)
    main = next(f for f in doc.files if f.role == "main")
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Đang kiểm tra chữ ký…" in page and f'data-signature-poll="/incoming/files/{main.id}/signatures"' in page

    run_worker()
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Đang kiểm tra chữ ký…" not in page and page.count("Toàn vẹn, hợp lệ") >= 6
    assert client.get(f"/incoming/files/{main.id}/signatures").get_json()["state"] == "done"


def test_kiem_tra_lai_checks_the_signatures_again_against_the_trust_store_as_it_is_now(office, operator) -> None:
    """The office removed the test CA after the file came in: "Kiểm tra lại" re-runs the check
    and the verdict follows the trust store; the request is in the audit log."""
    from sqlalchemy import select

    from eoffice.audit.models import AuditEntry
    from eoffice.db import db
    from eoffice.signing.trust import service
    from eoffice.signing.trust.models import TrustStoreCertificate

    worker_is_alive(office)
    doc = register_new(pdf=decree(), code_number="43", code_notation="QĐ-UBND")
    run_worker()
    client = clerk_client(office)
    main = next(f for f in doc.files if f.role == "main")
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Kiểm tra lại chữ ký" in page and "Tất cả 6 chữ ký số toàn vẹn, hợp lệ" in page
    root = db.session.scalars(select(TrustStoreCertificate).where(TrustStoreCertificate.source == "admin", TrustStoreCertificate.active.is_(True))).all()
    for cert in root:
        service.remove_certificate(operator, cert.id)

    answer = client.post(f"/incoming/files/{main.id}/signatures/recheck",
                         data={"csrf_token": csrf_token(client, f"/incoming/{doc.id}")})
    assert answer.status_code == 302
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Đang kiểm tra chữ ký…" in page and "Kiểm tra lại chữ ký" not in page
    run_worker()
    page = client.get(f"/incoming/{doc.id}").get_data(as_text=True)
    assert "Tất cả 6 chữ ký số toàn vẹn, hợp lệ" not in page and "Kiểm tra lại chữ ký" in page
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "signing.recheck")) is not None
    outsider = office.test_client()
    login(outsider, "chuyenvien", "Demo@2026")
    assert outsider.post(f"/incoming/files/{main.id}/signatures/recheck",
                         data={"csrf_token": csrf_token(outsider, "/")}).status_code in (403, 404)


def test_a_signature_without_timestamp_is_judged_at_the_upload_time(office) -> None:
    """The signer's certificate ran out after the office received the file: the stored upload
    time proves the file existed while it was valid."""
    from eoffice.db import db

    worker_is_alive(office)
    now = datetime.now(timezone.utc)
    pki = test_pki()
    cert, key = issue_signer(pki, "het-han-sau-khi-nhan", common_name="Trần Văn Cũ",
                             valid_from=now - timedelta(days=400), valid_to=now - timedelta(days=10))
    signed = sign_pdf_bytes(build_document_pdf(DocumentSpec()), cert=cert, key=key, ca_chain=[pki.root_cert])
    client = clerk_client(office)
    _, token, _ = upload(client, signed, "het-han.pdf")
    stored = stored_of(token)
    stored.uploaded_at = now - timedelta(days=30)  # received a month ago, while the certificate was valid
    db.session.commit()
    run_worker()

    (report,) = stored_of(token).inspection["signatures"]
    assert report["trusted"] and report["expired_since"] and report["timestamp_time"] is None
    form = client.get(f"/incoming/new/{token}").get_data(as_text=True)
    assert "Hợp lệ tại thời điểm ký; chứng thư số đã hết hạn sau đó" in form
    assert "(chứng cứ tệp đã tồn tại từ lúc đó)" in form, "the upload time shown as the proof of existence"


def test_with_no_worker_running_the_polled_page_has_the_check_done(office) -> None:
    """`flask run` or a box without `eoffice worker`: the JSON the page polls starts the check."""
    client = clerk_client(office)
    _, token, _ = upload(client, decree())
    deadline = time.monotonic() + 60
    state = client.get(f"/incoming/new/{token}/signatures").get_json()["state"]
    while state == "pending" and time.monotonic() < deadline:
        time.sleep(0.5)
        state = client.get(f"/incoming/new/{token}/signatures").get_json()["state"]
    assert state == "done"
    assert len(stored_of(token).inspection["signatures"]) == 6
    run_worker()  # the queued event finds the file checked and only marks itself handled
    assert stored_of(token).inspection["signature_check"]["state"] == "done"


def test_another_users_upload_is_not_polled(office) -> None:
    worker_is_alive(office)
    _, token, _ = upload(clerk_client(office), decree())
    other = office.test_client()
    login(other, "quantri", "Demo@2026")
    assert other.get(f"/incoming/new/{token}/signatures").status_code in (403, 404)


def test_an_unsigned_upload_needs_no_check(office) -> None:
    from tests.helpers import sample_pdf

    worker_is_alive(office)
    client = clerk_client(office)
    _, token, _ = upload(client, sample_pdf())
    assert "signature_check" not in stored_of(token).inspection
    form = client.get(f"/incoming/new/{token}").get_data(as_text=True)
    assert "Tệp không có chữ ký số." in form and "Đang kiểm tra chữ ký…" not in form


def test_an_api_client_uploads_and_reads_the_check_when_it_is_done(office) -> None:
    from eoffice.actor import Actor
    from eoffice.auth import service as accounts

    worker_is_alive(office)
    secret, _ = accounts.create_token(Actor.operator("kiểm thử"), accounts.find_user("vanthu"), "kiểm thử chữ ký")
    headers = {"Authorization": f"Bearer {secret}"}
    client = office.test_client()
    created = client.post("/api/v1/incoming/uploads", headers=headers, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(decree()), "quyet-dinh.pdf"), "main": "1"})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.json["inspection"]["signature_check"]["state"] == "pending"
    token = created.json["token"]
    run_worker()
    answer = client.get(f"/api/v1/incoming/uploads/{token}", headers=headers)
    assert answer.status_code == 200 and answer.json["inspection"]["signature_check"]["state"] == "done"
    assert len(answer.json["inspection"]["signatures"]) == 6
