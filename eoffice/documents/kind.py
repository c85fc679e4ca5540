"""Incoming documents as a kind of work: the one value the `eoffice.kinds` entry point names."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from eoffice.db import db
from eoffice.documents import access, setup
from eoffice.documents.models import (
    EVENT_LABELS, SECRECY_LABELS, STATUS_LABELS, TRANSITIONS, InboundDelivery, IncomingDocument, IncomingState, StagedUpload,
)
from eoffice.work.kinds import WorkKind


def _describe(doc: IncomingDocument) -> str:
    """How the audit log and notices name a document: a confidential one by its number only
    (its subject is content that only the people named on it may read)."""
    if doc.is_confidential:
        return f"Văn bản đến số {doc.arrival_number}/{doc.year} ({SECRECY_LABELS.get(doc.secrecy, 'Mật')})"
    return f"Văn bản đến số {doc.arrival_number}/{doc.year} – {doc.subject[:120]}"


def _url(doc: IncomingDocument) -> str:
    return f"/incoming/{doc.id}"


def _blob_refs() -> Iterable[str]:
    """Blobs held before a document exists: staged uploads and files other units delivered."""
    yield from db.session.scalars(select(StagedUpload.sha256).distinct())
    for files in db.session.scalars(select(InboundDelivery.files)):
        yield from (f["sha256"] for f in files or [])


INCOMING = WorkKind(
    name="incoming",
    label="Văn bản đến",
    model=IncomingDocument,
    states=IncomingState,
    transitions=TRANSITIONS,
    readers=access.readers_of,  # type: ignore[arg-type]
    url=_url,  # type: ignore[arg-type]
    describe=_describe,  # type: ignore[arg-type]
    search_document=setup.search_document,
    all_ids=setup.all_ids,
    init_app=setup.init_app,
    blob_refs=_blob_refs,
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
)
