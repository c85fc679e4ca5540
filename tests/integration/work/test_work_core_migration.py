"""An office that ran the version before the work core keeps every document, assignment,
history line, file and reader through the upgrade, under the same ids; and the models agree
with the migrations on both databases."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.integration.work.old_office import upgrade_from

BEFORE_CORE = "d346b94692d0"
NOW = "2026-11-20 08:00:00+00:00"

OLD_ROWS = [
    "INSERT INTO units (id, kind, name, short_name, is_active, created_at) VALUES (7, 'phong', 'Văn phòng', 'VP', true, :now)",
    "INSERT INTO users (id, username, full_name, password_hash, is_enabled, locale, failed_logins, session_version, created_at) "
    "VALUES (3, 'vanthu', 'Văn thư', 'x', true, 'vi', 0, 0, :now)",
    "INSERT INTO incoming_registers (id, unit_id, name, is_confidential, is_active, created_at) VALUES (5, 7, 'Sổ đến', false, true, :now)",
    "INSERT INTO incoming_documents (id, register_id, year, arrival_number, arrival_at, channel, issuer_name, code_number, "
    "code_notation, doc_type, subject, signer_name, signer_position, urgency, secrecy, deadline, notes, status, "
    "registered_by_id, result, text_content, created_at) VALUES (42, 5, 2026, 12, :now, 'paper', 'Sở Xây dựng', '15', "
    "'SXD-QLN', 'CV', 'Về nhà ở xuống cấp', '', '', 1, 1, :now, '', 'in_progress', 3, '', 'nội dung', :now)",
    "INSERT INTO assignments (id, document_id, role, unit_id, instruction, status, assigned_by_id, assigned_at, result, return_reason) "
    "VALUES (9, 42, 'lead', 7, 'Chủ trì', 'pending', 3, :now, '', '')",
    "INSERT INTO document_files (id, document_id, role, sha256, filename, content_type, size, signatures, uploaded_by_id, uploaded_at) "
    "VALUES (11, 42, 'main', :sha, 'vb.pdf', 'application/pdf', 1234, '[]', 3, :now)",
    "INSERT INTO processing_events (id, document_id, assignment_id, at, actor_id, actor_name, kind, text, file_id, data) "
    "VALUES (13, 42, 9, :now, 3, 'Văn thư', 'registered', 'Số đến 12', 11, '{}')",
    "INSERT INTO document_readers (document_id, principal) VALUES (42, 'user:3')",
]


def _upgrade_with_old_rows(database_url: str, data_dir: Path) -> None:
    upgrade_from(database_url, data_dir, BEFORE_CORE, OLD_ROWS, {"now": NOW, "sha": "a" * 64})


def test_upgrading_to_the_work_core_keeps_documents_and_their_history(database_url, tmp_path, make_app):  # type: ignore[no-untyped-def]
    from eoffice.documents.models import IncomingDocument
    from eoffice.db import db
    from eoffice.files.models import StoredFile
    from eoffice.work.models import WorkFile, WorkItem, WorkReader

    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'old-office.db'}"  # a database of its own, from nothing
    _upgrade_with_old_rows(database_url, tmp_path / "upgrade")
    app = make_app(database_url)
    with app.app_context():
        doc = db.session.get(IncomingDocument, 42)
        assert doc is not None and isinstance(db.session.get(WorkItem, 42), IncomingDocument)
        assert (doc.kind, doc.subject, doc.secrecy, doc.status, doc.owner_unit_id) == ("incoming", "Về nhà ở xuống cấp", 1, "in_progress", 7)
        assert doc.deadline is not None and doc.created_at is not None
        assert [(a.id, a.role, a.unit_id) for a in doc.assignments] == [(9, "lead", 7)]
        assert [(f.id, f.sha256, f.backend) for f in doc.files] == [(11, "a" * 64, "file")]
        assert [(e.id, e.kind, e.file_id, e.assignment_id) for e in doc.events] == [(13, "registered", 11, 9)]
        assert db.session.scalars(select(WorkReader.principal).where(WorkReader.work_item_id == 42)).all() == ["user:3"]
        # New rows get fresh ids after the copied ones (PostgreSQL sequences moved on).
        item = WorkItem(kind="work_item", title="mới", status="x")
        db.session.add(item)
        db.session.flush()
        assert item.id > 42
        stored = StoredFile(sha256="b" * 64, filename="b.pdf", content_type="application/pdf", size=1, uploaded_by_id=3)
        file = WorkFile(work_item_id=42, stored=stored, added_by_id=3)
        db.session.add(file)
        db.session.flush()
        assert file.id > 11 and stored.id > 11 and file.backend == "file"
        db.session.rollback()


def test_the_models_agree_with_the_migrations(app):  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from eoffice.db import db

    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []
