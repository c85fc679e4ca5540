"""Retention and disposal end to end on SQLite and PostgreSQL: closing a dossier locks its
blobs in the store until retention ends (permanent: forever); the daily job proposes a dossier
whose retention has ended, once; the head of the agency approves or refuses (with a reason);
execution deletes the blobs, keeps the metadata marked destroyed, audits it and produces the
destruction record. A permanent, open or unexpired dossier is never disposed of, and a blob the
store still locks stops the execution: clear messages, nothing changed."""
from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from eoffice.audit.models import AuditEntry
from eoffice.auth.permissions import PermissionDenied
from eoffice.backends import blob_store
from eoffice.calendar.timezone import VN, to_local, to_utc
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from eoffice.archive import disposal, dossiers
from eoffice.archive.models import ArchiveDossier, DisposalList
from eoffice.archive.schemas import FileItemIn
from storage import PERMANENT, BlobRetained
from tests.helpers import csrf_token, html_problems, login
from tests.integration.archive.conftest import close_years_ago, filled, open_dossier
from tests.integration.documents.conftest import actor, register_new

def _shas(dossier: ArchiveDossier) -> list[str]:
    return [f.sha256 for d in dossier.documents for f in d.files]


def test_closing_locks_the_blobs_until_retention_ends_and_a_permanent_dossier_forever(office):
    ten_years = filled("04.NC")
    dossiers.close(actor("luutru"), ten_years)
    closed_year = to_local(ten_years.closed_at).year
    assert ten_years.retention_ends == date(closed_year + 10, 12, 31)
    (sha,) = _shas(ten_years)
    until = blob_store().stat(sha).retain_until
    assert until == to_utc(datetime.combine(date(closed_year + 11, 1, 1), time(0), VN))
    with pytest.raises(BlobRetained):
        blob_store().delete(sha)
    forever = filled("05.HCTC", number="10")
    dossiers.close(actor("luutru"), forever)
    assert forever.retention_ends is None
    assert blob_store().stat(_shas(forever)[0]).retain_until == PERMANENT


def test_a_permanent_an_open_or_an_unexpired_dossier_can_never_be_proposed(office, monkeypatch):
    permanent = filled("05.HCTC")
    close_years_ago(monkeypatch, permanent, 80)
    still_open = filled("02.HCTC", number="11")
    recent = filled("04.NC", number="12")
    dossiers.close(actor("luutru"), recent)
    assert disposal.due_for_disposal() == [] and disposal.propose_due() == 0
    for dossier, message in ((permanent, "vĩnh viễn: tài liệu bảo quản vĩnh viễn không bao giờ được hủy"),
                             (still_open, "đang mở"), (recent, "còn thời hạn bảo quản 10 năm đến hết ngày")):
        with pytest.raises(ServiceError, match=message):
            disposal.propose(actor("luutru"), [dossier.id])
    with pytest.raises(ServiceError, match="chọn ít nhất một hồ sơ"):
        disposal.propose(actor("luutru"), [])
    with pytest.raises(PermissionDenied):
        disposal.propose(actor("chuyenvien"), [recent.id])
    assert db.session.scalar(select(func.count()).select_from(DisposalList)) == 0
    assert (permanent.status, still_open.status, recent.status) == ("closed", "open", "closed")


