"""Signing, numbering and issuing an approved draft, and recalling an issued document.

- **Signing** takes the signed PDF bytes from a signer (`PdfSigner`: bytes in, signed bytes
  out — eoffice.signing.sign binds a key and an appearance to one). The service hands it the
  approved version only after checking its SHA-256 against the one fixed at approval, and
  accepts the result only if it is that same PDF with signatures appended (an incremental
  update keeps the signed bytes as its prefix). Anything else is refused and nothing changes.
- **Issuing** takes the number from the outgoing register inside the same transaction as
  everything else (the core's unit of work), so a refusal or failure anywhere — a recipient
  that cannot receive, a storage error — gives the number back: no gaps, no duplicates. A
  document already being issued by another clerk is refused before any number is taken.
- Internal recipients receive it at once through the deliveries path of incoming documents;
  each outside organisation gets one outbox event for the exchange adapter (edXML). A
  confidential document is numbered in the confidential series and handed over on paper: the
  law on state secrets forbids sending it over the network, so no recipient gets it
  electronically.
- **Recall** freezes the document (no transition leaves `recalled`) and tells every receiver.
"""
from __future__ import annotations

import hashlib
import io
from typing import Callable, Optional

from sqlalchemy import update

from eoffice.actor import Actor
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.backends import blob_store
from eoffice.calendar.timezone import VN
from eoffice.db import db, utcnow
from eoffice.documents.doc_types import type_by_code
from eoffice.documents.uploads import store_checked_file
from eoffice.errors import ServiceError
from eoffice.notify.service import notify
from eoffice.outbox import service as outbox
from eoffice.outgoing import answers
from eoffice.outgoing.models import OutgoingDocument, OutgoingState
from eoffice.outgoing.numbering import format_notation, next_number
from eoffice.outgoing.schemas import ReasonIn
from eoffice.text import required_text
from eoffice.work import history
from eoffice.work.kinds import transition
from eoffice.work.models import WorkFile, WorkItem
from eoffice.work.unit_of_work import operation

EXTERNAL_TOPIC = "outgoing.issued.external"
RECALL_TOPIC = "outgoing.recalled.external"
# Signs PDF bytes and returns the signed PDF (the signing package binds a key and appearance).
PdfSigner = Callable[[bytes], bytes]
# The agency's seal and number on the signed PDF: (pdf, notation) -> pdf, at issuance.
Stamper = Callable[[bytes, str], bytes]


def signed_elsewhere(signed_pdf: bytes) -> PdfSigner:
    """The signer for a PDF signed outside the server (a USB token or SIM signing tool on the
    leader's computer, which downloaded the approved version): `sign` accepts it only if it is
    the approved bytes with signatures appended."""
    return lambda approved_pdf: signed_pdf


def file_bytes(file: WorkFile) -> bytes:
    """The stored bytes (the blob store verifies them against their SHA-256 on read)."""
    return blob_store().read_bytes(file.stored.sha256)


def keep_file(actor: Actor, doc: OutgoingDocument, data: bytes, filename: str, role: str) -> WorkFile:
    """Store `data` (checked like any upload) and link it to the draft under `role`."""
    stored = store_checked_file(actor, io.BytesIO(data), filename, main_document=True)
    file = WorkFile(work_item_id=doc.id, role=role, stored=stored, added_by_id=actor.user_id)
    db.session.add(file)
    db.session.flush()
    return file


