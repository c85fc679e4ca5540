"""Documents that arrive electronically from another unit of the office (văn bản điện tử đến).

The sender delivers the document with what it already knows and its files; the files are
checked and stored at once, like an upload. The recipient unit's clerks see it waiting, open it
in the registration form already filled in (channel "Nội bộ eOffice") and register it — the
delivery is marked received in the same transaction as the registration — or return it with a
reason, which the sender is told.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO, Optional

from sqlalchemy import func, select, update

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize
from eoffice.auth.principals import clerk_units
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.models import DeliveryFile, IncomingDocument, InboundDelivery, StagedUpload
from eoffice.documents.notation import check_code
from eoffice.documents.uploads import stage_stored, store_checked_file
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.org.models import Unit
from eoffice.outbox import service as outbox
from eoffice.text import nfc, required_text
from eoffice.work import history
from eoffice.work.models import WorkItem
from eoffice.work.unit_of_work import operation


# Emitted when a clerk registers or returns a delivery, for whoever answers the sender (the
# exchange sends a status message back to another agency).
HANDLED_TOPIC = "incoming.delivery.handled"


@dataclass
class DeliveryInput:
    recipient_unit_id: int
    subject: str
    doc_type: str
    code_number: str = ""
    code_notation: str = ""
    issued_date: Optional[date] = None
    signer_name: str = ""
    signer_position: str = ""
    urgency: int = 0
    secrecy: int = 0
    sender_name: str = ""  # defaults to the sender's unit
    sender_unit_id: Optional[int] = None
    attachments: list[tuple[BinaryIO, str]] = field(default_factory=list)


def get_delivery(delivery_id: int) -> InboundDelivery:
    return get_or_not_found(InboundDelivery, delivery_id, "văn bản điện tử đến")


def clerks_of(unit_id: int) -> list[User]:
    """Enabled users who keep the registers of `unit_id`."""
    users = db.session.scalars(select(User).where(User.is_enabled.is_(True))).all()
    return [u for u in users if unit_id in clerk_units(u)]


def _sender_unit(actor: Actor, data: DeliveryInput) -> Optional[Unit]:
    if data.sender_unit_id is not None:
        return db.session.get(Unit, data.sender_unit_id)
    membership = actor.user.primary_membership if actor.user is not None else None
    return membership.unit if membership else None


@operation
def deliver(actor: Actor, data: DeliveryInput, main: tuple[BinaryIO, str]) -> InboundDelivery:
    """Send a document to another unit's clerks. The files are checked before anything is saved."""
    authorize(actor, "incoming.deliver")
    recipient = db.session.get(Unit, data.recipient_unit_id)
    if recipient is None or not recipient.is_active:
        raise ServiceError("unknown_recipient", "Đơn vị nhận không tồn tại hoặc đã ngừng hoạt động.")
    clerks = clerks_of(recipient.id)
    if not clerks:
        raise ServiceError("recipient_has_no_clerk",
                           f"{recipient.name} chưa có văn thư để tiếp nhận văn bản. Hãy báo quản trị cấp vai trò văn thư.")
    subject = required_text(data.subject, "missing_subject", "Hãy nhập trích yếu nội dung văn bản.")
    if type_by_code(data.doc_type) is None:
        raise ServiceError("invalid_doc_type", "Tên loại văn bản không có trong danh mục Nghị định 30/2020/NĐ-CP.")
    if data.secrecy:
        raise ServiceError("secret_not_electronic",
                           "Văn bản mật không gửi qua mạng; hãy chuyển bản giấy theo quy định bảo vệ bí mật nhà nước.")
    number, notation = check_code(data.code_number, data.code_notation)  # the same shape registration checks
    sender_unit = _sender_unit(actor, data)
    stored = [store_checked_file(actor, main[0], main[1], main_document=True)]
    stored += [store_checked_file(actor, stream, name, main_document=False) for stream, name in data.attachments]
    delivery = InboundDelivery(
        recipient_unit_id=recipient.id,
        sender_unit_id=sender_unit.id if sender_unit else None,
        sender_name=nfc(data.sender_name) or (sender_unit.name if sender_unit else "") or "Không rõ",
        delivered_by_id=actor.user_id,
        metadata_={
            "subject": subject, "doc_type": data.doc_type, "code_number": number,
            "code_notation": notation, "issued_date": data.issued_date.isoformat() if data.issued_date else "",
            "signer_name": nfc(data.signer_name), "signer_position": nfc(data.signer_position), "urgency": data.urgency,
        },
        files=[DeliveryFile(stored=file, position=position) for position, file in enumerate(stored)],
    )
    db.session.add(delivery)
    db.session.flush()
    audit.record(actor, "incoming.delivered", "incoming_delivery", delivery.id, {"to": recipient.name}, text=subject)
    notify([u.id for u in clerks], "incoming.delivered",
           f"Văn bản điện tử mới từ {delivery.sender_name}: {subject[:200]}", "/incoming/deliveries/")
    return delivery


def _pending_where(user: Any) -> Any:
    return (InboundDelivery.status == "pending") & InboundDelivery.recipient_unit_id.in_(clerk_units(user))


def pending_for(user: Any) -> list[InboundDelivery]:
    """Deliveries waiting for the registers `user` keeps, oldest first."""
    return list(db.session.scalars(
        select(InboundDelivery).where(_pending_where(user)).order_by(InboundDelivery.received_at, InboundDelivery.id)
    ))


