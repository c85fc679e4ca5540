"""Disposal of records whose retention has ended (hủy tài liệu hết giá trị).

1. A dossier whose retention is over appears on a proposed list: drawn up by the archivist on
   the page "Lập danh sách hủy", or by the daily job for dossiers never proposed before.
2. The head of the agency (Chủ tịch) approves the whole list, or refuses it with a reason —
   the dossiers are then kept, and may be proposed again later.
3. The archivist executes an approved list: the dossiers' files are unlinked, their blobs
   deleted, the metadata kept and marked destroyed, an audit entry written and the destruction
   record (biên bản hủy tài liệu hết giá trị) produced as a printable PDF, itself kept forever.

A permanent dossier, an open one, or one whose retention has not ended is refused at every
step (`retention.why_not_disposable`), naming the dossier: nothing is changed. A blob the store
still holds under retention stops the execution before anything changes, too. A blob another
record still uses (an incoming document filed here shares its bytes) is not deleted: the
record names how many were kept.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Iterable, Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize
from eoffice.auth.roles import Role
from eoffice.backends import blob_store
from eoffice.blob_refs import referenced_blobs
from eoffice.calendar.timezone import to_local
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import ServiceError
from eoffice.files import service as files
from eoffice.files.models import StoredFile
from eoffice.archive.dossiers import role_holders
from eoffice.archive.models import (
    ArchiveDossier, DisposalItem, DisposalList, DisposalState, DossierState,
)
from eoffice.archive.retention import dossier_files, why_not_disposable
from eoffice.notify.service import notify
from eoffice.text import nfc
from eoffice.work import history
from eoffice.work.kinds import transition
from eoffice.work.unit_of_work import operation
from storage import PERMANENT, BlobNotFound, StorageError

log = logging.getLogger(__name__)
PENDING = (DisposalState.PROPOSED.value, DisposalState.APPROVED.value)
APPROVERS = (Role.CHAIR,)  # Archives Law 2011 art. 28: the head of the agency decides destruction


def today_local() -> date:
    return to_local(utcnow()).date()


def link(disposal: DisposalList) -> str:
    return f"/archive/disposals/{disposal.id}"


def get_disposal(disposal_id: int) -> DisposalList:
    return get_or_not_found(DisposalList, disposal_id, "danh sách hủy")


def disposals() -> list[DisposalList]:
    return list(db.session.scalars(select(DisposalList).order_by(DisposalList.id.desc())))


def _pending_ids() -> set[int]:
    return set(db.session.scalars(select(DisposalItem.dossier_id).join(DisposalList).where(
        DisposalList.status.in_(PENDING))))


def _ever_listed_ids() -> set[int]:
    return set(db.session.scalars(select(DisposalItem.dossier_id)))


def due_for_disposal(today: Optional[date] = None) -> list[ArchiveDossier]:
    """Closed or transferred dossiers whose retention has ended, not on a pending list."""
    today = today or today_local()
    pending = _pending_ids()
    candidates = db.session.scalars(select(ArchiveDossier).where(
        ArchiveDossier.status.in_([DossierState.CLOSED.value, DossierState.TRANSFERRED.value]),
        ArchiveDossier.retention_years.is_not(None)).order_by(ArchiveDossier.year, ArchiveDossier.code))
    return [d for d in candidates if d.id not in pending and why_not_disposable(d, today) is None]


def _refuse_any(dossiers: Iterable[ArchiveDossier], today: date) -> None:
    reasons = [reason for d in dossiers if (reason := why_not_disposable(d, today))]
    if reasons:
        raise ServiceError("not_disposable", " ".join(reasons))


def _create(actor: Actor, dossiers: list[ArchiveDossier], title: str) -> DisposalList:
    disposal = DisposalList(title=title[:300], proposed_by_id=actor.user_id, status=DisposalState.PROPOSED.value)
    db.session.add(disposal)
    db.session.flush()
    for dossier in dossiers:
        db.session.add(DisposalItem(disposal_id=disposal.id, dossier_id=dossier.id))
        history.record(actor, dossier, "disposal_proposed", data={"disposal": disposal.id})
    db.session.flush()
    db.session.expire(disposal, ["items"])
    audit.record(actor, "archive.disposal_proposed", "archive_disposal", disposal.id,
                 {"dossiers": [d.code for d in dossiers]})
    notify(role_holders(*APPROVERS), "archive.disposal_proposed",
           f"Đề nghị phê duyệt danh sách hủy {len(dossiers)} hồ sơ hết thời hạn bảo quản: {title}", link(disposal))
    return disposal


@operation
def propose(actor: Actor, dossier_ids: list[int], title: str = "", today: Optional[date] = None) -> DisposalList:
    """The archivist's list: the chosen dossiers, each one checked."""
    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới lập danh sách tài liệu hết giá trị đề nghị hủy.")
    if not dossier_ids:
        raise ServiceError("nothing_chosen", "Hãy chọn ít nhất một hồ sơ hết thời hạn bảo quản để đưa vào danh sách hủy.")
    today = today or today_local()
    chosen = [get_or_not_found(ArchiveDossier, i, "hồ sơ") for i in dict.fromkeys(dossier_ids)]
    _refuse_any(chosen, today)
    pending = _pending_ids()
    listed = [d.code for d in chosen if d.id in pending]
    if listed:
        raise ServiceError("already_listed", f"Hồ sơ {', '.join(listed)} đã có trong một danh sách hủy đang chờ "
                                             "phê duyệt hoặc chờ hủy. Hãy bỏ chọn các hồ sơ đó.")
    return _create(actor, chosen, nfc(title) or f"Danh sách tài liệu hết giá trị lập ngày {today:%d/%m/%Y}")


