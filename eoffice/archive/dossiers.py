"""Work dossiers: a handler opens one from an approved catalogue line, files documents into it
(any work item — incoming, outgoing, task, one-stop dossier — or an upload, or a reviewed
scan), and closes it; an archivist then transfers it to the agency archive within a year of
closing, and the worker alerts 30 days before that is due.

Each operation is one unit of work; a refused one changes nothing. Other kinds are read only
through the work core (`WorkItem` attributes and files), never imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, BinaryIO, Optional

from sqlalchemy import select, update

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.auth.permissions import PermissionDenied, authorize
from eoffice.auth.roles import Role
from eoffice.calendar.timezone import to_local
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import ServiceError
from eoffice.files.models import StoredFile
from eoffice.archive.models import (
    ArchiveDossier, Catalogue, CatalogueEntry, DossierState, FiledDocument, PHYSICAL_STATE_DEFAULT,
)
from eoffice.archive.retention import lock_blobs
from eoffice.archive.schemas import DocumentMetaIn, FileItemIn, OpenDossierIn
from eoffice.notify.service import notify
from eoffice.text import nfc
from eoffice.work import history
from eoffice.work.access import get_readable, may_read
from eoffice.work.kinds import kind_of, transition
from eoffice.work.models import WorkFile, WorkItem
from eoffice.work.unit_of_work import operation

TRANSFER_WITHIN = timedelta(days=365)  # Decree 30/2020: within a year of the work's end
ALERT_BEFORE = timedelta(days=30)


@dataclass
class Upload:
    """A file handed to a service (the page or API reads it from the request)."""

    stream: BinaryIO
    filename: str


def link(dossier: ArchiveDossier) -> str:
    return f"/archive/dossiers/{dossier.id}"


def get_dossier(actor: Actor, dossier_id: int) -> ArchiveDossier:
    return get_readable(actor, ArchiveDossier, dossier_id, "hồ sơ")


def get_document(actor: Actor, document_id: int) -> FiledDocument:
    return get_readable(actor, FiledDocument, document_id, "văn bản lưu trữ")


def _handler_only(actor: Actor, dossier: ArchiveDossier) -> None:
    authorize(actor, "archive_dossier.view", dossier)
    authorize(actor, "archive_dossier.handle", dossier,
              "Chỉ người lập hồ sơ, lãnh đạo đơn vị hoặc lưu trữ viên mới thực hiện được thao tác này.")


def _open_only(dossier: ArchiveDossier, what: str) -> None:
    if dossier.status != DossierState.OPEN.value:
        raise ServiceError("dossier_not_open", f"Hồ sơ {dossier.code} {dossier.status_label.lower()} nên không {what} được nữa. "
                                               "Hãy chọn một hồ sơ đang mở.")


# --- Opening ---------------------------------------------------------------------------------
@operation
def open_dossier(actor: Actor, data: OpenDossierIn) -> ArchiveDossier:
    """Open the dossier of a catalogue line (one per line and year), kept by the actor."""
    authorize(actor, "archive.work")
    if actor.user_id is None:
        raise ServiceError("no_user", "Hồ sơ phải do một người lập (đăng nhập bằng tài khoản của mình).")
    entry = get_or_not_found(CatalogueEntry, data.entry_id, "hồ sơ trong danh mục")
    catalogue: Catalogue = entry.catalogue
    if not catalogue.is_approved:
        raise ServiceError("catalogue_not_approved", f"Danh mục hồ sơ năm {catalogue.year} chưa được phê duyệt. "
                                                     "Hãy đề nghị lãnh đạo phê duyệt danh mục trước khi mở hồ sơ.")
    user = db.session.get(User, actor.user_id)
    if not actor.is_operator and user is not None and entry.owner_unit_id not in user.unit_ids and not user.has_role(Role.ARCHIVIST):
        raise PermissionDenied("archive.work", f"Hồ sơ {entry.code} thuộc {entry.owner_unit.name}; "
                                               "chỉ người của đơn vị đó mới mở được.")
    code = f"{catalogue.year}.{entry.code}"
    if db.session.scalar(select(ArchiveDossier.id).where(ArchiveDossier.code == code)) is not None:
        raise ServiceError("dossier_exists", f"Hồ sơ {code} đã được mở. Hãy mở hồ sơ đó để đưa văn bản vào.")
    dossier = ArchiveDossier(
        title=nfc(data.title) or entry.title, owner_unit_id=entry.owner_unit_id, status=DossierState.OPEN.value,
        secrecy=1 if data.access_regime == 3 else 0, entry_id=entry.id, year=catalogue.year, code=code,
        retention_years=entry.retention_years, handler_id=entry.owner_user_id or actor.user_id,
        access_regime=data.access_regime, keywords=nfc(data.keywords),
    )
    db.session.add(dossier)
    db.session.flush()
    history.record(actor, dossier, "opened", data={"code": code})
    return dossier


# --- Filing ----------------------------------------------------------------------------------
def _next_code(dossier: ArchiveDossier) -> tuple[int, str]:
    """The next ordinal in the dossier, taken with one UPDATE … RETURNING so two handlers
    filing at once never get the same archive code."""
    ordinal = db.session.execute(
        update(ArchiveDossier).where(ArchiveDossier.id == dossier.id)
        .values(last_ordinal=ArchiveDossier.last_ordinal + 1).returning(ArchiveDossier.last_ordinal)
    ).scalar_one()
    db.session.expire(dossier, ["last_ordinal"])
    return ordinal, f"{dossier.code}.{ordinal:07d}"


def known_metadata(item: WorkItem) -> dict[str, Any]:
    """What the system already knows of a work item, read through the core's attributes that
    the kinds share (number and notation, date, issuer, type, pages, paper or electronic)."""
    number = getattr(item, "code_number", None) or getattr(item, "number", None) or ""
    notation = getattr(item, "code_notation", None) or getattr(item, "notation", None) or getattr(item, "code", "") or ""
    issued = getattr(item, "issued_date", None)
    if issued is None:
        moment = getattr(item, "issued_at", None) or getattr(item, "received_at", None) or item.created_at
        issued = to_local(moment).date() if moment else None
    agency = getattr(item, "agency", None)
    issuer = getattr(item, "issuer_name", None) or (agency.name if agency is not None else "") or (
        item.owner_unit.name if item.owner_unit else "")
    pages = getattr(item, "page_count", None) or sum(f.page_count or 0 for f in item.files) or None
    return {
        "subject": item.title, "doc_type": getattr(item, "doc_type", "") or kind_of(item).label, "number": str(number),
        "notation": str(notation), "issued_date": issued, "issuer": issuer, "page_count": pages,
        "reliability": 2 if getattr(item, "channel", "") == "paper" else 1,
    }


def _document(actor: Actor, dossier: ArchiveDossier, meta: DocumentMetaIn, known: dict[str, Any], **extra: Any) -> FiledDocument:
    """A filed document: the typed fields win, the known ones fill what was left empty."""
    def pick(name: str) -> Any:
        value = getattr(meta, name)
        return value if value not in (None, "") else known.get(name)

    subject = nfc(pick("subject") or "")
    if not subject:
        raise ServiceError("missing_subject", "Hãy nhập trích yếu nội dung văn bản.")
    regime = meta.access_regime or dossier.access_regime
    ordinal, code = _next_code(dossier)
    document = FiledDocument(
        title=subject[:500], owner_unit_id=dossier.owner_unit_id, secrecy=1 if max(regime, dossier.access_regime) == 3 else 0,
        status="filed", dossier_id=dossier.id, ordinal=ordinal, archive_code=code,
        doc_type=nfc(pick("doc_type") or "")[:100], number=nfc(pick("number") or "")[:20],
        notation=nfc(pick("notation") or "")[:100], issued_date=pick("issued_date"), issuer=nfc(pick("issuer") or "")[:300],
        page_count=pick("page_count"), keywords=nfc(meta.keywords), access_regime=regime,
        reliability=known.get("reliability", 1), handwriting=nfc(meta.handwriting), physical_state=PHYSICAL_STATE_DEFAULT,
        notes=nfc(meta.notes), filed_by_id=actor.user_id or dossier.handler_id, **extra,
    )
    db.session.add(document)
    db.session.flush()
    return document


def _add_files(actor: Actor, document: FiledDocument, stored: list[tuple[StoredFile, str]]) -> None:
    for file, role in stored:
        db.session.add(WorkFile(work_item_id=document.id, role=role, stored=file, added_by_id=actor.user_id or document.filed_by_id))
    db.session.flush()


def _filed(actor: Actor, dossier: ArchiveDossier, document: FiledDocument) -> FiledDocument:
    history.record(actor, document, "filed", data={"dossier": dossier.id, "code": document.archive_code})
    history.record(actor, dossier, "filed", document.title[:300], data={"document": document.id, "code": document.archive_code})
    db.session.expire(dossier, ["documents"])
    return document


@operation
def file_item(actor: Actor, dossier: ArchiveDossier, data: FileItemIn) -> FiledDocument:
    """File an incoming/outgoing document, a task or a one-stop dossier: its metadata and
    files (the same stored files: nothing is copied) come along."""
    _handler_only(actor, dossier)
    _open_only(dossier, "đưa văn bản vào")
    item = get_or_not_found(WorkItem, data.source_item_id, "văn bản")
    if isinstance(item, (ArchiveDossier, FiledDocument)):
        raise ServiceError("bad_source", "Không đưa một hồ sơ lưu trữ hay văn bản đã lập hồ sơ vào hồ sơ khác. Hãy chọn văn bản gốc.")
    if not actor.is_operator and not may_read(actor.user, item):
        raise PermissionDenied(f"{item.kind}.view", "Bạn không được xem văn bản này nên không đưa được vào hồ sơ.")
    already = db.session.scalars(select(FiledDocument).where(FiledDocument.source_item_id == item.id)).first()
    if already is not None:
        raise ServiceError("already_filed", f"«{item.title[:120]}» đã có trong hồ sơ {already.dossier.code} "
                                            f"(mã lưu trữ {already.archive_code}); mỗi văn bản chỉ lập vào một hồ sơ.")
    document = _document(actor, dossier, data, known_metadata(item), source_item_id=item.id, source_kind=item.kind)
    _add_files(actor, document, [(f.stored, "original" if f.role == "main" else f.role) for f in item.files])
    return _filed(actor, dossier, document)


@operation
def file_upload(actor: Actor, dossier: ArchiveDossier, upload: Upload, data: DocumentMetaIn) -> FiledDocument:
    """File a document that exists only as a file (born digital elsewhere, or a scan)."""
    from eoffice.documents.uploads import store_checked_file

    _handler_only(actor, dossier)
    _open_only(dossier, "đưa văn bản vào")
    stored = store_checked_file(actor, upload.stream, upload.filename, main_document=False)
    known = {"subject": stored.filename.rsplit(".", 1)[0], "page_count": stored.page_count, "reliability": 1}
    document = _document(actor, dossier, data, known, source_kind="upload")
    _add_files(actor, document, [(stored, "original")])
    return _filed(actor, dossier, document)


def file_stored(actor: Actor, dossier: ArchiveDossier, data: DocumentMetaIn, files: list[tuple[StoredFile, str]],
                known: dict[str, Any], text: str = "") -> FiledDocument:
    """File stored files already checked (a reviewed scan); joins the caller's unit of work."""
    _handler_only(actor, dossier)
    _open_only(dossier, "đưa văn bản vào")
    document = _document(actor, dossier, data, known, source_kind="scan", ocr_text=text)
    _add_files(actor, document, files)
    return _filed(actor, dossier, document)