@operation
def sign(actor: Actor, doc: OutgoingDocument, signer: PdfSigner) -> WorkFile:
    """The signer named on the draft signs exactly the approved version."""
    if actor.user_id != doc.signer_id:
        raise PermissionDenied("outgoing.sign", "Chỉ người ký được ghi trên văn bản mới ký được.")
    if doc.status != OutgoingState.APPROVED.value:
        raise ServiceError("not_approved", "Văn bản chưa được duyệt xong (hoặc đã ký) nên chưa ký được.")
    version = doc.approved_version
    if version is None or doc.current_version_id != version.id:
        raise ServiceError("version_changed", "Dự thảo đã có phiên bản mới sau khi duyệt; hãy trả lại để duyệt lại.")
    pdf = file_bytes(version)
    if hashlib.sha256(pdf).hexdigest() != doc.approved_sha256:
        raise ServiceError("pdf_changed", "Tệp PDF khác với bản đã duyệt (mã SHA-256 không khớp) nên không được ký; "
                                          "hãy trả lại để duyệt lại.")
    signed_pdf = signer(pdf)
    if not (isinstance(signed_pdf, (bytes, bytearray)) and len(signed_pdf) > len(pdf) and signed_pdf.startswith(pdf)):
        raise ServiceError("signed_other_pdf", "Tệp trả về sau khi ký không phải là bản đã duyệt được ký thêm chữ ký "
                                               "(nội dung đã bị thay đổi). Văn bản chưa được ký; hãy ký lại.")
    signed = keep_file(actor, doc, bytes(signed_pdf), version.stored.filename, "signed")
    doc.signed_file_id = signed.id
    transition(doc, OutgoingState.SIGNED)
    history.record(actor, doc, "signed", file_id=signed.id,
                   data={"approved_sha256": doc.approved_sha256, "signed_sha256": signed.stored.sha256})
    return signed