@operation
def propose_due(today: Optional[date] = None) -> int:
    """The daily job: dossiers whose retention has ended and that were never proposed go on
    one new list for the leader; returns how many. A dossier once refused is not proposed
    again automatically (the archivist may, after a new appraisal)."""
    today = today or today_local()
    listed = _ever_listed_ids()
    fresh = [d for d in due_for_disposal(today) if d.id not in listed]
    if not fresh:
        return 0
    actor = Actor.system("đề nghị hủy tự động")
    _create(actor, fresh, f"Danh sách tài liệu hết thời hạn bảo quản (lập tự động ngày {today:%d/%m/%Y})")
    notify(role_holders(Role.ARCHIVIST), "archive.disposal_due",
           f"{len(fresh)} hồ sơ đã hết thời hạn bảo quản và được đưa vào danh sách đề nghị hủy.")
    return len(fresh)


def _proposed_only(disposal: DisposalList) -> None:
    if disposal.status != DisposalState.PROPOSED.value:
        raise ServiceError("disposal_decided", f"Danh sách hủy số {disposal.id} {disposal.status_label.lower()}; "
                                               "không phê duyệt lại được.")


@operation
def approve(actor: Actor, disposal: DisposalList, note: str = "", today: Optional[date] = None) -> DisposalList:
    """The head of the agency approves destroying every dossier on the list."""
    authorize(actor, "archive.disposal.approve", None, "Chỉ người đứng đầu cơ quan (Chủ tịch) mới phê duyệt việc hủy tài liệu.")
    _proposed_only(disposal)
    _refuse_any(disposal.dossiers, today or today_local())
    disposal.status, disposal.decided_by_id, disposal.decided_at = DisposalState.APPROVED.value, actor.user_id, utcnow()
    disposal.reason = nfc(note)
    audit.record(actor, "archive.disposal_approved", "archive_disposal", disposal.id,
                 {"dossiers": [d.code for d in disposal.dossiers]}, text=disposal.reason)
    notify(role_holders(Role.ARCHIVIST), "archive.disposal_approved",
           f"Danh sách hủy số {disposal.id} đã được phê duyệt; lưu trữ viên tiến hành hủy và lập biên bản.", link(disposal))
    return disposal


@operation
def refuse(actor: Actor, disposal: DisposalList, reason: str) -> DisposalList:
    """The head of the agency refuses, saying why: the dossiers are kept."""
    authorize(actor, "archive.disposal.approve", None, "Chỉ người đứng đầu cơ quan (Chủ tịch) mới quyết định việc hủy tài liệu.")
    _proposed_only(disposal)
    reason = nfc(reason)
    if not reason:
        raise ServiceError("missing_reason", "Hãy ghi lý do không phê duyệt để lưu trữ viên thẩm định lại.")
    disposal.status, disposal.decided_by_id, disposal.decided_at = DisposalState.REFUSED.value, actor.user_id, utcnow()
    disposal.reason = reason
    audit.record(actor, "archive.disposal_refused", "archive_disposal", disposal.id,
                 {"dossiers": [d.code for d in disposal.dossiers]}, text=reason)
    notify(role_holders(Role.ARCHIVIST), "archive.disposal_refused",
           f"Danh sách hủy số {disposal.id} không được phê duyệt: {reason}", link(disposal))
    return disposal


