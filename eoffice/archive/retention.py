"""How long a dossier's files are kept, and the lock that makes the blob store keep them.

Retention counts from 1 January of the year after the work ended (the dossier was closed):
N years end on 31 December of (closing year + N); a permanent dossier never ends. When a
dossier is closed its blobs — the dossier's own files and every filed document's — are locked
in the blob store until the end of that day (S3 object lock on MinIO, the sidecar on local
disk), so even a bug or an operator's `storage gc` cannot delete a record early: the server
refuses. Permanent dossiers are locked until `storage.PERMANENT`.

`why_not_disposable` is the one rule that disposal (proposal, approval, execution) asks.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Optional

from eoffice.archive.models import ArchiveDossier, DossierState
from eoffice.backends import blob_store
from eoffice.calendar.timezone import VN, to_utc
from eoffice.db import utcnow
from eoffice.work.models import WorkFile
from eoffice.errors import ServiceError
from storage import PERMANENT, BlobNotFound


def lock_until(dossier: ArchiveDossier) -> Optional[datetime]:
    """The moment the dossier's blobs may be deleted (UTC): midnight (Vietnam time) after the
    last day of retention; PERMANENT for a permanent dossier; None while it is open."""
    if dossier.is_permanent:
        return PERMANENT if dossier.closed_at is not None else None
    ends = dossier.retention_ends
    if ends is None:
        return None
    return to_utc(datetime.combine(ends + timedelta(days=1), time(0), VN))


def dossier_files(dossier: ArchiveDossier) -> list[WorkFile]:
    """Every file the dossier holds: its own (handover record) and its documents'."""
    return [*dossier.files, *(file for document in dossier.documents for file in document.files)]


def lock_blobs(dossier: ArchiveDossier) -> int:
    """Lock the dossier's blobs until its retention ends; returns how many were locked.

    A retention already over (a dossier closed long ago and locked only now) needs no lock —
    and S3 refuses a retain-until date in the past."""
    until = lock_until(dossier)
    if until is None or until <= utcnow():
        return 0
    store = blob_store()
    files = {file.sha256: file for file in dossier_files(dossier)}
    for sha, file in sorted(files.items()):
        try:
            store.set_retention(sha, until)
        except BlobNotFound:
            raise ServiceError("blob_missing", f"Tệp «{file.filename}» của hồ sơ {dossier.code} không còn trong kho lưu trữ tệp "
                                               "nên chưa khóa được thời hạn bảo quản. Hãy báo quản trị chạy "
                                               "«eoffice storage verify» và khôi phục tệp từ bản sao lưu.") from None
    return len(files)


def why_not_disposable(dossier: ArchiveDossier, today: date) -> Optional[str]:
    """Why the dossier may not be destroyed on `today`, or None when it may (the message says
    what to do instead)."""
    if dossier.status == DossierState.DESTROYED.value:
        return f"Hồ sơ {dossier.code} đã được hủy ngày {dossier.destroyed_at:%d/%m/%Y}."
    if dossier.is_permanent:
        return (f"Hồ sơ {dossier.code} có thời hạn bảo quản vĩnh viễn: tài liệu bảo quản vĩnh viễn không bao giờ được hủy. "
                "Hãy bỏ hồ sơ này khỏi danh sách.")
    if dossier.status == DossierState.OPEN.value:
        return (f"Hồ sơ {dossier.code} đang mở: thời hạn bảo quản chỉ bắt đầu tính khi hồ sơ được đóng, "
                "nên chưa thể hủy.")
    ends = dossier.retention_ends
    if ends is None or ends >= today:
        return (f"Hồ sơ {dossier.code} còn thời hạn bảo quản {dossier.retention_label} đến hết ngày {ends:%d/%m/%Y}; "
                "chỉ được đề nghị hủy sau ngày đó.")
    return None