def pending_count(user: Any) -> int:
    """How many wait for `user` (the home page's queue), without loading them."""
    return db.session.scalar(select(func.count(InboundDelivery.id)).where(_pending_where(user))) or 0


def _require_pending_for_clerk(actor: Actor, delivery: InboundDelivery) -> None:
    authorize(actor, "incoming.receive", delivery)
    if delivery.status != "pending":
        label = "đã được vào sổ" if delivery.status == "registered" else "đã được trả lại"
        raise ServiceError("delivery_handled", f"Văn bản này {label}; không xử lý lại được.")


@operation
def accept(actor: Actor, delivery: InboundDelivery) -> list[StagedUpload]:
    """Open the delivery in the registration form: its files, staged for this clerk."""
    _require_pending_for_clerk(actor, delivery)
    staged = [stage_stored(actor, file.stored, delivery_id=delivery.id) for file in delivery.files]
    return staged


def prefill(delivery: InboundDelivery) -> dict[str, Any]:
    """The registration form's values, from what the sender said."""
    meta = delivery.metadata_
    main = delivery.files[0].inspection if delivery.files else {}
    return {
        "issuer_name": delivery.sender_name, "code_number": meta.get("code_number", ""),
        "code_notation": meta.get("code_notation", ""), "issued_date": meta.get("issued_date", ""),
        "doc_type": meta.get("doc_type", ""), "subject": meta.get("subject", ""),
        "signer_name": meta.get("signer_name", ""), "signer_position": meta.get("signer_position", ""),
        "urgency": meta.get("urgency", 0), "page_count": main.get("page_count") or "",
        "issuer_code": meta.get("issuer_code", ""), "deadline": meta.get("due_date", ""),
        "channel": meta.get("channel", "internal"),  # "electronic" for a package from another agency
    }


def mark_registered(actor: Actor, delivery_id: int, doc: IncomingDocument) -> None:
    """Called by registration inside its transaction: the delivery is received exactly once.

    A conditional UPDATE (only while still pending) makes two clerks registering the same
    delivery at the same moment end with one document and one clear error, on every database."""
    delivery = get_delivery(delivery_id)
    _require_pending_for_clerk(actor, delivery)
    claimed = db.session.execute(
        update(InboundDelivery)
        .where(InboundDelivery.id == delivery_id, InboundDelivery.status == "pending")
        .values(status="registered", document_id=doc.id, handled_by_id=actor.user_id, handled_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise ServiceError("delivery_handled", "Văn bản này vừa được người khác vào sổ; không vào sổ lần nữa.")
    db.session.refresh(delivery)
    outbox.emit(HANDLED_TOPIC, str(delivery.id), {"delivery_id": delivery.id, "outcome": "registered",
                                                  "arrival_number": doc.arrival_number, "by": actor.name})
    if delivery.delivered_by_id:
        notify([delivery.delivered_by_id], "incoming.delivery_registered",
               f"{delivery.recipient_unit.name} đã vào sổ văn bản: {delivery.subject[:200]}", "")


@operation
def refuse(actor: Actor, delivery: InboundDelivery, reason: str) -> None:
    """Return a delivery that is not for this unit (or is wrong), telling the sender why."""
    _require_pending_for_clerk(actor, delivery)
    reason = required_text(reason, "missing_reason", "Hãy ghi rõ lý do trả lại để nơi gửi biết cần làm gì.")
    delivery.status, delivery.refused_reason = "refused", reason
    delivery.handled_by_id, delivery.handled_at = actor.user_id, utcnow()
    audit.record(actor, "incoming.delivery_refused", "incoming_delivery", delivery.id, text=reason)
    db.session.query(StagedUpload).filter(StagedUpload.delivery_id == delivery.id).delete()
    outbox.emit(HANDLED_TOPIC, str(delivery.id), {"delivery_id": delivery.id, "outcome": "refused", "by": actor.name})
    if delivery.delivered_by_id:
        notify([delivery.delivered_by_id], "incoming.delivery_refused",
               f"{delivery.recipient_unit.name} trả lại văn bản «{delivery.subject[:150]}»: {reason[:300]}", "")


def withdraw(actor: Actor, delivery_id: Optional[int], notation: str, reason: str) -> None:
    """The sender recalled the document (Decree 30: withdrawn at the receiver, the sender told).
    Not yet registered: it leaves the clerks' queue. Registered: the incoming document's history
    says so, and whoever holds it is told; the clerk decides what happens to its processing.
    No commit: part of the sender's recall, or of taking in the recall package."""
    delivery = db.session.get(InboundDelivery, delivery_id) if delivery_id is not None else None
    if delivery is None:
        return
    if delivery.status == "pending":
        delivery.status = "recalled"
        delivery.refused_reason = f"Nơi gửi thu hồi văn bản {notation}: {reason}"
        db.session.query(StagedUpload).filter(StagedUpload.delivery_id == delivery.id).delete()
    elif delivery.document_id is not None:
        item = db.session.get(WorkItem, delivery.document_id)
        if item is not None:
            history.record(actor, item, "comment", f"Nơi gửi đã thu hồi văn bản {notation}: {reason}",
                           data={"recalled_by_sender": True})

