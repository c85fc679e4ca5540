"""Receiving files: check them at the edge, keep their bytes in object storage, record them as
stored files (eoffice.files), and stage them until the form that uses them is saved.

Order matters for consistency: bytes go to storage first (content-addressed, so a retry
stores nothing twice), the row that references them is committed after. A failure before the
commit leaves at most an unreferenced blob, which `eoffice storage gc` collects.
"""
from __future__ import annotations

import os
import re
import threading
import secrets
import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO, Optional

from sqlalchemy import delete, select

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.backends import blob_store
from eoffice.db import db, utcnow
from eoffice.documents.models import StagedUpload
from eoffice.files import service as files
from eoffice.files.models import StoredFile
from eoffice.errors import ServiceError
from eoffice.jsondata import json_ready

CHUNK = 1024 * 1024
STAGED_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe(24) gives
STAGED_LIFETIME = timedelta(days=1)

# Attachments may be office documents, images or archives; the main document must be a PDF.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".zip": "application/zip",
    ".rar": "application/vnd.rar",
    ".xml": "application/xml",
    ".txt": "text/plain",
}


class UploadRejected(ServiceError):
    pass


def clean_filename(raw: str) -> str:
    """NFC, no folders, no control characters; keep Vietnamese letters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".")
    return name[:255] or "tep-khong-ten"


def _spool(stream: BinaryIO, limit: int, directory: Path) -> tuple[Path, int]:
    """Copy the upload to a temporary file, refusing it as soon as it passes the limit."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="upload-", dir=directory)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRejected(
                        "too_large",
                        f"Tệp vượt quá dung lượng cho phép ({limit // (1024 * 1024)} MB). "
                        "Hãy quét ở độ phân giải 200–300 dpi, nén PDF hoặc tách thành nhiều tệp.",
                    )
                out.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    if size == 0:
        Path(name).unlink(missing_ok=True)
        raise UploadRejected("empty", "Tệp rỗng (0 byte). Hãy kiểm tra lại tệp rồi tải lên lại.")
    return Path(name), size


def inspect_main_pdf(path: Path) -> dict[str, Any]:
    """Validate a PDF and read what it reveals (text, pages, registration hints, active
    content). The structure is checked by parsing, not by looking for "%PDF-" near the start:
    an HTML page with a PDF header stuck on passes a prefix test. Signatures are not checked
    here — a six-signature decree took close to a minute — but by the worker after the commit
    (``has_signatures`` tells the caller to ask for it; eoffice.signing.validation.background)."""
    from eoffice.documents.pdf_inspect import PdfRejected, inspect_pdf

    try:
        report = inspect_pdf(path, check_signatures=False)
    except PdfRejected as exc:
        raise UploadRejected(exc.code, exc.message) from exc
    return json_ready(report)


def store_checked_file(actor: Actor, stream: BinaryIO, filename: str, *, main_document: bool) -> StoredFile:
    """Check one file (type, size, PDF validity), put its bytes in the blob store and record
    it as a stored file (no commit: the caller's transaction); raise UploadRejected with a
    Vietnamese message otherwise. Nothing is left behind on failure. A signed PDF comes back
    with its signature check queued for the worker (state "pending")."""
    from eoffice.signing.validation.background import request_validation

    settings = current_settings()
    filename = clean_filename(filename)
    extension = Path(filename).suffix.lower()
    if main_document and extension != ".pdf":
        raise UploadRejected("not_pdf", "Văn bản chính phải là tệp PDF (bản quét hoặc bản điện tử có chữ ký số).")
    if not main_document and extension not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        raise UploadRejected("type_not_allowed", f"Không nhận loại tệp '{extension or 'không có đuôi'}'. Các loại được nhận: {allowed}.")
    path, size = _spool(stream, settings.max_upload_bytes, settings.data_dir / "tmp")
    try:
        content_type = ATTACHMENT_TYPES.get(extension, "application/octet-stream")
        inspection: dict[str, Any] = {}
        if main_document or extension == ".pdf":
            inspection = inspect_main_pdf(path)
        with path.open("rb") as fh:
            blob = blob_store().put(fh, filename=filename, content_type=content_type)
    finally:
        path.unlink(missing_ok=True)
    stored = files.record(blob.sha256, filename, content_type, size, inspection, actor.user_id)
    if inspection.get("has_signatures"):
        request_validation(stored)
    return stored