def test_the_job_proposes_once_the_chair_approves_and_the_archivist_destroys_with_a_record(office, monkeypatch):
    dossier = filled("04.NC")
    document = dossier.documents[0]
    close_years_ago(monkeypatch, dossier)
    (sha,) = _shas(dossier)
    assert disposal.due_for_disposal() == [dossier]
    assert disposal.propose_due() == 1 and disposal.propose_due() == 0, "proposed once"
    listing = db.session.scalars(select(DisposalList)).one()
    assert listing.status == "proposed" and listing.dossiers == [dossier] and listing.proposed_by_id is None
    chair = actor("chutich").user
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == chair.id, Notification.kind == "archive.disposal_proposed")) == 1
    with pytest.raises(ServiceError, match="chưa được phê duyệt|chỉ danh sách đã được phê duyệt"):
        disposal.execute(actor("luutru"), listing)
    with pytest.raises(PermissionDenied):
        disposal.approve(actor("luutru"), listing)
    with pytest.raises(PermissionDenied):
        disposal.approve(actor("chanhvanphong"), listing)
    disposal.approve(actor("chutich"), listing, "Đồng ý hủy theo đề nghị của Hội đồng xác định giá trị tài liệu")
    with pytest.raises(ServiceError, match="không phê duyệt lại được"):
        disposal.refuse(actor("chutich"), listing, "Đổi ý")

    disposal.execute(actor("luutru"), listing)
    db.session.expire_all()
    assert listing.status == "executed" and dossier.status == "destroyed" and dossier.destroyed_at is not None
    assert document.files == [] and document.ocr_text == "" and not blob_store().exists(sha)
    assert document.archive_code.endswith(".0000001") and document.title.startswith("Báo cáo"), "metadata kept"
    assert listing.summary == {"dossiers": 1, "documents": 1, "blobs_deleted": 1, "blobs_kept_shared": 0}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "archive.disposal_executed")).one()
    assert entry.summary["dossiers_destroyed"] == [dossier.code]
    record = PdfReader(io.BytesIO(blob_store().read_bytes(listing.record.sha256)))
    text = "".join(page.extract_text() for page in record.pages)
    assert "BIÊN BẢN HỦY TÀI LIỆU HẾT GIÁ TRỊ" in text and dossier.code in text
    assert blob_store().stat(listing.record.sha256).retain_until == PERMANENT, "the record itself is kept forever"
    with pytest.raises(ServiceError, match="đã được hủy"):
        disposal.propose(actor("luutru"), [dossier.id])


def test_a_refusal_needs_a_reason_and_keeps_the_dossiers_which_the_job_does_not_propose_again(office, monkeypatch):
    dossier = filled("04.NC")
    close_years_ago(monkeypatch, dossier)
    listing = disposal.propose(actor("luutru"), [dossier.id], "Danh sách hủy năm nay")
    with pytest.raises(ServiceError, match="đã có trong một danh sách hủy"):
        disposal.propose(actor("luutru"), [dossier.id])
    with pytest.raises(ServiceError, match="Hãy ghi lý do"):
        disposal.refuse(actor("chutich"), listing, "  ")
    assert listing.status == "proposed"
    disposal.refuse(actor("chutich"), listing, "Hồ sơ khiếu nại còn đang được thanh tra sử dụng")
    assert listing.status == "refused" and dossier.status == "closed" and blob_store().exists(_shas(dossier)[0])
    assert disposal.propose_due() == 0, "a refused dossier waits for a new appraisal"
    again = disposal.propose(actor("luutru"), [dossier.id])
    assert again.status == "proposed" and again.id != listing.id


def test_a_blob_the_store_still_locks_stops_the_execution_with_nothing_changed(office):
    dossier = filled("04.NC")
    dossiers.close(actor("luutru"), dossier)
    later = to_local(dossier.closed_at).date().replace(year=to_local(dossier.closed_at).year + 12)
    listing = disposal.propose(actor("luutru"), [dossier.id], today=later)
    disposal.approve(actor("chutich"), listing, today=later)
    with pytest.raises(ServiceError, match="Kho lưu trữ vẫn khóa tệp"):
        disposal.execute(actor("luutru"), listing, today=later)
    db.session.expire_all()
    assert listing.status == "approved" and dossier.status == "closed" and len(dossier.documents[0].files) == 1
    assert blob_store().exists(_shas(dossier)[0])


def test_a_blob_shared_with_the_original_incoming_document_is_kept(office, monkeypatch):
    incoming = register_new(code_number="31", code_notation="QĐ-UBND")
    dossier = open_dossier("vanthu", "02.HCTC")
    dossiers.file_item(actor("vanthu"), dossier, FileItemIn(source_item_id=incoming.id))
    close_years_ago(monkeypatch, dossier, 25)
    listing = disposal.propose(actor("luutru"), [dossier.id])
    disposal.approve(actor("chutich"), listing)
    disposal.execute(actor("luutru"), listing)
    db.session.expire_all()
    assert listing.summary["blobs_kept_shared"] == 1 and listing.summary["blobs_deleted"] == 0
    assert dossier.documents[0].files == [] and blob_store().exists(incoming.files[0].sha256)