@operation
def update_document(actor: Actor, document: FiledDocument, data: DocumentMetaIn) -> FiledDocument:
    """Correct a filed document's metadata while its dossier is open."""
    dossier = document.dossier
    _handler_only(actor, dossier)
    _open_only(dossier, "sửa thông tin văn bản")
    for name in ("doc_type", "number", "notation", "issuer", "keywords", "handwriting", "notes"):
        setattr(document, name, nfc(getattr(data, name)))
    if nfc(data.subject):
        document.title = nfc(data.subject)
    document.issued_date = data.issued_date or document.issued_date
    document.page_count = data.page_count if data.page_count is not None else document.page_count
    if data.access_regime:
        document.access_regime = data.access_regime
        document.secrecy = 1 if max(data.access_regime, dossier.access_regime) == 3 else 0
    history.record(actor, document, "metadata")
    return document


# --- Closing and transfer --------------------------------------------------------------------
@operation
def close(actor: Actor, dossier: ArchiveDossier) -> ArchiveDossier:
    """The work has ended: nothing more is filed; transfer is due within a year."""
    _handler_only(actor, dossier)
    if dossier.status == DossierState.CLOSED.value:
        raise ServiceError("already_closed", f"Hồ sơ {dossier.code} đã được đóng trước đó "
                                             f"(ngày {to_local(dossier.closed_at):%d/%m/%Y}); không cần đóng lại.")
    _open_only(dossier, "đóng")
    if not dossier.documents:
        raise ServiceError("dossier_empty", f"Hồ sơ {dossier.code} chưa có văn bản nào. Hãy đưa văn bản vào trước khi đóng hồ sơ.")
    transition(dossier, DossierState.CLOSED)
    dossier.closed_at = utcnow()
    dossier.transfer_due = to_local(dossier.closed_at).date() + TRANSFER_WITHIN
    dossier.sheet_count = dossier.sheet_count or dossier.page_count
    lock_blobs(dossier)  # the store refuses to delete them before retention ends; fails the close if unreachable
    history.record(actor, dossier, "closed", data={"transfer_due": dossier.transfer_due.isoformat(),
                                                    "documents": len(dossier.documents)})
    return dossier


