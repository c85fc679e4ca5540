"""The watched folder (thư mục theo dõi), as Paperless-ngx users know its consume folder: a
scanner or a colleague drops files into DIR; `eoffice import --watch DIR` takes each one in
once it is complete and moves it out of the way:

    DIR/done/<file>                     taken in (queued for OCR or ready for review)
    DIR/failed/<file> + <file>.ly-do.txt  refused or a duplicate, with the reason in Vietnamese

A file is complete when its size and modification time have not changed for `settle` seconds
(a scanner writing over SMB, a copy still running): `Settling` remembers what each poll saw.
Every file goes through the same pipeline as `eoffice import` (`digitise.take_in`, then OCR),
into one batch per folder that stays open while the folder is watched. Resumable: a file whose
scan was committed but which was not moved yet (a crash in between) is recognised by its name
and SHA-256 in that batch and only moved, never reported as a duplicate of itself.

With EOFFICE_IMPORT_WATCH_DIR set, `eoffice worker` watches that folder too: `scan_configured`
is its periodic job. Several workers may take turns running it, so one run does not rely on
what an earlier run saw: a file seen for the first time is looked at again `settle` seconds
later within the same run. OCR is left to the archive's OCR job, as `--no-ocr` does.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.db import db
from eoffice.archive import digitise
from eoffice.archive.models import ImportBatch, ScanImport, ScanState

log = logging.getLogger(__name__)

DONE = "done"
FAILED = "failed"
REASON_SUFFIX = ".ly-do.txt"
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload")  # names writers give a file still being written
WORKER_SETTLE_SECONDS = 5.0  # as `eoffice import --watch`'s default --settle
WORKER_ACTOR = "thư mục theo dõi (eoffice worker)"


@dataclass
class Settling:
    """What the last polls saw of each file: (size, mtime_ns) and since when unchanged."""

    settle: float
    seen: dict[Path, tuple[tuple[int, int], float]] = field(default_factory=dict)

    def complete(self, folder: Path, now: float) -> list[Path]:
        """The files of `folder` (not in done/ or failed/) unchanged for `settle` seconds."""
        ready: list[Path] = []
        present: set[Path] = set()
        for path in candidates(folder):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            present.add(path)
            signature = (st.st_size, st.st_mtime_ns)
            before = self.seen.get(path)
            if before is None or before[0] != signature:
                self.seen[path] = (signature, now)
            elif now - before[1] >= self.settle:
                ready.append(path)
        for gone in set(self.seen) - present:
            del self.seen[gone]
        return sorted(ready)

    def forget(self, path: Path) -> None:
        self.seen.pop(path, None)


def candidates(folder: Path) -> list[Path]:
    """Files dropped into the folder (any depth), except the outcome folders, hidden files and
    files whose name says they are still being written."""
    outcome = {folder / DONE, folder / FAILED}
    found = []
    for path in folder.rglob("*"):
        if any(parent in outcome for parent in path.parents) or not path.is_file():
            continue
        if path.name.startswith(".") or path.name.lower().endswith(PARTIAL_SUFFIXES):
            continue
        found.append(path)
    return sorted(found)


def watch_batch(actor: Actor, folder: Path) -> ImportBatch:
    """The open batch of this folder (resumed after a restart), or a new one."""
    label = f"Thư mục theo dõi {folder.resolve()}"
    batch = db.session.scalars(select(ImportBatch).where(
        ImportBatch.label == label, ImportBatch.source == "watch", ImportBatch.finished_at.is_(None)
    ).order_by(ImportBatch.id.desc())).first()
    return batch or digitise.new_batch(actor, label, source="watch")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _taken_before(batch: ImportBatch, filename: str, sha256: str) -> Optional[ScanImport]:
    return db.session.scalars(select(ScanImport).where(
        ScanImport.batch_id == batch.id, ScanImport.filename == filename, ScanImport.sha256 == sha256)).first()


def _free_name(directory: Path, name: str) -> Path:
    """`name` in `directory`, or `stem-2.ext`, `stem-3.ext`… when a file of that name is there
    (the same scan file name comes back every day)."""
    target = directory / name
    stem, suffix = os.path.splitext(name)
    n = 2
    while target.exists():
        target = directory / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _move(path: Path, folder: Path, outcome: str, reason: str = "") -> Path:
    directory = folder / outcome
    directory.mkdir(exist_ok=True)
    target = _free_name(directory, path.name)
    os.replace(path, target)
    if reason:
        target.with_name(target.name + REASON_SUFFIX).write_text(reason + "\n", encoding="utf-8")
    return target


def consume(actor: Actor, batch: ImportBatch, folder: Path, path: Path) -> ScanImport:
    """Take one complete file in and move it to done/ or failed/ (with its reason)."""
    from eoffice.documents.uploads import clean_filename

    scan = _taken_before(batch, clean_filename(path.name), _sha256(path))
    if scan is None:
        with path.open("rb") as stream:
            scan = digitise.take_in(actor, batch, stream, path.name)
    if scan.status in (ScanState.FAILED.value, ScanState.DUPLICATE.value):
        _move(path, folder, FAILED, scan.reason)
    else:
        _move(path, folder, DONE)
    return scan


def poll(actor: Actor, batch: ImportBatch, folder: Path, settling: Settling, now: float) -> list[ScanImport]:
    """One look at the folder: every complete file is consumed; one that vanished meanwhile
    (taken by another watcher) is skipped."""
    taken = []
    for path in settling.complete(folder, now):
        settling.forget(path)
        if path.exists():
            taken.append(consume(actor, batch, folder, path))
    return taken


def scan_configured(sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> int:
    """The worker's periodic job: one look at EOFFICE_IMPORT_WATCH_DIR (nothing when unset),
    a second one `settle` seconds later when files were still settling; returns how many
    files were taken in. A missing folder is logged with what to do, and nothing happens."""
    from flask import current_app

    from eoffice import current_settings

    configured = current_settings().import_watch_dir
    if not configured:
        return 0
    folder = Path(configured).expanduser()
    if not folder.is_dir():
        log.warning("EOFFICE_IMPORT_WATCH_DIR=%s không phải là một thư mục có sẵn: hãy tạo thư mục đó (quyền ghi cho "
                    "eoffice worker) hoặc sửa thiết lập; chưa nhận tệp nào.", configured)
        return 0
    watched: dict[Path, Settling] = current_app.extensions.setdefault("eoffice.archive_watch", {})
    settling = watched.setdefault(folder.resolve(), Settling(WORKER_SETTLE_SECONDS))
    if not settling.seen and not candidates(folder):
        return 0
    actor = Actor.operator(WORKER_ACTOR)
    batch = watch_batch(actor, folder)
    taken = poll(actor, batch, folder, settling, clock())
    if settling.seen:
        sleep(settling.settle)
        taken += poll(actor, batch, folder, settling, clock())
    return len(taken)
