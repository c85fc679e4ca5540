"""Outgoing documents as a kind of work: the one value the `eoffice.kinds` entry point names."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select

from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.outgoing import access
from eoffice.outgoing.models import EVENT_LABELS, STATUS_LABELS, TRANSITIONS, OutgoingDocument, OutgoingState
from eoffice.work.kinds import WorkKind


def _describe(doc: OutgoingDocument) -> str:
    """A confidential draft is named by its number (or id) only: its subject is content."""
    name = doc.notation or f"dự thảo #{doc.id}"
    if doc.is_confidential:
        return f"Văn bản đi {name} (Mật)"
    return f"Văn bản đi {name} – {doc.title[:120]}"


def _url(doc: OutgoingDocument) -> str:
    return f"/outgoing/{doc.id}"


def search_document(doc_id: int) -> Optional[Any]:
    """The search entry of an outgoing document (None once it is gone)."""
    from search import IndexedItem

    from eoffice.documents.doc_types import type_by_code

    doc = db.session.get(OutgoingDocument, doc_id)
    if doc is None:
        return None
    kind = type_by_code(doc.doc_type)
    moment = (doc.issued_at or doc.created_at).astimezone(VN)
    return IndexedItem(
        id=f"outgoing:{doc.id}", kind="outgoing", title=doc.title, number=doc.notation,
        doc_type=kind.name if kind else doc.doc_type, issuer=doc.agency.name,
        unit=doc.owner_unit.name if doc.owner_unit else "", year=moment.year,
        status=STATUS_LABELS.get(doc.status, doc.status), date=moment.date(), readers=access.readers_of(doc),
        extra={"url": _url(doc)},
    )


def all_ids() -> list[int]:
    return list(db.session.scalars(select(OutgoingDocument.id).order_by(OutgoingDocument.id)))


def _init_app(app: Any) -> None:
    from eoffice.outgoing.setup import init_app

    init_app(app)


def _load_demo() -> None:
    """The demo office's drafts go specialist → unit head → office chief → chairperson."""
    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.org.models import Unit
    from eoffice.outgoing import drafting
    from eoffice.outgoing.schemas import ChainIn

    office = db.session.scalar(select(Unit).where(Unit.org_code == "000.00.01.H34"))
    steps = [db.session.scalar(select(User.id).where(User.username == name)) for name in ("truongphong", "chanhvanphong", "chutich")]
    if office is None or None in steps or drafting.list_chains():
        return
    drafting.set_chain(Actor.operator("dữ liệu mẫu"), ChainIn(unit_id=office.id, steps=steps))


OUTGOING = WorkKind(
    name="outgoing",
    label="Văn bản đi",
    model=OutgoingDocument,
    states=OutgoingState,
    transitions=TRANSITIONS,
    readers=access.readers_of,  # type: ignore[arg-type]
    url=_url,  # type: ignore[arg-type]
    describe=_describe,  # type: ignore[arg-type]
    search_document=search_document,
    all_ids=all_ids,
    init_app=_init_app,
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
    load_demo=_load_demo,
)