def role_holders(*roles: Role) -> list[int]:
    """The user ids of the enabled accounts holding one of `roles`."""
    from eoffice.auth.models import RoleGrant

    return list(db.session.scalars(select(RoleGrant.user_id).join(User, User.id == RoleGrant.user_id).where(
        RoleGrant.role.in_([role.value for role in roles]), User.is_enabled.is_(True)).distinct()
        .order_by(RoleGrant.user_id)))


def archivists() -> list[int]:
    """The enabled archivists' user ids (they hear of every transfer that is due)."""
    return role_holders(Role.ARCHIVIST)


@operation
def send_transfer_alerts(now: Optional[datetime] = None) -> int:
    """The worker's job: each closed dossier due for transfer within 30 days alerts its handler
    and the archivists once; returns how many dossiers were alerted."""
    now = now or utcnow()
    horizon: date = to_local(now).date() + ALERT_BEFORE
    due = db.session.scalars(select(ArchiveDossier).where(
        ArchiveDossier.status == DossierState.CLOSED.value, ArchiveDossier.transfer_alerted_at.is_(None),
        ArchiveDossier.transfer_due.is_not(None), ArchiveDossier.transfer_due <= horizon).order_by(ArchiveDossier.id))
    system = Actor.system("nhắc nộp lưu tự động")
    alerted = 0
    for dossier in due:
        if not dossier.must_transfer:
            continue
        days = (dossier.transfer_due - to_local(now).date()).days
        when = f"còn {days} ngày" if days >= 0 else f"đã quá hạn {-days} ngày"
        text = (f"Hồ sơ {dossier.code} «{dossier.title[:150]}» phải nộp vào Lưu trữ cơ quan trước ngày "
                f"{dossier.transfer_due:%d/%m/%Y} ({when}).")
        notify(list(dict.fromkeys([dossier.handler_id, *archivists()])), "archive.transfer_due", text, link(dossier))
        dossier.transfer_alerted_at = now
        history.record(system, dossier, "transfer_alert", text, data={"due": dossier.transfer_due.isoformat()})
        alerted += 1
    return alerted


