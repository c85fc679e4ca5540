"""Sending issued documents to other agencies as edXML packages.

Issuing a document emits one outbox event per outside organisation (topic
`outgoing.issued.external`, written by eoffice.outgoing in the issuance's transaction). The
outbox handler here turns each event into its package — the message header from what the
event says, the signed PDF and attachments read back from storage — and queues it as an
`ExchangeMessage`, still inside the outbox's transaction: an event is marked handled exactly
when its package is queued. Building needs no network, so one bad event (a missing file, a
code the standard refuses) does not hold back the others: it is recorded as failed with the
reason (status "unbuilt"), and the rest are queued.

The worker then sends queued packages one at a time through the configured transport, each
in its own transaction, so a platform that is down delays only what is waiting, retried with
a growing delay, and a package is never sent twice because a neighbour failed.
"""
from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import select

from eoffice.backends import blob_store
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.exchange import edxml
from eoffice.exchange.models import ExchangeMessage
from eoffice.exchange.transport import Transport, TransportError, transport_from_settings
from eoffice.files import service as files
from eoffice.files.models import StoredFile
from eoffice.outbox.models import OutboxEvent
from eoffice.outbox.schedule import periodic
from eoffice.outbox.service import handler

log = logging.getLogger(__name__)

ISSUED_TOPIC = "outgoing.issued.external"
RECALLED_TOPIC = "outgoing.recalled.external"
SEND_BATCH = 20
MAX_DELAY = timedelta(hours=6)


def queue(message: edxml.Message, work_item_id: Optional[int] = None) -> ExchangeMessage:
    """Build the package for `message` (one recipient) and queue it; the same document for the
    same agency and business is queued once (the existing row is returned)."""
    if len(message.recipients) != 1:
        raise ValueError("queue() takes a message for exactly one recipient")
    recipient = message.recipients[0]
    package = edxml.build(message)  # refuses a message the standard does not allow, before any write
    name = f"{message.code_number}-{message.code_notation}".replace("/", "-") + ".edxml"
    return _queued(package, name, kind="document", organ=recipient, document_id=message.document_id,
                   business=int(message.business), work_item_id=work_item_id)


def queue_status(status: edxml.StatusMessage, organ_name: str = "", work_item_id: Optional[int] = None) -> ExchangeMessage:
    """Queue a status message (đã đến, đã tiếp nhận, từ chối…) back to the agency that sent a document."""
    package = edxml.build_status(status)
    return _queued(package, f"trang-thai-{status.status.value}.edxml", kind="status",
                   organ=edxml.Organ(status.recipient_id, organ_name), document_id=status.document_id,
                   status_code=status.status.value, work_item_id=work_item_id)


def _queued(package: bytes, name: str, *, kind: str, organ: edxml.Organ, document_id: str, business: int = 0,
            status_code: str = "", work_item_id: Optional[int] = None) -> ExchangeMessage:
    existing = db.session.scalar(select(ExchangeMessage).where(
        ExchangeMessage.direction == "out", ExchangeMessage.kind == kind, ExchangeMessage.organ_id == organ.organ_id,
        ExchangeMessage.document_id == document_id[:100], ExchangeMessage.business == business,
        ExchangeMessage.status_code == status_code))
    if existing is not None:
        return existing
    stored = stored_package(package, name)
    row = ExchangeMessage(direction="out", kind=kind, organ_id=organ.organ_id, organ_name=organ.name[:300],
                          document_id=document_id[:100], business=business, status_code=status_code,
                          work_item_id=work_item_id, stored=stored)
    db.session.add(row)
    db.session.flush()
    return row


def stored_package(package: bytes, name: str) -> StoredFile:
    """A package's bytes in the blob store, recorded as a stored file (no commit)."""
    info = blob_store().put(io.BytesIO(package), filename=name, content_type="application/xml")
    return files.record(info.sha256, name, "application/xml", info.size, {}, None)


def message_from_issued(payload: dict[str, Any]) -> edxml.Message:
    """The edXML message an `outgoing.issued.external` event describes, files read from storage."""
    store = blob_store()
    sender = edxml.Organ(payload["from"]["organ_id"], payload["from"].get("organ_name", ""))
    recipient = edxml.Organ(payload["to"]["organ_id"], payload["to"].get("organ_name", ""))
    issued = date.fromisoformat(payload["issued_date"])
    main = _attachment(store, payload["file_sha256"], payload.get("file_name") or "van-ban.pdf", "application/pdf")
    others = [_attachment(store, sha, f"dinh-kem-{n}", "application/octet-stream")
              for n, sha in enumerate(payload.get("attachments") or [], start=1)]
    number, notation = payload["code"]["number"], payload["code"]["notation"]
    return edxml.Message(
        sender=sender, recipients=(recipient,),
        document_id=f"{sender.organ_id},{issued:%Y/%m/%d},{number}/{notation}",
        code_number=number, code_notation=notation, promulgation_date=issued, subject=payload["subject"],
        doc_type=payload.get("type", ""), type_name=payload.get("type_name", ""),
        signer_full_name=(payload.get("signer") or {}).get("full_name", ""),
        signer_competence=(payload.get("signer") or {}).get("competence", ""),
        priority=edxml.Priority(int(payload.get("priority") or 0)), sent_at=utcnow(),
        attachments=(main, *others),
    )


