"""Drafting an outgoing document: the draft with its metadata, recipients and first version,
later versions and attachments, and the approval chains an administrator configures.

Every operation is one unit of work (eoffice.work.unit_of_work): a refusal anywhere saves
nothing — a draft whose recipient is refused leaves no half-made draft behind.
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.db import db
from eoffice.documents.uploads import take_staged
from eoffice.errors import NotFound, ServiceError
from eoffice.org.codes import InvalidOrganisationCode, normalize_org_code
from eoffice.org.models import Unit
from eoffice.outgoing.models import (
    EDITABLE_STATES, ApprovalChain, ExternalOrganisation, OutgoingDocument, OutgoingRecipient, OutgoingState,
)
from eoffice.outgoing.numbering import agency_of, is_draftable
from eoffice.outgoing.schemas import AttachmentIn, ChainIn, DraftIn, ExternalRecipientIn, VersionIn
from eoffice.text import nfc, required_text
from eoffice.work import history
from eoffice.work.access import get_readable
from eoffice.work.models import WorkFile, WorkItem
from eoffice.work.unit_of_work import operation

INVALID_TYPE = "Loại văn bản không có trong danh mục văn bản hành chính của Nghị định 30/2020/NĐ-CP."


def read_outgoing(actor: Actor, outgoing_id: int) -> OutgoingDocument:
    """The document if the actor may read it (the one check pages, API and services share)."""
    return get_readable(actor, OutgoingDocument, outgoing_id, "văn bản đi")


def _unit_of(actor: Actor) -> Unit:
    membership = actor.user.primary_membership if actor.user is not None else None
    if membership is None:
        raise ServiceError("no_unit", "Tài khoản của bạn chưa thuộc đơn vị nào nên chưa soạn được văn bản đi. "
                                      "Hãy báo quản trị gán bạn vào đơn vị.")
    return membership.unit


def _enabled_user(user_id: int, code: str, message: str) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.is_enabled:
        raise ServiceError(code, message)
    return user


def _attach(actor: Actor, doc: OutgoingDocument, token: str, role: str) -> WorkFile:
    staged = take_staged(actor, [token])[0]
    file = WorkFile(work_item_id=doc.id, role=role, stored=staged.stored, added_by_id=actor.user_id)
    db.session.add(file)
    db.session.delete(staged)
    db.session.flush()
    return file


def _external(recipient: ExternalRecipientIn) -> ExternalOrganisation:
    """The directory entry of an outside recipient, by its code; refused without a valid code,
    because the exchange axis addresses organisations by code only."""
    name = required_text(recipient.name, "recipient_without_name", "Hãy nhập tên cơ quan nhận bên ngoài.")
    if not recipient.code.strip():
        raise ServiceError(
            "recipient_without_code",
            f"Nơi nhận «{name}» là cơ quan bên ngoài nhưng chưa có mã định danh nên không gửi được qua trục "
            "liên thông văn bản. Hãy nhập mã định danh (dạng 000.00.01.H01 hoặc H36.12.01) hoặc bỏ nơi nhận này.",
        )
    try:
        code = normalize_org_code(recipient.code)
    except InvalidOrganisationCode as exc:
        raise ServiceError("invalid_recipient_code", f"Nơi nhận «{name}»: {exc.message}") from None
    organisation = db.session.scalars(select(ExternalOrganisation).where(ExternalOrganisation.code == code)).first()
    if organisation is None:
        organisation = ExternalOrganisation(code=code, name=name)
        db.session.add(organisation)
        db.session.flush()
    elif not organisation.is_active:
        raise ServiceError("organisation_inactive", f"Cơ quan mã {code} đã ngừng nhận văn bản trong danh mục.")
    return organisation


def _set_recipients(doc: OutgoingDocument, unit_ids: list[int], external: list[ExternalRecipientIn]) -> None:
    if not unit_ids and not external:
        raise ServiceError("no_recipients", "Hãy chọn ít nhất một nơi nhận (đơn vị trong hệ thống hoặc cơ quan bên ngoài).")
    for unit_id in dict.fromkeys(unit_ids):
        unit = db.session.get(Unit, unit_id)
        if unit is None or not unit.is_active:
            raise ServiceError("unknown_recipient", "Đơn vị nhận không tồn tại hoặc đã ngừng hoạt động; hãy chọn lại.")
        doc.recipients.append(OutgoingRecipient(unit_id=unit.id))
    seen: set[int] = set()
    for recipient in external:
        organisation = _external(recipient)
        if organisation.id not in seen:
            seen.add(organisation.id)
            doc.recipients.append(OutgoingRecipient(organisation_id=organisation.id))


def _answered_item(actor: Actor, incoming_id: Optional[int]) -> Optional[int]:
    """The incoming document a draft answers: through the core, which the actor must be able
    to read (a kind never imports another kind's models to look one up)."""
    if incoming_id is None:
        return None
    try:
        item = get_readable(actor, WorkItem, incoming_id, "văn bản đến")
    except (NotFound, PermissionDenied):
        item = None
    if item is None or item.kind != "incoming":
        raise ServiceError("unknown_incoming", "Không tìm thấy văn bản đến được trả lời (hoặc bạn không được xem văn bản đó).")
    return item.id


@operation
def create_draft(actor: Actor, data: DraftIn) -> OutgoingDocument:
    """A draft with its metadata, recipients and first version (a PDF staged by the upload)."""
    authorize(actor, "outgoing.draft", None, "Bạn không có quyền soạn văn bản đi.")
    subject = required_text(data.subject, "missing_subject", "Hãy nhập trích yếu nội dung văn bản.")
    if not is_draftable(data.doc_type):
        raise ServiceError("invalid_doc_type", INVALID_TYPE)
    signer = _enabled_user(data.signer_id, "unknown_signer", "Người ký không tồn tại hoặc đã bị khóa; hãy chọn lại.")
    unit = _unit_of(actor)
    doc = OutgoingDocument(
        title=subject, owner_unit_id=unit.id, secrecy=data.secrecy, status=OutgoingState.DRAFT.value,
        doc_type=data.doc_type, urgency=data.urgency, drafter_id=actor.user_id, signer_id=signer.id,
        authority=data.authority, agency_unit_id=agency_of(unit).id,
        answers_incoming_id=_answered_item(actor, data.answers_incoming_id), chain=[], step=0,
    )
    db.session.add(doc)
    _set_recipients(doc, list(data.recipient_unit_ids), list(data.external_recipients))
    db.session.flush()
    version = _attach(actor, doc, data.main_token, "version")
    doc.current_version_id = version.id
    if data.source_token:
        _attach(actor, doc, data.source_token, "source")
    for token in data.attachment_tokens:
        _attach(actor, doc, token, "attachment")
    history.record(actor, doc, "drafted", subject, file_id=version.id)
    return doc


def _require_editable(actor: Actor, doc: OutgoingDocument) -> None:
    if actor.user_id != doc.drafter_id:
        raise PermissionDenied("outgoing.draft", "Chỉ người soạn thảo mới sửa được dự thảo.")
    if doc.status not in EDITABLE_STATES:
        raise ServiceError("not_editable", "Dự thảo đang trình duyệt hoặc đã duyệt nên không sửa được; "
                                           "hãy đề nghị người duyệt trả lại nếu cần sửa.")


@operation
def add_version(actor: Actor, doc: OutgoingDocument, data: VersionIn) -> WorkFile:
    """A new version of the body; earlier versions are kept (each a stored file)."""
    _require_editable(actor, doc)
    version = _attach(actor, doc, data.main_token, "version")
    doc.current_version_id = version.id
    if data.source_token:
        _attach(actor, doc, data.source_token, "source")
    history.record(actor, doc, "version_added", version.stored.filename, file_id=version.id,
                   data={"version": len(doc.versions)})
    return version


@operation
def add_attachment(actor: Actor, doc: OutgoingDocument, data: AttachmentIn) -> WorkFile:
    _require_editable(actor, doc)
    file = _attach(actor, doc, data.token, "attachment")
    history.record(actor, doc, "attachment_added", file.stored.filename, file_id=file.id)
    return file


# --- Approval chains ------------------------------------------------------------------------
def _chain_where(doc_type: Optional[str], unit_id: Optional[int]):  # type: ignore[no-untyped-def]
    return (ApprovalChain.doc_type.is_(None) if not doc_type else ApprovalChain.doc_type == doc_type,
            ApprovalChain.unit_id.is_(None) if unit_id is None else ApprovalChain.unit_id == unit_id)


def chain_for(doc_type: str, unit: Optional[Unit]) -> Optional[ApprovalChain]:
    """The most specific chain for the type and the drafting unit: exact, then the unit's for
    any type, then the type's for any unit; a unit without one of its own uses its parent's,
    so a chain set for the office covers its departments; last, the chain for anything."""
    units: list[Optional[Unit]] = []
    current = unit
    while current is not None:
        units.append(current)
        current = current.parent
    for candidate in units:
        for wanted_type in (doc_type, None):
            chain = db.session.scalars(select(ApprovalChain).where(*_chain_where(wanted_type, candidate.id))).first()
            if chain is not None:
                return chain
    for wanted_type in (doc_type, None):
        chain = db.session.scalars(select(ApprovalChain).where(*_chain_where(wanted_type, None))).first()
        if chain is not None:
            return chain
    return None


def list_chains() -> list[ApprovalChain]:
    return list(db.session.scalars(select(ApprovalChain).order_by(ApprovalChain.id)))


@operation
def set_chain(actor: Actor, data: ChainIn) -> ApprovalChain:
    """Admin: who approves drafts of a type from a unit, in order (replaces that chain)."""
    authorize(actor, "outgoing.chains.manage", None, "Chỉ quản trị hệ thống mới cấu hình luồng duyệt.")
    doc_type = nfc(data.doc_type) or None
    if doc_type and not is_draftable(doc_type):
        raise ServiceError("invalid_doc_type", INVALID_TYPE)
    if data.unit_id is not None and db.session.get(Unit, data.unit_id) is None:
        raise ServiceError("unknown_unit", "Đơn vị không tồn tại; hãy chọn lại.")
    if not data.steps:
        raise ServiceError("empty_chain", "Luồng duyệt phải có ít nhất một người duyệt; hãy chọn người duyệt ở Bước 1.")
    for user_id in data.steps:
        _enabled_user(user_id, "unknown_approver", "Có người duyệt không tồn tại hoặc đã bị khóa; hãy chọn lại.")
    if len(set(data.steps)) != len(data.steps):
        raise ServiceError("repeated_approver", "Một người chỉ duyệt một bước trong luồng duyệt.")
    chain = db.session.scalars(select(ApprovalChain).where(*_chain_where(doc_type, data.unit_id))).first()
    if chain is None:
        chain = ApprovalChain(doc_type=doc_type, unit_id=data.unit_id)
        db.session.add(chain)
    chain.steps = list(data.steps)
    db.session.flush()
    from eoffice.audit import service as audit

    audit.record(actor, "outgoing.chain_set", "approval_chain", chain.id,
                 {"doc_type": doc_type, "unit_id": data.unit_id, "steps": list(data.steps)})
    return chain
