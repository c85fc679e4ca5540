"""Plugging the archive into the app: pages, API, menu entries for the archivist and the
handlers, the home queue, audit labels, the CLI's `import` command and the periodic jobs
(transfer alerts, disposal proposals, OCR of queued scans, the watched folder of
EOFFICE_IMPORT_WATCH_DIR) — handed to the core through `ARCHIVE_DOSSIER.init_app`."""
from __future__ import annotations

from typing import Any

from flask import Flask

from eoffice.auth.roles import Role

WATCH_JOB = "archive.watch_folder"
WATCH_EVERY_SECONDS = 30


def _audit_labels() -> None:
    from eoffice.audit.labels import register_actions, register_keys, register_object

    register_actions({
        "archive.catalogue_created": "Tạo danh mục hồ sơ", "archive.entry_added": "Thêm hồ sơ vào danh mục",
        "archive.entry_changed": "Sửa hồ sơ trong danh mục", "archive.entry_removed": "Bỏ hồ sơ khỏi danh mục",
        "archive.catalogue_approved": "Phê duyệt danh mục hồ sơ", "archive.catalogue_copied": "Sao chép danh mục hồ sơ sang năm sau",
        "archive.scan_imported": "Nhập bản quét", "archive.scan_failed": "Bản quét bị từ chối",
        "archive.disposal_proposed": "Lập danh sách tài liệu hết giá trị đề nghị hủy",
        "archive.disposal_approved": "Phê duyệt hủy tài liệu hết giá trị", "archive.disposal_refused": "Không phê duyệt hủy tài liệu",
        "archive.disposal_executed": "Hủy tài liệu hết giá trị (lập biên bản hủy)",
    })
    register_object("archive_catalogue", "Danh mục hồ sơ")
    register_object("archive_disposal", "Danh sách hủy tài liệu")
    register_object("archive_scan", "Bản quét")
    register_keys({"code": "Ký hiệu", "year": "Năm", "from": "Sao chép từ năm", "transfer_due": "Hạn nộp lưu",
                   "documents": "Số văn bản", "document": "Văn bản", "dossier": "Hồ sơ", "due": "Hạn",
                   "dossiers": "Hồ sơ", "disposal": "Danh sách hủy", "blobs_deleted": "Số tệp đã xóa",
                   "blobs_kept_shared": "Số tệp giữ lại (văn bản gốc còn dùng)", "dossiers_destroyed": "Hồ sơ đã hủy"})


def _alerts() -> int:
    from eoffice.archive.dossiers import send_transfer_alerts

    return send_transfer_alerts()


def _disposals() -> int:
    from eoffice.archive.disposal import propose_due

    return propose_due()


def _ocr() -> int:
    from eoffice.archive.digitise import process_queued

    return process_queued(limit=4, workers=2)  # OCR in two subprocesses: both cores


def _watched_folder() -> int:
    from eoffice.archive.watch import scan_configured

    return scan_configured()


def _to_review(user: Any) -> int:
    from eoffice.archive import queries

    return queries.scans_to_review_count()


def _my_open(user: Any) -> int:
    from eoffice.archive import queries

    return queries.my_open_dossiers_count(user)


def _file_link(item: Any) -> str:
    return f"/archive/file-item/{item.id}"


def init_app(app: Flask) -> None:
    from eoffice.archive import api  # noqa: F401 - registers the JSON endpoints
    from eoffice.archive.cli import import_command
    from eoffice.archive import disposal_views, search_views  # noqa: F401 - add their pages to the blueprint
    from eoffice.archive.views import bp
    from eoffice.outbox.schedule import periodic
    from eoffice.web.home import Queue, register_queue
    from eoffice.web.menu import MenuEntry, add_entry

    app.register_blueprint(bp)
    if "import" not in app.cli.commands:
        app.cli.add_command(import_command)
    _audit_labels()
    add_entry(MenuEntry("Hồ sơ công việc", "archive.dossiers", "archive.work", order=40))
    add_entry(MenuEntry("Danh mục hồ sơ", "archive.catalogues", "archive.work", order=41))
    add_entry(MenuEntry("Số hóa tài liệu", "archive.imports", "archive.keep", order=42))
    add_entry(MenuEntry("Tìm trong kho lưu trữ", "archive.search", "archive.keep", order=44))
    add_entry(MenuEntry("Hủy tài liệu hết giá trị", "archive.disposals", "archive.disposal.view", order=43))
    from eoffice.work.links import ItemLink, register_link

    for kind in ("incoming", "outgoing", "task", "dossier"):
        register_link(ItemLink(kind, "Lập hồ sơ (đưa vào hồ sơ công việc)", "archive.work", _file_link))
    periodic("archive.transfer_alerts", 3600, _alerts)
    periodic("archive.disposal_proposals", 24 * 3600, _disposals)
    periodic("archive.ocr", 5, _ocr)
    periodic(WATCH_JOB, WATCH_EVERY_SECONDS, _watched_folder)  # EOFFICE_IMPORT_WATCH_DIR; nothing when unset
    register_queue(Queue(Role.ARCHIVIST, "Bản quét chờ kiểm tra", _to_review, "archive.imports", {}))
    for role in (Role.SPECIALIST, Role.UNIT_HEAD, Role.ARCHIVIST):
        register_queue(Queue(role, "Hồ sơ công việc đang mở của tôi", _my_open, "archive.dossiers", {"status": "open"}))
