"""Which blobs the database still references: everything else in storage is garbage."""
from __future__ import annotations

from typing import Callable, Iterable

from eoffice.db import db

_PROVIDERS: list[Callable[[], Iterable[str]]] = []


def provider(fn: Callable[[], Iterable[str]]) -> Callable[[], Iterable[str]]:
    """Register a function yielding the SHA-256 of every blob some table references."""
    _PROVIDERS.append(fn)
    return fn


def referenced_blobs() -> set[str]:
    hashes: set[str] = set()
    for fn in _PROVIDERS:
        hashes.update(fn())
    return hashes


@provider
def _document_files() -> Iterable[str]:
    from sqlalchemy import select

    from eoffice.documents.models import DocumentFile, StagedUpload

    yield from db.session.scalars(select(DocumentFile.sha256).distinct())
    yield from db.session.scalars(select(StagedUpload.sha256).distinct())


@provider
def _delivered_files() -> Iterable[str]:
    from sqlalchemy import select

    from eoffice.documents.models import InboundDelivery

    for files in db.session.scalars(select(InboundDelivery.files)):
        yield from (f["sha256"] for f in files or [])
