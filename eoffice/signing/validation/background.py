"""Signature validation off the request: the upload stores the file and asks for a check, the
worker validates and writes the per-signature report onto the stored file.

Why: a decree carrying the signer's signature and five agency seals took 43–58 s to validate
inside the upload request, and the clerk waited on a blank page (or the proxy gave up). Now
the upload commits the stored file with ``inspection["signature_check"]["state"] == "pending"``
and an outbox event in the same transaction (so a crash loses no check); the worker — `eoffice
worker`, or its thread inside `eoffice serve` on the embedded default — runs
:func:`validate_stored_file`. Pages show "Đang kiểm tra chữ ký…" until the state is ``done``.

The file's upload time is passed as ``received_at``: it is our proof that the file existed then,
so a signature without a trusted timestamp whose certificate expired after the upload is still
judged at the time we received it.

The check is idempotent: a file already checked against the current trust store is skipped,
so a retried or duplicated event costs one query.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Iterable, Optional

from eoffice.db import db, utcnow
from eoffice.files.models import StoredFile
from eoffice.jsondata import json_ready
from eoffice.outbox import service as outbox

log = logging.getLogger(__name__)

__all__ = ["TOPIC", "PENDING", "DONE", "request_validation", "recheck", "validate_stored_file", "check_state",
           "needs_check", "nudge", "worker_alive"]

TOPIC = "signing.validate_file"
PENDING, DONE = "pending", "done"


def needs_check(data: bytes) -> bool:
    """Whether the bytes carry a signature dictionary at all (no /ByteRange: nothing to validate)."""
    return b"/ByteRange" in data


def check_state(inspection: Optional[dict[str, Any]]) -> Optional[str]:
    """``pending`` or ``done`` for a file whose signatures are checked in the background;
    None for a file without signatures. Files checked inside the upload (before this module)
    carry their reports and no state: they count as done."""
    inspection = inspection or {}
    check = inspection.get("signature_check")
    if check:
        return str(check.get("state") or PENDING)
    return DONE if inspection.get("signatures") else None


def request_validation(stored: StoredFile) -> None:
    """Mark ``stored`` as waiting for its signature check and queue the check (no commit: it
    exists only if the caller's transaction commits, together with the stored file)."""
    if stored.id is None:
        db.session.flush()
    stored.inspection = {**(stored.inspection or {}), "signatures": [],
                         "signature_check": {"state": PENDING, "requested_at": utcnow().isoformat()}}
    outbox.emit(TOPIC, key=f"stored_file:{stored.id}", payload={"stored_file_id": stored.id})


def recheck(actor: Any, stored: StoredFile) -> None:
    """Check a file's signatures again, now: after the office added a CA to the trust store, or
    when the signer's CA could not be reached the first time. The old report stays in the audit
    trail; the panel shows "Đang kiểm tra chữ ký…" until the worker is done."""
    from eoffice.audit.service import record as audit
    from eoffice.work.unit_of_work import operation

    @operation
    def run() -> None:
        before = (stored.inspection or {}).get("signature_warnings") or []
        request_validation(stored)
        audit(actor, "signing.recheck", "stored_file", stored.id, {"file": stored.filename, "warnings_before": before})

    run()


def _trusted() -> list[Any]:
    from eoffice import current_settings
    from eoffice.signing.trust.service import active_certificates
    from eoffice.signing.validation.pdf import trust_roots_in

    return active_certificates() + trust_roots_in(current_settings().trust_roots_path)


def validate_stored_file(stored_id: int) -> Optional[StoredFile]:
    """Validate the signatures of one stored file and write the report onto it (no commit).

    Returns the stored file, or None when it is gone (a staged upload dropped meanwhile).
    Skips a file already checked against the current trust store."""
    from eoffice.backends import blob_store
    from eoffice.documents.pdf_inspect import signature_warnings
    from eoffice.signing.trust.service import trust_store_version
    from eoffice.signing.validation.pdf import read_signatures

    stored = db.session.get(StoredFile, stored_id)
    if stored is None:
        return None
    version = trust_store_version()
    check = (stored.inspection or {}).get("signature_check") or {}
    if check.get("state") == DONE and check.get("trust_store_version") == version:
        return stored
    started = time.perf_counter()
    data = blob_store().read_bytes(stored.sha256)
    reports = read_signatures(data, _trusted(), received_at=stored.uploaded_at)
    seconds = round(time.perf_counter() - started, 3)
    stored.inspection = {
        **(stored.inspection or {}),
        "signatures": json_ready(reports),
        "signature_warnings": signature_warnings(reports),
        "signature_check": {**check, "state": DONE, "checked_at": utcnow().isoformat(), "seconds": seconds,
                            "trust_store_version": version, "received_at": stored.uploaded_at.isoformat()},
    }
    log.info("signatures of stored file %s checked in %.2f s (%d signatures)", stored_id, seconds, len(reports))
    return stored


def _mark_failed(stored_id: int, exc: BaseException) -> None:
    stored = db.session.get(StoredFile, stored_id)
    if stored is None:
        return
    check = (stored.inspection or {}).get("signature_check") or {}
    stored.inspection = {**(stored.inspection or {}), "signature_check": {
        **check, "state": PENDING, "attempts": int(check.get("attempts") or 0) + 1,
        "last_error": f"{type(exc).__name__}: {exc}"[:500]}}


def _ids(events: Iterable[Any]) -> list[int]:
    seen: list[int] = []
    for event in events:
        stored_id = int((event.payload or {}).get("stored_file_id") or 0)
        if stored_id and stored_id not in seen:
            seen.append(stored_id)
    return seen


@outbox.handler(TOPIC)
def _handle(events: list[Any]) -> None:
    """The worker's side: check each file of the batch; one that fails (its blob unreadable)
    is noted on the file and the batch raised, so the outbox retries it with backoff — files
    already checked are then skipped."""
    failures: list[int] = []
    for stored_id in _ids(events):
        try:
            validate_stored_file(stored_id)
        except Exception as exc:  # noqa: BLE001 - noted, then retried by the outbox
            log.warning("signature check of stored file %s failed: %r", stored_id, exc)
            _mark_failed(stored_id, exc)
            failures.append(stored_id)
    if failures:
        raise RuntimeError(f"Chưa kiểm tra được chữ ký số của tệp {', '.join(map(str, failures))}; sẽ thử lại.")


# --- When no worker runs --------------------------------------------------------------------
# `eoffice serve` runs the worker in a thread on the embedded default, and a deployment runs
# `eoffice worker`. A development server started otherwise (`flask run`) has neither: the page
# polling for a pending check then has it done on a short-lived thread of the web process,
# so the report still fills in.
WORKER_STALE_SECONDS = 30.0
_inflight: set[int] = set()
_inflight_lock = threading.Lock()


def worker_alive(app: Any) -> bool:
    """A worker touched its heartbeat file recently (eoffice.outbox.worker)."""
    from eoffice.outbox.worker import heartbeat_path

    try:
        return time.time() - heartbeat_path(app).stat().st_mtime < WORKER_STALE_SECONDS
    except OSError:
        return False


def nudge(stored_id: int) -> bool:
    """Check ``stored_id`` on a thread of this process when no worker is alive; return whether
    a thread was started (at most one per file at a time)."""
    from flask import current_app

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if worker_alive(app):
        return False
    with _inflight_lock:
        if stored_id in _inflight:
            return False
        _inflight.add(stored_id)

    def run() -> None:
        try:
            with app.app_context():
                try:
                    validate_stored_file(stored_id)
                    db.session.commit()
                except Exception:  # noqa: BLE001 - the outbox event stays pending for a worker
                    log.exception("signature check of stored file %s on a web thread failed", stored_id)
                    db.session.rollback()
                finally:
                    db.session.remove()
        finally:
            with _inflight_lock:
                _inflight.discard(stored_id)

    threading.Thread(target=run, name=f"eoffice-signature-check-{stored_id}", daemon=True).start()
    return True