def stage_stored(actor: Actor, stored: StoredFile, delivery_id: Optional[int] = None) -> StagedUpload:
    """Hold a stored file for `actor`'s form (no commit: the caller's transaction)."""
    staged = StagedUpload(token=secrets.token_urlsafe(24), user_id=actor.user_id, stored=stored, delivery_id=delivery_id)
    db.session.add(staged)
    return staged


def stage_upload(
    actor: Actor,
    stream: BinaryIO,
    filename: str,
    *,
    main_document: bool,
) -> StagedUpload:
    """Check, store and stage one uploaded file for the current user."""
    staged = stage_stored(actor, store_checked_file(actor, stream, filename, main_document=main_document))
    db.session.commit()
    return staged


def take_staged(actor: Actor, tokens: list[str]) -> list[StagedUpload]:
    """The caller's own staged uploads for these tokens (others' tokens are ignored)."""
    if not tokens:
        return []
    rows = db.session.scalars(
        select(StagedUpload).where(StagedUpload.token.in_(tokens), StagedUpload.user_id == actor.user_id)
    ).all()
    by_token = {row.token: row for row in rows}
    missing = [t for t in tokens if t not in by_token]
    if missing:
        raise UploadRejected(
            "staged_missing",
            "Tệp đã tải lên không còn (quá 24 giờ hoặc đã dùng). Hãy tải tệp lên lại.",
        )
    return [by_token[t] for t in tokens]


def drop_expired_staged(older_than: timedelta = STAGED_LIFETIME) -> int:
    """Delete staged uploads older than `older_than`, and the stored files nothing links to any
    more (worker job; see documents.setup). Their blobs then fall to `eoffice storage gc`."""
    result = db.session.execute(delete(StagedUpload).where(StagedUpload.created_at < utcnow() - older_than))
    files.drop_unlinked()
    db.session.commit()
    return result.rowcount or 0


# --- Serving files back --------------------------------------------------------------------------
# Only these types are ever sent; anything else stored under another type goes out as bytes.
SAFE_DOWNLOAD_TYPES = frozenset(ATTACHMENT_TYPES.values())
_passive_cache: dict[str, bool] = {}
_passive_lock = threading.Lock()
_PASSIVE_CACHE_SIZE = 4096


def download_content_type(content_type: Optional[str]) -> str:
    """The type to send a stored file as: its own if it is one we accept, else octet-stream."""
    value = (content_type or "").split(";")[0].strip().lower()
    return value if value in SAFE_DOWNLOAD_TYPES else "application/octet-stream"


def opens_inline(sha256: str, content_type: Optional[str], read: Any) -> bool:
    """Whether a stored file may open in the browser tab: only a PDF without active content
    (JavaScript, actions, embedded files, XFA…). ``read()`` gives its bytes; the answer is kept
    per SHA-256 (the bytes never change), so each file is scanned once per process."""
    if download_content_type(content_type) != "application/pdf":
        return False
    with _passive_lock:
        known = _passive_cache.get(sha256)
    if known is not None:
        return known
    from eoffice.documents.pdf_inspect import active_content_in

    try:
        passive = not active_content_in(read())
    except Exception:  # noqa: BLE001 - unreadable now: send it as a download, never inline
        return False
    with _passive_lock:
        if len(_passive_cache) >= _PASSIVE_CACHE_SIZE:
            _passive_cache.clear()
        _passive_cache[sha256] = passive
    return passive
