"""What the outgoing pages and API list: the drafts waiting for a person, their own, all they
may read, and the outgoing register of an agency's year. Every list filters by the readers
the core materialised (WorkReader), so a confidential draft never shows to someone not named."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Integer, Select, and_, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from eoffice.auth.principals import clerk_units, principals_of
from eoffice.db import db
from eoffice.outgoing.models import OutgoingDocument, OutgoingState
from eoffice.work.list_search import text_condition
from eoffice.work.models import Assignment, WorkItem, WorkReader

TABS = {"cho_toi": "Chờ tôi xử lý", "cua_toi": "Tôi soạn", "tat_ca": "Tất cả văn bản tôi được xem"}


PER_PAGE = 50


class _CurrentApprover(FunctionElement[int]):
    """SQL for `OutgoingDocument.current_approver_id` while in review: the user id at position
    `step` of the JSON `chain` (each database spells a JSON index by position its own way)."""

    type = Integer()
    inherit_cache = True


@compiles(_CurrentApprover)
def _current_approver_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    chain, step = (compiler.process(c, **kw) for c in (OutgoingDocument.chain, OutgoingDocument.step))
    return f"json_extract({chain}, '$[' || {step} || ']')"


@compiles(_CurrentApprover, "postgresql")
def _current_approver_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    chain, step = (compiler.process(c, **kw) for c in (OutgoingDocument.chain, OutgoingDocument.step))
    return f"CAST(({chain} ->> {step}) AS INTEGER)"


def _readable(user: Any) -> Any:
    return OutgoingDocument.id.in_(select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user))))


def _waiting_for(user: Any) -> Any:
    """My step in a chain, my signature, my consultation, or (as a clerk) my issuance."""
    consulted = select(Assignment.work_item_id).where(
        Assignment.role == "consult", Assignment.user_id == user.id, Assignment.status == "pending")
    clauses = [
        and_(OutgoingDocument.status == OutgoingState.IN_REVIEW.value, _CurrentApprover() == user.id),
        and_(OutgoingDocument.status == OutgoingState.APPROVED.value, OutgoingDocument.signer_id == user.id),
        and_(OutgoingDocument.status == OutgoingState.RETURNED.value, OutgoingDocument.drafter_id == user.id),
        OutgoingDocument.id.in_(consulted),
    ]
    if clerk_units(user):
        clauses.append(and_(OutgoingDocument.status == OutgoingState.SIGNED.value,
                            OutgoingDocument.id.in_(select(WorkReader.work_item_id).where(
                                WorkReader.principal.in_([f"clerk:{u}" for u in clerk_units(user)])))))
    return or_(*clauses)


def listing_query(user: Any, tab: str, q: str = "") -> Select[tuple[OutgoingDocument]]:
    """A tab's documents, newest first, those matching the search box's words (folded)."""
    query = select(OutgoingDocument).where(_readable(user), text_condition(q)).options(
        selectinload(OutgoingDocument.owner_unit))
    if tab == "cua_toi":
        query = query.where(OutgoingDocument.drafter_id == user.id)
    elif tab == "cho_toi":
        query = query.where(_waiting_for(user))
    return query.order_by(OutgoingDocument.id.desc())


def listing(user: Any, tab: str, q: str = "", page: int = 1, per_page: int = PER_PAGE) -> Any:
    """One page of a tab: only the rows it shows are loaded."""
    return db.paginate(listing_query(user, tab, q), page=page, per_page=per_page, error_out=False)


def waiting_count(user: Any) -> int:
    """How many documents wait for the user (the home page's queue)."""
    query = listing_query(user, "cho_toi").order_by(None).options()
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def answerable(user: Any, limit: int = 200) -> list[WorkItem]:
    """Incoming documents in processing that the user may read: what a draft can answer.
    Read through the core's work items, not the incoming kind's tables."""
    readable = select(WorkReader.work_item_id).where(WorkReader.principal.in_(principals_of(user)))
    return list(db.session.scalars(select(WorkItem).where(
        WorkItem.kind == "incoming", WorkItem.status == "in_progress", WorkItem.secrecy == 0, WorkItem.id.in_(readable),
    ).order_by(WorkItem.id.desc()).limit(limit)))


def register_rows(user: Any, agency_unit_id: int, year: int, confidential: Optional[bool] = None,
                  q: str = "") -> list[OutgoingDocument]:
    """The outgoing register (sổ văn bản đi) of an agency's year: issued documents by number,
    the ordinary series first, then the confidential one (only rows the user may read), those
    matching the search box's words (folded)."""
    query = select(OutgoingDocument).where(
        _readable(user), OutgoingDocument.agency_unit_id == agency_unit_id, OutgoingDocument.register_year == year,
        OutgoingDocument.number.is_not(None), text_condition(q)).options(
        selectinload(OutgoingDocument.signer), selectinload(OutgoingDocument.recipients),
        selectinload(OutgoingDocument.owner_unit))
    if confidential is not None:
        query = query.where(OutgoingDocument.confidential_series.is_(confidential))
    return list(db.session.scalars(query.order_by(OutgoingDocument.confidential_series, OutgoingDocument.number)))


def receiver_states(doc: OutgoingDocument) -> dict[int, str]:
    """What each recipient has done with the issued document, as the sender's page shows it:
    an internal unit's delivery (waiting, registered with its số đến and how far its processing
    is, returned with the reason) or the last status an outside agency sent back over the
    exchange (đã đến, đã tiếp nhận, từ chối, hoàn thành…), else where the package is."""
    from eoffice.documents.models import DELIVERY_STATUS_LABELS, STATUS_LABELS, InboundDelivery
    from eoffice.exchange.edxml import Status
    from eoffice.exchange.models import STATUS_LABELS as PACKAGE_STATUS
    from eoffice.exchange.models import ExchangeMessage

    states: dict[int, str] = {}
    messages = list(db.session.scalars(select(ExchangeMessage).where(ExchangeMessage.work_item_id == doc.id)
                                       .order_by(ExchangeMessage.created_at, ExchangeMessage.id)))
    for recipient in doc.recipients:
        if recipient.delivery_id is not None:
            delivery = db.session.get(InboundDelivery, recipient.delivery_id)
            if delivery is None:
                continue
            if delivery.document is not None:
                states[recipient.id] = (f"Đã vào sổ, số đến {delivery.document.arrival_number} – "
                                        f"{STATUS_LABELS.get(delivery.document.status, delivery.document.status)}")
            elif delivery.status in ("refused", "recalled"):
                states[recipient.id] = f"{DELIVERY_STATUS_LABELS.get(delivery.status, 'Đã thu hồi')}: {delivery.refused_reason or ''}"
            else:
                states[recipient.id] = "Chờ văn thư nơi nhận vào sổ"
        elif recipient.organisation_code:
            answers = [m for m in messages if m.organ_id == recipient.organisation_code and m.direction == "in"]
            sent = [m for m in messages if m.organ_id == recipient.organisation_code and m.direction == "out"
                    and m.kind == "document"]
            if answers:
                last = answers[-1]
                known = last.status_code in {s.value for s in Status}
                states[recipient.id] = (Status(last.status_code).label if known else last.status_code) + (
                    f" – {last.note}" if last.note else "")
            elif sent:
                states[recipient.id] = f"Gói tin: {PACKAGE_STATUS.get(sent[-1].status, sent[-1].status)}"
    return states