def _claim_for_issuance(doc: OutgoingDocument) -> None:
    """Lock the document's row while it is still signed, before any number is taken: a second
    clerk issuing it at the same moment waits, then finds it issued and is refused."""
    claimed = db.session.execute(
        update(WorkItem).where(WorkItem.id == doc.id, WorkItem.status == OutgoingState.SIGNED.value)
        .values(status=OutgoingState.SIGNED.value).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.refresh(doc)
        raise ServiceError("already_issued", f"Văn bản vừa được ban hành với số {doc.notation}; không ban hành lại.")


@operation
def issue(actor: Actor, doc: OutgoingDocument, stamp: Optional[Stamper] = None) -> OutgoingDocument:
    """The clerk issues the signed document: number from the outgoing register, optionally the
    agency's seal (`stamp`), then sent. Any refusal leaves no number taken."""
    authorize(actor, "outgoing.issue", doc, "Chỉ văn thư của cơ quan ban hành mới cấp số và phát hành văn bản.")
    if doc.status == OutgoingState.ISSUED.value:
        raise ServiceError("already_issued", f"Văn bản đã được ban hành với số {doc.notation}; không ban hành lại.")
    if doc.status != OutgoingState.SIGNED.value or doc.signed_file is None:
        raise ServiceError("not_signed", "Văn bản chưa được lãnh đạo ký nên chưa cấp số được.")
    if not doc.recipients:
        raise ServiceError("no_recipients", "Văn bản chưa có nơi nhận nên chưa phát hành được.")
    _claim_for_issuance(doc)
    now = utcnow()
    year = now.astimezone(VN).year
    number = next_number(doc.agency_unit_id, year, doc.is_confidential)
    doc.register_year, doc.confidential_series, doc.number = year, doc.is_confidential, number
    doc.notation = format_notation(number, doc.doc_type, doc.agency, doc.owner_unit or doc.agency)
    issued_file = doc.signed_file
    if stamp is not None:
        issued_file = keep_file(actor, doc, stamp(file_bytes(doc.signed_file), doc.notation),
                            doc.signed_file.stored.filename, "issued")
    doc.issued_at, doc.issued_by_id = now, actor.user_id
    transition(doc, OutgoingState.ISSUED)
    _send(actor, doc, issued_file)
    answers.answered(actor, doc)
    history.record(actor, doc, "issued", doc.notation, file_id=issued_file.id,
                   data={"number": number, "year": year, "notation": doc.notation, "confidential": doc.is_confidential})
    return doc


def issued_file(doc: OutgoingDocument) -> Optional[WorkFile]:
    """The file that went out: the sealed one if the agency stamped it, else the signed one."""
    sealed = [f for f in doc.files if f.role == "issued"]
    return sealed[-1] if sealed else doc.signed_file


def _send(actor: Actor, doc: OutgoingDocument, file: WorkFile) -> None:
    from eoffice.documents.deliveries import DeliveryInput, deliver

    if doc.is_confidential:
        for recipient in doc.recipients:
            recipient.status = "paper"
        return
    pdf = file_bytes(file)
    attachments = [(f, file_bytes(f)) for f in doc.attachments]
    signer = doc.signer
    number, _, notation = doc.notation.partition("/")
    issued_date = doc.issued_at.astimezone(VN).date()
    for recipient in doc.recipients:
        if recipient.unit_id is not None:
            delivery = deliver(actor, DeliveryInput(
                recipient_unit_id=recipient.unit_id, subject=doc.title, doc_type=doc.doc_type,
                code_number=number, code_notation=notation, issued_date=issued_date,
                signer_name=signer.full_name if signer else "",
                signer_position=(signer.position or "") if signer else "", urgency=doc.urgency,
                sender_unit_id=doc.agency_unit_id,
                attachments=[(io.BytesIO(data), f.stored.filename) for f, data in attachments],
            ), (io.BytesIO(pdf), file.stored.filename))
            recipient.delivery_id, recipient.status = delivery.id, "sent"
        else:
            organisation = recipient.organisation
            kind = type_by_code(doc.doc_type)
            outbox.emit(EXTERNAL_TOPIC, f"{doc.id}:{organisation.code}", {
                "outgoing_id": doc.id, "recipient_id": recipient.id,
                "to": {"organ_id": organisation.code, "organ_name": organisation.name},
                "from": {"organ_id": doc.agency.org_code or "", "organ_name": doc.agency.name},
                "code": {"number": number, "notation": notation}, "issued_date": issued_date.isoformat(),
                "type": doc.doc_type, "type_name": kind.name if kind else doc.doc_type, "subject": doc.title,
                "signer": {"competence": doc.authority, "full_name": signer.full_name if signer else ""},
                "priority": doc.urgency, "file_sha256": file.stored.sha256, "file_name": file.stored.filename,
                "attachments": [f.stored.sha256 for f, _ in attachments],
            })
            recipient.status = "sent"


@operation
def recall(actor: Actor, doc: OutgoingDocument, data: ReasonIn) -> None:
    """Recall an issued document: it is frozen and every receiver is told."""
    from eoffice.documents.deliveries import clerks_of, withdraw

    authorize(actor, "outgoing.issue", doc, "Chỉ văn thư của cơ quan ban hành mới thu hồi văn bản.")
    reason = required_text(data.reason, "missing_reason", "Hãy ghi lý do thu hồi văn bản.")
    if doc.status != OutgoingState.ISSUED.value:
        raise ServiceError("not_issued", "Chỉ thu hồi được văn bản đã ban hành (văn bản này "
                                         f"{'đã bị thu hồi' if doc.is_frozen else 'chưa ban hành'}).")
    transition(doc, OutgoingState.RECALLED)
    doc.recall_reason = reason
    for recipient in doc.recipients:
        was_sent = recipient.status == "sent"
        recipient.status = "recalled"
        if recipient.unit_id is not None:
            withdraw(actor, recipient.delivery_id, doc.notation, reason)
            notify([u.id for u in clerks_of(recipient.unit_id)], "outgoing.recalled",
                   f"Văn bản {doc.notation} đã bị nơi gửi thu hồi: {reason[:200]}", "/incoming/deliveries/")
        elif was_sent:
            outbox.emit(RECALL_TOPIC, f"{doc.id}:{recipient.organisation.code}", {
                "outgoing_id": doc.id, "recipient_id": recipient.id, "organ_id": recipient.organisation.code,
                "notation": doc.notation, "reason": reason,
            })
    history.record(actor, doc, "recalled", reason)
