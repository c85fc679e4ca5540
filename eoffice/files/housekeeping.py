"""Blobs nothing references any more are deleted by the worker, daily.

Expired staged uploads and refused deliveries leave stored-file rows behind only until
`documents.uploads.drop_expired_staged` drops them; their bytes go here. The grace period
(at least a day, never less than the staged-upload lifetime) protects a blob written by an
upload whose row is not committed yet. Blobs under retention are never removed
(`storage.maintenance.collect_garbage`). EOFFICE_STORAGE_GC_IN_WORKER=0 leaves it to the
operator's `eoffice storage gc`.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional

from eoffice.outbox.schedule import periodic

log = logging.getLogger(__name__)


def collect_unreferenced_blobs(now: Optional[datetime] = None) -> int:
    """Delete unreferenced blobs older than the grace period; return how many were removed."""
    from eoffice import current_settings
    from eoffice.backends import blob_store
    from eoffice.blob_refs import referenced_blobs
    from storage.maintenance import collect_garbage

    settings = current_settings()
    if not settings.storage_gc_in_worker:
        return 0
    grace = timedelta(hours=max(24, settings.staged_upload_hours))
    report = collect_garbage(blob_store(), referenced_blobs(), grace=grace, apply=True, now=now)
    if report.removed:
        log.info("storage gc removed %d blobs (%d bytes)", len(report.removed), report.removed_bytes)
    return len(report.removed)


periodic("files.collect_unreferenced_blobs", 24 * 3600, collect_unreferenced_blobs)