def _signed_in(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def test_the_pages_draw_up_approve_execute_and_print_the_destruction_record(office, monkeypatch):
    dossier = filled("04.NC")
    close_years_ago(monkeypatch, dossier)
    archivist = _signed_in(office, "luutru")
    page = archivist.get("/archive/disposals")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == [] and dossier.code in html and "Lập danh sách hủy" in html
    token = csrf_token(archivist, "/archive/disposals")
    nothing = archivist.post("/archive/disposals", data={"csrf_token": token})
    assert nothing.status_code == 400 and "Hãy chọn ít nhất một hồ sơ" in nothing.get_data(as_text=True)
    made = archivist.post("/archive/disposals", data={"csrf_token": token, "dossier_id": str(dossier.id)})
    assert made.status_code == 302
    listing = db.session.scalars(select(DisposalList)).one()
    chair = _signed_in(office, "chutich")
    url = f"/archive/disposals/{listing.id}"
    chair_page = chair.get(url).get_data(as_text=True)
    assert "Phê duyệt hủy" in chair_page and html_problems(chair_page) == []
    no_reason = chair.post(f"{url}/refuse", data={"csrf_token": csrf_token(chair, url), "reason": ""})
    assert no_reason.status_code == 400 and "Hãy ghi lý do" in no_reason.get_data(as_text=True)
    assert chair.post(f"{url}/approve", data={"csrf_token": csrf_token(chair, url)}).status_code == 302
    assert archivist.post(f"{url}/execute", data={"csrf_token": csrf_token(archivist, url)}).status_code == 302
    done = archivist.get(url).get_data(as_text=True)
    assert "Đã hủy" in done and "Biên bản hủy tài liệu hết giá trị" in done
    record = archivist.get(f"{url}/record.pdf")
    assert record.status_code == 200 and record.data.startswith(b"%PDF-")
    dossier_page = archivist.get(f"/archive/dossiers/{dossier.id}").get_data(as_text=True)
    assert "các tệp đã bị xóa" in dossier_page


@pytest.fixture
def minio_office(make_app, sqlite_database):  # type: ignore[no-untyped-def]
    """The demo office with its blobs on the real MinIO server (a bucket with object locking)."""
    import uuid

    from eoffice.demo import load_demo
    from tests.integration.storage.conftest import drop_bucket, minio_url

    application = make_app(sqlite_database, storage_url=minio_url(f"eoffice-d-{uuid.uuid4().hex[:16]}"))
    with application.app_context():
        store = blob_store()
        store.ensure()
        load_demo(with_documents=False)
        try:
            yield application
        finally:
            drop_bucket(store)


@pytest.mark.minio
def test_on_minio_the_server_itself_keeps_a_closed_dossier_and_disposal_deletes_an_expired_one(minio_office, monkeypatch):
    from minio.error import S3Error

    store = blob_store()
    kept = filled("04.NC")
    dossiers.close(actor("luutru"), kept)
    (sha,) = _shas(kept)
    key = f"blobs/{sha}"
    retention = store.client.get_object_retention(store.bucket, key)
    assert retention.retain_until_date.date() == date(to_local(kept.closed_at).year + 10, 12, 31)
    with pytest.raises(S3Error):  # straight to the server: the object lock, not our check
        store.client.remove_object(store.bucket, key, version_id=store.client.stat_object(store.bucket, key).version_id)
    expired = filled("02.HCTC", number="13")
    close_years_ago(monkeypatch, expired, 25)
    (gone,) = _shas(expired)
    listing = disposal.propose(actor("luutru"), [expired.id])
    disposal.approve(actor("chutich"), listing)
    disposal.execute(actor("luutru"), listing)
    assert listing.summary["blobs_deleted"] == 1 and not store.exists(gone)
    assert store.exists(sha) and store.stat(listing.record.sha256).retain_until == PERMANENT



def test_closing_a_dossier_whose_file_is_missing_from_the_store_is_refused_with_what_to_do(office):
    dossier = filled("04.NC", number="14")
    (sha,) = _shas(dossier)
    path = blob_store()._path(sha)  # noqa: SLF001 - the test plays a lost disk
    path.chmod(0o644)
    path.unlink()
    with pytest.raises(ServiceError, match="không còn trong kho lưu trữ tệp.*eoffice storage verify"):
        dossiers.close(actor("luutru"), dossier)
    db.session.expire_all()
    assert dossier.status == "open" and dossier.closed_at is None
