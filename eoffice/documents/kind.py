"""Incoming documents as a kind of work: the one value the `eoffice.kinds` entry point names."""
from __future__ import annotations

from eoffice.documents import access, setup
from eoffice.documents.models import (
    EVENT_LABELS, SECRECY_LABELS, STATUS_LABELS, TRANSITIONS, IncomingDocument, IncomingState,
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
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
)
