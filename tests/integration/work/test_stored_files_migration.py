"""An office that ran the version before the one stored-file model keeps every file — of its
documents, its staged uploads and the deliveries waiting for its clerks — with the same facts,
on both databases; work files keep their ids, which history events refer to."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from tests.integration.work.old_office import upgrade_from

BEFORE = "f10a_incoming_search_text"
NOW = "2026-11-20 08:00:00+00:00"
SIGNATURE = {"signer_common_name": "Nguyễn Văn Hòa", "intact": True}
DELIVERED = [
    {"sha256": "c" * 64, "filename": "cv-gui.pdf", "content_type": "application/pdf", "size": 2048,
     "inspection": {"page_count": 3, "signatures": []}},
    {"sha256": "d" * 64, "filename": "phu-luc.xlsx", "content_type": "application/vnd.ms-excel", "size": 99, "inspection": {}},
]

OLD_ROWS = [
    "INSERT INTO units (id, kind, name, short_name, is_active, created_at) VALUES (7, 'phong', 'Văn phòng', 'VP', true, :now)",
    "INSERT INTO users (id, username, full_name, password_hash, is_enabled, locale, created_at) "
    "VALUES (3, 'vanthu', 'Văn thư', 'x', true, 'vi', :now)",
    "INSERT INTO work_items (id, kind, title, owner_unit_id, secrecy, status, created_at) "
    "VALUES (42, 'incoming', 'Về nhà ở xuống cấp', 7, 0, 'in_progress', :now)",
    "INSERT INTO work_files (id, work_item_id, role, sha256, backend, filename, content_type, size, page_count, signatures, "
    "uploaded_by_id, uploaded_at) VALUES (11, 42, 'main', :a, 'minio', 'vb.pdf', 'application/pdf', 1234, 2, :signatures, 3, :now)",
    "INSERT INTO work_events (id, work_item_id, at, actor_id, actor_name, kind, text, file_id, data) "
    "VALUES (13, 42, :now, 3, 'Văn thư', 'file_added', '', 11, '{}')",
    "INSERT INTO incoming_deliveries (id, recipient_unit_id, sender_name, delivered_by_id, metadata, files, status, received_at) "
    "VALUES (5, 7, 'Sở Tư pháp', 3, '{}', :delivered, 'pending', :now)",
    "INSERT INTO staged_uploads (id, token, user_id, sha256, filename, content_type, size, inspection, created_at, delivery_id) "
    "VALUES (8, 'tok-staged', 3, :b, 'moi.pdf', 'application/pdf', 77, :inspection, :now, 5)",
]


def _upgrade_with_old_rows(database_url: str, data_dir: Path) -> None:
    upgrade_from(database_url, data_dir, BEFORE, OLD_ROWS, {
        "now": NOW, "a": "a" * 64, "b": "b" * 64, "signatures": json.dumps([SIGNATURE]),
        "delivered": json.dumps(DELIVERED), "inspection": json.dumps({"page_count": 1, "text": "Số: 15"}),
    })


def test_upgrading_to_one_stored_file_model_keeps_every_file_and_its_facts(database_url, tmp_path, make_app):  # type: ignore[no-untyped-def]
    from eoffice.blob_refs import referenced_blobs
    from eoffice.db import db
    from eoffice.documents.models import InboundDelivery, StagedUpload
    from eoffice.files.models import StoredFile
    from eoffice.work.models import WorkEvent, WorkFile

    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'old-office.db'}"
    _upgrade_with_old_rows(database_url, tmp_path / "upgrade")
    app = make_app(database_url)
    with app.app_context():
        work_file = db.session.get(WorkFile, 11)
        assert (work_file.work_item_id, work_file.role, work_file.added_by_id) == (42, "main", 3)
        assert (work_file.sha256, work_file.backend, work_file.filename, work_file.size, work_file.page_count) == (
            "a" * 64, "minio", "vb.pdf", 1234, 2)
        assert work_file.signatures == [SIGNATURE]
        assert db.session.get(WorkEvent, 13).file is work_file, "history still points at the file"

        staged = db.session.scalars(select(StagedUpload).where(StagedUpload.token == "tok-staged")).one()
        assert (staged.sha256, staged.filename, staged.size, staged.delivery_id) == ("b" * 64, "moi.pdf", 77, 5)
        assert staged.inspection == {"page_count": 1, "text": "Số: 15"} and staged.page_count == 1

        delivery = db.session.get(InboundDelivery, 5)
        assert [(f.sha256, f.filename, f.content_type, f.size, f.page_count) for f in delivery.files] == [
            ("c" * 64, "cv-gui.pdf", "application/pdf", 2048, 3), ("d" * 64, "phu-luc.xlsx", "application/vnd.ms-excel", 99, None)]
        assert delivery.files[0].stored.uploaded_by_id == 3

        assert db.session.scalar(select(db.func.count(StoredFile.id))) == 4
        assert referenced_blobs() >= {"a" * 64, "b" * 64, "c" * 64, "d" * 64}
        fresh = StoredFile(sha256="e" * 64, filename="e.pdf", content_type="application/pdf", size=1)
        db.session.add(fresh)
        db.session.flush()
        assert fresh.id > 14, "new stored files get ids after the moved ones (PostgreSQL sequence moved on)"
        db.session.rollback()