def signed_handover(dossier: ArchiveDossier, pdf: bytes) -> tuple[bytes, bool]:
    """The handover record signed with the agency's key, as the one-stop results and the
    outgoing documents' copies are (eoffice.signing.office.seal_key, the agency's signature
    top right of page 1); unsigned when no key is configured on the server, which the dossier
    page says. A configured key that fails (wrong password, token missing) stops the transfer."""
    from eoffice.archive.export import agency_name
    from eoffice.signing.office import seal_key
    from eoffice.signing.sign import AttachmentSignature, sign_pdf

    key = seal_key()
    if key is None:
        return pdf, False
    return sign_pdf(pdf, key, AttachmentSignature(agency_name(dossier).upper(), dossier.code),
                    reason=f"Biên bản giao nộp hồ sơ {dossier.code} vào Lưu trữ cơ quan"), True


@operation
def transfer(actor: Actor, dossier: ArchiveDossier) -> WorkFile:
    """Hand a closed dossier over to the agency archive: the handover record (biên bản giao
    nhận, with the dossier list) is generated as PDF, signed with the agency's key and kept on
    the dossier."""
    from eoffice.archive.export import handover_pdf, store_generated

    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới nhận nộp lưu hồ sơ vào Lưu trữ cơ quan.")
    if dossier.status == DossierState.OPEN.value:
        raise ServiceError("dossier_open", f"Hồ sơ {dossier.code} đang mở nên chưa nộp lưu được. "
                                           "Người lập hồ sơ phải đóng hồ sơ trước.")
    if dossier.status == DossierState.TRANSFERRED.value:
        raise ServiceError("already_transferred", f"Hồ sơ {dossier.code} đã được nộp lưu ngày "
                                                  f"{to_local(dossier.transferred_at):%d/%m/%Y}.")
    transition(dossier, DossierState.TRANSFERRED)
    dossier.transferred_at, dossier.transferred_by_id = utcnow(), actor.user_id
    record, signed = signed_handover(dossier, handover_pdf([dossier], actor.name))
    stored = store_generated(record, f"bien-ban-giao-nop-{dossier.code}.pdf", "application/pdf", actor)
    if signed:
        from eoffice.signing.validation.background import request_validation

        request_validation(stored)  # the worker checks the agency's signature, as for every signed PDF
    file = WorkFile(work_item_id=dossier.id, role="handover", stored=stored, added_by_id=actor.user_id or dossier.handler_id)
    db.session.add(file)
    db.session.flush()
    db.session.expire(dossier, ["files"])
    lock_blobs(dossier)
    history.record(actor, dossier, "transferred", file_id=file.id, data={"signed": signed})
    return file
