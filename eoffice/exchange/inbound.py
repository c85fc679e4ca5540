"""A package from another agency becomes a document waiting for the recipient unit's clerks.

The package is read and checked whole before anything is saved (edxml.parse), its PDF and
files pass the same upload checks as a clerk's upload (type, size, PDF structure, active
content, signatures), and it lands in the unit's inbox of electronic documents exactly like
a delivery from another unit: the clerk opens it in the registration form already filled in
from the message header (issuer and its code, số/ký hiệu, date, type, trích yếu, signer,
urgency, channel "Văn bản điện tử") or returns it. A package received twice is recognised by
its sender and DocumentId and refused with the date of the first one.

New documents (business type 0) become deliveries; a recall (type 1) is matched to the
delivery of the same sender and DocumentId and withdraws it (or, once registered, says so in
the document's history). An update or replacement must be matched by a person, so it is
refused with a message saying so rather than guessed at.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.auth.principals import clerk_units
from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.documents.deliveries import clerks_of, withdraw
from eoffice.documents.doc_types import type_by_abbreviation, type_by_code
from eoffice.documents.models import DeliveryFile, InboundDelivery
from eoffice.documents.notation import InvalidCode, check_code
from eoffice.documents.uploads import store_checked_file
from eoffice.errors import Conflict, ServiceError
from eoffice.exchange import edxml
from eoffice.exchange.models import ExchangeMessage
from eoffice.exchange.service import stored_package
from eoffice.notify.service import notify
from eoffice.org.models import Unit
from eoffice.outbox.schedule import periodic
from eoffice.work.unit_of_work import operation


@operation
def receive(actor: Actor, package: bytes, unit_id: Optional[int] = None) -> InboundDelivery:
    """Take in one edXML package for `unit_id` (default: the unit whose organisation code the
    package is addressed to); raise with a Vietnamese reason, saving nothing, otherwise."""
    authorize(actor, "incoming.register")
    message = edxml.parse(package)
    if message.business is edxml.Business.RECALL:
        return _recall(actor, message, package)
    if message.business is not edxml.Business.NEW:
        raise ServiceError("exchange_not_new", f"Gói tin này là “{message.business.label}” cho văn bản "
                           f"{message.code_number}/{message.code_notation} của {message.sender.name}; hãy tìm văn bản đó "
                           "trong sổ và xử lý thủ công (thu hồi, cập nhật hoặc thay thế).")
    unit = _recipient_unit(message, unit_id)
    if not actor.is_operator and unit.id not in clerk_units(actor.user):
        raise PermissionDenied("incoming.register", f"Bạn không phải văn thư của {unit.name}; chỉ văn thư đơn vị nhận mới tiếp nhận gói tin này.")
    _refuse_if_received(message)
    pdfs = [a for a in message.attachments if a.name.lower().endswith(".pdf")]
    if not pdfs:
        raise ServiceError("exchange_no_pdf", "Gói tin không có tệp PDF của văn bản; hãy đề nghị cơ quan gửi gửi lại kèm văn bản chính.")
    main, others = pdfs[0], [a for a in message.attachments if a is not pdfs[0]]
    stored = [store_checked_file(actor, io.BytesIO(main.data), main.name, main_document=True)]
    stored += [store_checked_file(actor, io.BytesIO(a.data), a.name, main_document=False) for a in others]
    delivery = InboundDelivery(
        recipient_unit_id=unit.id, sender_unit_id=None, sender_name=message.sender.name or message.sender.organ_id,
        delivered_by_id=None, metadata_=_metadata(message),
        files=[DeliveryFile(stored=file, position=position) for position, file in enumerate(stored)],
    )
    db.session.add(delivery)
    _keep_package(message, package)
    db.session.flush()
    reply_status(unit, message.sender, document_key(message), message.code_number, message.code_notation,
                 edxml.Status.ARRIVED, "Văn bản đã đến, chờ văn thư vào sổ.", actor.name)
    audit.record(actor, "incoming.exchange_received", "incoming_delivery", delivery.id,
                 {"from": message.sender.organ_id, "document_id": message.document_id}, text=message.subject)
    notify([u.id for u in clerks_of(unit.id)], "incoming.delivered",
           f"Văn bản liên thông mới từ {delivery.sender_name}: {message.subject[:200]}", "/incoming/deliveries/")
    return delivery


def _recall(actor: Actor, message: edxml.Message, package: bytes) -> InboundDelivery:
    """The sender recalls a document it sent us: the delivery of the same sender and DocumentId
    is withdrawn (Decree 30), its clerks told; a recall of something never received is refused."""
    delivery = db.session.scalar(select(InboundDelivery).where(
        InboundDelivery.sender_unit_id.is_(None),
        InboundDelivery.metadata_["exchange_document_id"].as_string() == document_key(message),
        InboundDelivery.metadata_["issuer_code"].as_string() == message.sender.organ_id,
    ).order_by(InboundDelivery.id.desc()).limit(1))
    notation = _notation(message)
    if delivery is None:
        raise ServiceError("exchange_recall_unknown", f"Gói tin thu hồi văn bản {notation} của {message.sender.name}, "
                           "nhưng văn bản đó chưa từng được nhận qua trục liên thông; không có gì để thu hồi.")
    if not actor.is_operator and delivery.recipient_unit_id not in clerk_units(actor.user):
        raise PermissionDenied("incoming.register", f"Bạn không phải văn thư của {delivery.recipient_unit.name}.")
    _refuse_if_received(message)
    reason = message.content or "nơi gửi không nêu lý do"
    withdraw(actor, delivery.id, notation, reason)
    _keep_package(message, package)
    audit.record(actor, "incoming.exchange_recalled", "incoming_delivery", delivery.id,
                 {"from": message.sender.organ_id, "document_id": message.document_id}, text=reason)
    notify([u.id for u in clerks_of(delivery.recipient_unit_id)], "incoming.recalled",
           f"{message.sender.name} thu hồi văn bản {notation}: {reason[:200]}", "/incoming/deliveries/")
    return delivery


def _notation(message: edxml.Message) -> str:
    """"1234/BXD-QLN": số/ký hiệu as Decree 30 writes them, or as sent when they break its rules."""
    try:
        return "/".join(check_code(message.code_number, message.code_notation))
    except InvalidCode:
        return f"{message.code_number}/{message.code_notation}"


def reply_status(unit: Unit, to: edxml.Organ, document_id: str, code_number: str, code_notation: str,
                 status: edxml.Status, description: str, staff: str) -> None:
    """Queue a status message back to the agency that sent a document. When this unit has no
    organisation code of its own or above it the platform would not know who answers: the
    message is kept unbuilt with the reason, so the exchange list shows what to fix."""
    from eoffice.exchange.service import queue_status
    from eoffice.db import utcnow

    own = next((u.org_code for u in [unit, *reversed(unit.ancestors())] if u.org_code), None)
    if own is None:
        exists = db.session.scalar(select(ExchangeMessage.id).where(
            ExchangeMessage.direction == "out", ExchangeMessage.kind == "status", ExchangeMessage.organ_id == to.organ_id,
            ExchangeMessage.document_id == document_id[:100], ExchangeMessage.status_code == status.value))
        if exists is None:
            db.session.add(ExchangeMessage(
                direction="out", kind="status", status_code=status.value, organ_id=to.organ_id[:35],
                organ_name=to.name[:300], document_id=document_id[:100], status="unbuilt", note=description[:2000],
                last_error=f"Không gửi được trạng thái cho {to.name or to.organ_id}: {unit.name} và các đơn vị cấp trên "
                           "chưa có mã định danh điện tử. Quản trị viên hãy nhập mã tại Quản trị → Đơn vị."))
        return
    queue_status(edxml.StatusMessage(
        sender=edxml.Organ(own, unit.name), recipient_id=to.organ_id, document_id=document_id, code_number=code_number,
        code_notation=code_notation, status=status, at=utcnow(), description=description[:500], staff_name=staff,
        department=unit.name,
    ), organ_name=to.name)


def _recipient_unit(message: edxml.Message, unit_id: Optional[int]) -> Unit:
    if unit_id is not None:
        unit = db.session.get(Unit, unit_id)
    else:
        codes = [r.organ_id for r in message.recipients]
        unit = db.session.scalar(select(Unit).where(Unit.org_code.in_(codes))) if codes else None
    if unit is None or not unit.is_active:
        addressed = ", ".join(f"{r.name} ({r.organ_id})" for r in message.recipients) or "không ghi nơi nhận"
        raise ServiceError("exchange_unknown_recipient", f"Gói tin gửi cho {addressed}, không khớp mã định danh của đơn vị "
                           "nào đang hoạt động; hãy chọn đơn vị nhận.")
    return unit


def _refuse_if_received(message: edxml.Message) -> None:
    earlier = db.session.scalar(select(ExchangeMessage).where(
        ExchangeMessage.direction == "in", ExchangeMessage.kind == "document", ExchangeMessage.organ_id == message.sender.organ_id,
        ExchangeMessage.document_id == document_key(message), ExchangeMessage.business == int(message.business)))
    if earlier is not None:
        raise Conflict("exchange_duplicate", f"Gói tin văn bản {message.code_number}/{message.code_notation} của {message.sender.name} đã được nhận "
                       f"lúc {earlier.created_at.astimezone(VN):%H:%M ngày %d/%m/%Y}; không nhận lần nữa.")


def document_key(message: edxml.Message) -> str:
    """How a received document is told apart: its DocumentId, or (software that leaves it out)
    its số/ký hiệu and date — never an empty key that every such package would share."""
    key = message.document_id or f"{message.code_number}/{message.code_notation},{message.promulgation_date.isoformat()}"
    return key[:100]


def _metadata(message: edxml.Message) -> dict[str, object]:
    """What the registration form is filled in with; what does not fit the rules is left for the clerk."""
    kind = type_by_code(message.doc_type) or type_by_abbreviation(message.doc_type)
    try:
        number, notation = check_code(message.code_number, message.code_notation)
    except InvalidCode:
        number, notation = "", ""
    return {
        "subject": message.subject, "doc_type": kind.code if kind else "", "code_number": number, "code_notation": notation,
        "issued_date": message.promulgation_date.isoformat(), "signer_name": message.signer_full_name,
        "signer_position": " ".join(p for p in (message.signer_competence, message.signer_position) if p),
        "urgency": int(message.priority), "issuer_code": message.sender.organ_id, "channel": "electronic",
        "due_date": message.due_date.isoformat() if message.due_date else "", "exchange_document_id": document_key(message),
    }


def _keep_package(message: edxml.Message, package: bytes) -> None:
    db.session.add(ExchangeMessage(
        direction="in", organ_id=message.sender.organ_id, organ_name=message.sender.name[:300],
        document_id=document_key(message), business=int(message.business), status="received",
        stored=stored_package(package, "goi-tin-den.edxml"),
    ))


@operation
def receive_status(actor: Actor, package: bytes) -> ExchangeMessage:
    """Record what an agency we sent a document to says about it (arrived, accepted, refused,
    done…) and add it to the document's history, where the issuing office reads it."""
    authorize(actor, "incoming.register")
    status = edxml.parse_status(package)
    sent = db.session.scalar(select(ExchangeMessage).where(
        ExchangeMessage.direction == "out", ExchangeMessage.kind == "document",
        ExchangeMessage.organ_id == status.sender.organ_id, ExchangeMessage.document_id == status.document_id[:100]))
    if sent is None:
        raise ServiceError("exchange_status_unknown", f"Thông điệp trạng thái của {status.sender.name or status.sender.organ_id} "
                           f"nói về văn bản {status.code_number}/{status.code_notation} ({status.document_id}), không khớp "
                           "văn bản nào đã gửi cho cơ quan đó.")
    earlier = db.session.scalar(select(ExchangeMessage).where(
        ExchangeMessage.direction == "in", ExchangeMessage.kind == "status", ExchangeMessage.organ_id == status.sender.organ_id,
        ExchangeMessage.document_id == status.document_id[:100], ExchangeMessage.status_code == status.status.value))
    if earlier is not None:
        return earlier  # the platform sent it again: already recorded
    row = ExchangeMessage(
        direction="in", kind="status", organ_id=status.sender.organ_id, organ_name=status.sender.name[:300],
        document_id=status.document_id[:100], status_code=status.status.value, status="received",
        note=status.description, work_item_id=sent.work_item_id,
        stored=stored_package(package, "trang-thai-den.edxml"),
    )
    db.session.add(row)
    db.session.flush()
    if sent.work_item_id is not None:
        from eoffice.work import history
        from eoffice.work.models import WorkItem

        item = db.session.get(WorkItem, sent.work_item_id)
        if item is not None:
            said = f" – {status.description}" if status.description else ""
            history.record(actor, item, "exchange_status", f"{status.sender.name or status.sender.organ_id}: "
                           f"{status.status.label}{said}", data={"organ_id": status.sender.organ_id, "status": status.status.value})
    return row


