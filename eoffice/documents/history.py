"""Recording what happens to a document: the processing history users read, the audit entry
that makes it tamper-evident, and the search update — all in the caller's transaction."""
from __future__ import annotations

from typing import Any, Optional

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.db import db
from eoffice.documents.models import Assignment, DocumentReader, IncomingDocument, ProcessingEvent
from eoffice.indexing import queue_index


def record(
    actor: Actor,
    doc: IncomingDocument,
    kind: str,
    text: str = "",
    *,
    assignment: Optional[Assignment] = None,
    file_id: Optional[int] = None,
    data: Optional[dict[str, Any]] = None,
) -> ProcessingEvent:
    event = ProcessingEvent(
        document_id=doc.id,
        assignment_id=assignment.id if assignment else None,
        actor_id=actor.user_id,
        actor_name=actor.name,
        kind=kind,
        text=text,
        file_id=file_id,
        data=data or {},
    )
    db.session.add(event)
    refresh_readers(doc)
    audit.record(actor, f"incoming.{kind}", "incoming_document", doc.id,
                 {"assignment": assignment.id if assignment else None, **(data or {})}, text=text, confidential=doc.secrecy > 0)
    queue_index("incoming", doc.id)
    return event


def refresh_readers(doc: IncomingDocument) -> None:
    """Re-materialise who may read the document (see DocumentReader)."""
    from sqlalchemy import delete

    from eoffice.documents.access import readers_of

    db.session.flush()
    db.session.expire(doc, ["assignments"])
    db.session.execute(delete(DocumentReader).where(DocumentReader.document_id == doc.id))
    for principal in readers_of(doc):
        db.session.add(DocumentReader(document_id=doc.id, principal=principal))