def _check_unlocked(shas: set[str]) -> None:
    """The store's own lock, asked before anything changes: a blob still retained (a wrong
    date in the database) stops the execution with nothing destroyed."""
    store = blob_store()
    for sha in sorted(shas):
        try:
            info = store.stat(sha)
        except BlobNotFound:
            continue
        if info.retained():
            raise ServiceError("blob_retained", f"Kho lưu trữ vẫn khóa tệp {sha[:12]}… đến {to_local(info.retain_until):%d/%m/%Y}, "
                                                "nên chưa hủy được. Hãy kiểm tra lại thời hạn bảo quản của hồ sơ; không có gì bị thay đổi.")


def _forget_dropped(stored: set[StoredFile]) -> None:
    """drop_unlinked deletes in bulk: take its rows out of the session too, so a new stored
    file reusing an id (SQLite does) is not confused with them."""
    left = set(db.session.scalars(select(StoredFile.id).where(StoredFile.id.in_([s.id for s in stored]))))
    for item in stored:
        if item.id not in left:
            db.session.expunge(item)


@operation
def _destroy(actor: Actor, disposal: DisposalList, today: date) -> set[str]:
    from eoffice.archive.export import destruction_pdf, store_generated

    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới thực hiện việc hủy tài liệu đã được phê duyệt.")
    if disposal.status != DisposalState.APPROVED.value:
        raise ServiceError("disposal_not_approved", f"Danh sách hủy số {disposal.id} {disposal.status_label.lower()}; "
                                                    "chỉ danh sách đã được phê duyệt mới được hủy.")
    dossiers = disposal.dossiers
    _refuse_any(dossiers, today)
    links = [file for dossier in dossiers for file in dossier_files(dossier)]
    shas = {file.sha256 for file in links}
    _check_unlocked(shas)
    stored = {file.stored for file in links}
    for file in links:
        db.session.delete(file)
    db.session.flush()
    files.drop_unlinked()
    _forget_dropped(stored)
    doomed = shas - referenced_blobs()
    now = utcnow()
    for dossier in dossiers:
        for document in dossier.documents:
            document.ocr_text = ""  # the content goes with the bytes; the metadata stays
            db.session.expire(document, ["files"])
            history.record(actor, document, "destroyed", data={"disposal": disposal.id})
        db.session.expire(dossier, ["files"])
        transition(dossier, DossierState.DESTROYED)
        dossier.destroyed_at, dossier.destroyed_by_id = now, actor.user_id
        history.record(actor, dossier, "destroyed", data={"disposal": disposal.id})
    disposal.status, disposal.executed_by_id, disposal.executed_at = DisposalState.EXECUTED.value, actor.user_id, now
    disposal.summary = {"dossiers": len(dossiers), "documents": sum(len(d.documents) for d in dossiers),
                        "blobs_deleted": len(doomed), "blobs_kept_shared": len(shas - doomed)}
    content = destruction_pdf(disposal, actor.name)
    record = store_generated(content, f"bien-ban-huy-tai-lieu-{disposal.id}.pdf", "application/pdf", actor,
                             retain_until=PERMANENT)
    db.session.flush()
    disposal.record_id = record.id
    audit.record(actor, "archive.disposal_executed", "archive_disposal", disposal.id,
                 {**disposal.summary, "dossiers_destroyed": [d.code for d in dossiers]})
    return doomed


def execute(actor: Actor, disposal: DisposalList, today: Optional[date] = None) -> DisposalList:
    """Destroy an approved list. The database changes commit first, then the blobs go: a blob
    whose delete fails (the server unreachable) is unreferenced and falls to storage gc, so a
    failure never leaves a record pointing at deleted bytes."""
    doomed = _destroy(actor, disposal, today or today_local())
    store = blob_store()
    for sha in sorted(doomed):
        try:
            store.delete(sha)
        except BlobNotFound:
            continue
        except StorageError as exc:
            log.warning("disposal %s: blob %s left for storage gc: %s", disposal.id, sha, exc)
    return disposal