def take_in(actor: Actor, package: bytes) -> object:
    """A document package or a status message, whichever arrived."""
    if isinstance(edxml.parse_any(package), edxml.StatusMessage):
        return receive_status(actor, package)
    return receive(actor, package)


# --- The inbox folder a connector fills ---------------------------------------------------------
def inbox_folder() -> Path:
    from eoffice import current_settings

    settings = current_settings()
    base = Path(settings.exchange_folder).parent if settings.exchange_folder else settings.data_dir / "exchange"
    return base / "inbox"


def take_in_folder(folder: Optional[Path] = None) -> int:
    """Take in every package a connector left in the inbox folder, one transaction each.

    A package taken in moves to `done/`; one refused moves to `refused/` with a `.txt` beside
    it saying why, so nothing is lost and nothing is tried twice. Returns how many were taken in.
    """
    folder = folder or inbox_folder()
    if not folder.is_dir():
        return 0
    taken = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".edxml", ".xml")):
        try:
            take_in(Actor.operator("trục liên thông"), path.read_bytes())
        except ServiceError as exc:
            db.session.rollback()
            _move(path, folder / "refused").with_suffix(".txt").write_text(exc.message + "\n", encoding="utf-8")
            continue
        _move(path, folder / "done")
        taken += 1
    return taken


def _move(path: Path, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    path.replace(target)
    return target


periodic("exchange.take_in_folder", 30, take_in_folder)
