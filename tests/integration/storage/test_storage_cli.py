"""`eoffice storage gc` and `eoffice storage verify` on the app (SQLite and PostgreSQL)."""
from __future__ import annotations

import io
import uuid

import pytest
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.backends import blob_store
from eoffice.cli import main
from eoffice.db import db
from eoffice.documents.uploads import stage_upload
from tests.helpers import sample_pdf
from tests.integration.storage.conftest import drop_bucket, minio_url
from tests.integration.storage.storage_helpers import corrupt, remove_behind_back


@pytest.fixture
def minio_app(make_app, sqlite_database):  # type: ignore[no-untyped-def]
    """The app with its blobs in a fresh bucket of the real MinIO."""
    application = make_app(sqlite_database, storage_url=minio_url(f"eoffice-cli-{uuid.uuid4().hex[:12]}"))
    with application.app_context():
        blob_store().ensure()
        try:
            yield application
        finally:
            drop_bucket(blob_store())


def staged_blob(number: str) -> str:
    """A blob the database references (a staged upload of a real PDF)."""
    clerk = Actor(db.session.scalars(select(User).where(User.username == "vanthu")).one())
    return stage_upload(clerk, io.BytesIO(sample_pdf(number=number)), "Công văn.pdf", main_document=True).sha256


def test_gc_lists_then_removes_only_unreferenced_old_blobs(app):
    check_gc(app)


@pytest.mark.minio
def test_gc_on_minio(minio_app):
    check_gc(minio_app)


def test_verify_exits_0_when_whole_and_3_listing_missing_and_corrupted(app):
    check_verify(app)


@pytest.mark.minio
def test_verify_on_minio(minio_app):
    check_verify(minio_app)


def check_gc(app) -> None:  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    referenced = staged_blob("15")
    orphan = blob_store().put(io.BytesIO(b"orphan bytes"), filename="Rác.txt", content_type="text/plain").sha256
    runner = app.test_cli_runner()

    recent = runner.invoke(main, ["storage", "gc"])
    assert recent.exit_code == 0, recent.output
    assert orphan not in recent.output and "Sẽ xóa 0 tệp" in recent.output

    dry = runner.invoke(main, ["storage", "gc", "--grace-hours", "0"])
    assert dry.exit_code == 0, dry.output
    assert f"Sẽ xóa: {orphan}" in dry.output and "Rác.txt" in dry.output
    assert referenced not in dry.output and "chạy thử" in dry.output
    assert blob_store().exists(orphan)

    applied = runner.invoke(main, ["storage", "gc", "--grace-hours", "0", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert f"Đã xóa: {orphan}" in applied.output and "Đã xóa 1 tệp" in applied.output
    assert not blob_store().exists(orphan) and blob_store().exists(referenced)


def check_verify(app) -> None:  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    first, second, third = staged_blob("15"), staged_blob("16"), staged_blob("17")
    runner = app.test_cli_runner()

    whole = runner.invoke(main, ["storage", "verify"])
    assert whole.exit_code == 0, whole.output
    assert "đã kiểm tra 3 tệp" in whole.output

    corrupt(blob_store(), second)
    remove_behind_back(blob_store(), third)
    broken = runner.invoke(main, ["storage", "verify"])
    assert broken.exit_code == 3, broken.output
    assert f"Thiếu: {third}" in broken.output
    assert f"Hỏng (mã băm không khớp): {second}" in broken.output
    assert first not in broken.output
