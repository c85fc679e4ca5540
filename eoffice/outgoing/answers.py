"""Where an outgoing document touches incoming ones: the reply that completes the processing
of the document it answers (the recall that reaches the receivers' copies is the incoming
kind's own `deliveries.withdraw`).

Both go through the core (work items, history) and the incoming kind's own closing service,
in the issuing transaction; this module is the one place the outgoing kind reaches across, so
the dependency is visible and small.
"""
from __future__ import annotations

from dataclasses import replace
from eoffice.actor import Actor
from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.outgoing.models import OutgoingDocument
from eoffice.work import history
from eoffice.work.models import WorkItem


def answered(actor: Actor, doc: OutgoingDocument) -> None:
    """Issuing a reply completes the processing of the incoming document it answers.

    The issuing clerk usually holds no part of that document's processing, so the incoming
    kind's close permission is satisfied by the issuance itself (the reply was approved and
    signed by the competent leader): the closing runs with the clerk's name but the operator's
    authority. A document not yet routed, or already done, only gets a line in its history.
    """
    if doc.answers_incoming_id is None:
        return
    item = db.session.get(WorkItem, doc.answers_incoming_id)
    if item is None:
        return
    day = doc.issued_at.astimezone(VN) if doc.issued_at else None
    result = f"Đã trả lời bằng văn bản số {doc.notation}" + (f" ngày {day:%d/%m/%Y}" if day else "")
    if item.status == "in_progress":
        from eoffice.documents.processing import close_document

        close_document(replace(actor, is_operator=True), item, result)  # type: ignore[arg-type]
    else:
        history.record(actor, item, "comment", result, data={"outgoing_id": doc.id})
