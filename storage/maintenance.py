"""Garbage collection and verification, shared by both backends.

The database decides what is referenced (the caller passes the set); storage only knows bytes.
Because bytes are written before the row that references them is committed, a blob younger than
the grace period may belong to a transaction still in flight: gc never touches it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable

from .base import BlobInfo, BlobStore, TempUpload, as_utc, utcnow
from .errors import BlobCorrupted, BlobNotFound, BlobRetained


@dataclass
class GcReport:
    applied: bool
    removed: list[BlobInfo] = field(default_factory=list)          # removed, or would be in a dry run
    retained: list[BlobInfo] = field(default_factory=list)         # unreferenced but under retention
    too_recent: list[BlobInfo] = field(default_factory=list)       # unreferenced, inside the grace period
    stale_temp: list[TempUpload] = field(default_factory=list)     # abandoned uploads removed / to remove
    referenced: int = 0                                             # blobs kept because a row uses them

    @property
    def removed_bytes(self) -> int:
        return sum(b.size for b in self.removed) + sum(t.size for t in self.stale_temp)


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupted


def collect_garbage(store: BlobStore, referenced: set[str], *, grace: timedelta, apply: bool = False,
                    now: datetime | None = None) -> GcReport:
    """Find (and with ``apply`` remove) blobs no row references that are older than ``grace``.

    Dry run by default: an operator sees the list before anything is deleted. Retained blobs are
    never removed, only reported.
    """
    now = as_utc(now) if now else utcnow()
    cutoff = now - grace
    report = GcReport(applied=apply)
    for info in store.iter_blobs():
        if info.sha256 in referenced:
            report.referenced += 1
            continue
        if info.age_reference > cutoff:
            report.too_recent.append(info)
            continue
        try:
            # The listing may lack retention and the last re-upload time: ask for the full story.
            info = store.stat(info.sha256)
        except BlobNotFound:
            continue
        if info.age_reference > cutoff:
            report.too_recent.append(info)
            continue
        if info.retained(now):
            report.retained.append(info)
            continue
        if apply:
            try:
                store.delete(info.sha256)
            except BlobRetained:
                report.retained.append(info)
                continue
            except BlobNotFound:
                continue
        report.removed.append(info)
    for temp in store.iter_temp():
        if temp.created <= cutoff:
            if apply:
                store.remove_temp(temp.key)
            report.stale_temp.append(temp)
    return report


def verify(store: BlobStore, referenced: Iterable[str],
           progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    """Read every referenced blob to the end, proving it exists and hashes to its name."""
    hashes = sorted(set(referenced))
    report = VerifyReport()
    for done, sha in enumerate(hashes, start=1):
        try:
            with store.open(sha) as stream:
                while stream.read(1024 * 1024):
                    pass
        except BlobNotFound:
            report.missing.append(sha)
        except BlobCorrupted:
            report.corrupted.append(sha)
        report.checked += 1
        if progress is not None:
            progress(done, len(hashes))
    return report