def _attachment(store: Any, sha256: str, name: str, content_type: str) -> edxml.Attachment:
    known = db.session.scalar(select(StoredFile).where(StoredFile.sha256 == sha256).limit(1))
    if known is not None:
        name, content_type = known.filename, known.content_type
    return edxml.Attachment(name=name, content_type=content_type, data=store.read_bytes(sha256))


@handler(ISSUED_TOPIC)
def _queue_issued(events: list[OutboxEvent]) -> None:
    for event in events:
        try:  # everything that can refuse an event runs before queue() writes anything
            queue(message_from_issued(event.payload), work_item_id=event.payload.get("outgoing_id"))
        except (ServiceError, KeyError, ValueError, LookupError) as exc:
            # A package that can never be built: keep the reason where the clerk sees it.
            reason = exc.message if isinstance(exc, ServiceError) else f"{type(exc).__name__}: {exc}"
            log.warning("exchange: cannot build the package of event %s: %s", event.id, reason)
            _record_unbuildable(event, reason)


@handler(RECALLED_TOPIC)
def _queue_recalls(events: list[OutboxEvent]) -> None:
    """A recalled document: the agency it was sent to gets the same header with business type
    "recall" and the reason, without the files."""
    for event in events:
        original = db.session.scalar(select(ExchangeMessage).where(
            ExchangeMessage.direction == "out", ExchangeMessage.kind == "document", ExchangeMessage.business == 0,
            ExchangeMessage.work_item_id == event.payload.get("outgoing_id"),
            ExchangeMessage.organ_id == event.payload.get("organ_id")))
        if original is None or original.stored is None:
            log.warning("exchange: recall of outgoing %s for %s, which was never packaged", event.payload.get("outgoing_id"),
                        event.payload.get("organ_id"))
            continue
        sent = edxml.parse(blob_store().read_bytes(original.stored.sha256))
        queue(replace(sent, business=edxml.Business.RECALL, content=str(event.payload.get("reason") or "")[:2000],
                      sent_at=utcnow(), attachments=()), work_item_id=original.work_item_id)


def _record_unbuildable(event: OutboxEvent, reason: str) -> None:
    to = (event.payload.get("to") or {}) if isinstance(event.payload, dict) else {}
    db.session.add(ExchangeMessage(
        direction="out", organ_id=str(to.get("organ_id") or "?")[:35], organ_name=str(to.get("organ_name") or "")[:300],
        document_id=f"event:{event.id}", business=0, work_item_id=event.payload.get("outgoing_id"),
        status="unbuilt", last_error=f"Không lập được gói tin: {reason}"[:2000],
    ))


@handler("incoming.delivery.handled")
def _answer_the_sender(events: list[OutboxEvent]) -> None:
    """A package from another agency was registered or returned: tell that agency."""
    from eoffice.documents.models import InboundDelivery
    from eoffice.exchange.inbound import reply_status

    for event in events:
        delivery = db.session.get(InboundDelivery, event.payload.get("delivery_id"))
        meta = delivery.metadata_ if delivery is not None else {}
        if delivery is None or not meta.get("exchange_document_id") or not meta.get("issuer_code"):
            continue  # an internal delivery: the sender reads the outcome on its own page
        registered = event.payload.get("outcome") == "registered"
        description = (f"Đã vào sổ, số đến {event.payload.get('arrival_number')}." if registered
                       else f"Trả lại: {delivery.refused_reason or ''}")
        reply_status(delivery.recipient_unit, edxml.Organ(meta["issuer_code"], delivery.sender_name),
                     meta["exchange_document_id"], meta.get("code_number", ""), meta.get("code_notation", ""),
                     edxml.Status.ACCEPTED if registered else edxml.Status.REFUSED, description, str(event.payload.get("by") or ""))


def send_queued(transport: Optional[Transport] = None, limit: int = SEND_BATCH) -> int:
    """Send up to `limit` due packages, one transaction each; return how many left."""
    transport = transport or transport_from_settings()
    sent = 0
    for message_id in db.session.scalars(
        select(ExchangeMessage.id).where(ExchangeMessage.direction == "out", ExchangeMessage.status.in_(("queued", "failed")),
                                         ExchangeMessage.available_at <= utcnow())
        .order_by(ExchangeMessage.available_at, ExchangeMessage.id).limit(limit)
    ).all():
        sent += _send_one(transport, message_id)
    return sent


def _send_one(transport: Transport, message_id: int) -> int:
    message = db.session.get(ExchangeMessage, message_id, with_for_update=db.engine.dialect.name == "postgresql")
    if message is None or message.status not in ("queued", "failed") or message.stored is None:
        db.session.rollback()
        return 0
    try:
        package = blob_store().read_bytes(message.stored.sha256)
        message.platform_id = transport.send(package, message.organ_id, message.document_id)[:100]
    except (TransportError, OSError) as exc:
        message.attempts += 1
        message.status, message.last_error = "failed", str(exc)[:2000]
        message.available_at = utcnow() + min(timedelta(seconds=30 * 2 ** min(message.attempts, 10)), MAX_DELAY)
        db.session.commit()
        return 0
    message.status, message.sent_at, message.last_error = "sent", utcnow(), None
    db.session.commit()
    return 1


periodic("exchange.send_queued", 10, send_queued)
