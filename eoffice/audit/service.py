"""Writing, sealing and verifying the audit chain.

**Writing takes no lock.** Every state change calls `record` inside the same transaction as the
change itself, so an entry exists exactly when the change was committed. `record` only inserts
a row with the entry's content and its *content hash* (SHA-256 of the content); it touches no
shared row, so concurrent transactions never queue behind each other on the audit log (the old
design locked one head row on every change: all writes in the office were serialised).

**Sealing chains the entries afterwards.** `seal` — a periodic job of the worker, every second —
takes the committed entries that have no sequence number yet, in insertion order, and gives each
the next contiguous `seq`, the previous sealed entry's hash as `prev_hash`, and `hash` =
SHA-256 over its content, `seq` and `prev_hash` (the same formula as before the sealer existed,
so old entries verify unchanged). The head row (`audit_head`) holds the last sealed `seq` and
hash. Only one sealer works at a time, also with several workers on a cluster: on PostgreSQL it
holds a transaction-level advisory lock (`pg_try_advisory_xact_lock`; a second worker skips its
turn instead of waiting), and on both databases the head is moved with a compare-and-set
(`UPDATE … WHERE last_seq = <what I read>`) and `seq` is unique, so two sealers can never both
extend the chain. An entry whose transaction commits late is simply sealed in a later round:
chain order is sealing order, not `at` order.

**Verifying** (`eoffice audit verify`) walks the sealed entries by `seq` and names the first
entry that is missing (a gap in `seq`), out of place (its `prev_hash` is not the previous
entry's hash: reordered or replaced) or edited (its content no longer gives its hash or its
content hash); then compares the head row, which catches removal of the newest entries. Entries
not yet sealed are checked against their own content hash; the report flags those older than
`UNSEALED_GRACE` as "not yet sealed" (the worker is not running), because until sealed an entry
could be deleted without a trace. As with any hash chain without a secret, someone who can
rewrite the database *and* recompute every later hash and the head defeats it; what the chain
guarantees is that no edit, removal or reordering goes unnoticed without that.

**No free text of the work is copied into an entry** (`record(text=...)`): a comment, a steering
opinion or a reason is stored only as its SHA-256 and length, so the audit log — read by
administrators — never shows words that only the work's readers may read; the work's own
processing history keeps the text (and its fingerprint here proves it was not changed later).
For confidential work (`confidential=True`) every text value of the summary is reduced the same
way, leaving ids, numbers and flags.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Optional

from sqlalchemy import bindparam, select, text as sql_text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from eoffice.actor import Actor
from eoffice.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from eoffice.db import db, utcnow
from eoffice.outbox.schedule import periodic

log = logging.getLogger(__name__)

SEAL_LOCK_KEY = 0x0E0FF1CE_A0D17  # pg advisory lock id of the sealer (any constant bigint)
SEAL_BATCH = 2000
SEAL_EVERY_SECONDS = 1.0
UNSEALED_GRACE = timedelta(minutes=10)


# --- Hashes ------------------------------------------------------------------------------------
def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _content(
    *, at: datetime, actor_id: Optional[int], actor_name: str, ip_address: str, action: str,
    object_type: str, object_id: str, summary: dict[str, Any],
) -> dict[str, Any]:
    return {
        "at": at.isoformat(timespec="microseconds"), "actor_id": actor_id, "actor_name": actor_name,
        "ip": ip_address, "action": action, "object_type": object_type, "object_id": object_id, "summary": summary,
    }


def content_hash(
    *, at: datetime, actor_id: Optional[int], actor_name: str, ip_address: str, action: str,
    object_type: str, object_id: str, summary: dict[str, Any],
) -> str:
    """The entry's own hash, written with it: checks an entry before the sealer has chained it."""
    return hashlib.sha256(_canonical(_content(
        at=at, actor_id=actor_id, actor_name=actor_name, ip_address=ip_address, action=action,
        object_type=object_type, object_id=object_id, summary=summary,
    ))).hexdigest()


def entry_hash(
    *, seq: int, at: datetime, actor_id: Optional[int], actor_name: str, ip_address: str, action: str,
    object_type: str, object_id: str, summary: dict[str, Any], prev_hash: str,
) -> str:
    """The chain hash: the content, the position and the previous entry's hash."""
    content = _content(at=at, actor_id=actor_id, actor_name=actor_name, ip_address=ip_address, action=action,
                       object_type=object_type, object_id=object_id, summary=summary)
    return hashlib.sha256(_canonical({**content, "seq": seq, "prev": prev_hash})).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return dict(at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name, ip_address=entry.ip_address,
                action=entry.action, object_type=entry.object_type, object_id=entry.object_id, summary=entry.summary)


# --- Writing -----------------------------------------------------------------------------------
def fingerprint(text: str) -> dict[str, Any]:
    """What the audit log keeps of a free text: enough to prove it unchanged, nothing to read."""
    return {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "length": len(text)}


def _without_text(value: Any) -> Any:
    if isinstance(value, str):
        return fingerprint(value) if value else value
    if isinstance(value, dict):
        return {k: _without_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_text(v) for v in value]
    return value


def record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    summary: Optional[dict[str, Any]] = None,
    *,
    text: str = "",
    confidential: bool = False,
) -> AuditEntry:
    """Add an entry to the caller's transaction (the caller commits); takes no lock.

    `text` is the free text of the change (a comment, an opinion, a reason): only its
    fingerprint is kept (`summary["text"]`). With `confidential`, every text value of `summary`
    is reduced to its fingerprint too, so nothing of confidential work is readable here.
    """
    summary = json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str))
    if confidential:
        summary = {**_without_text(summary), "confidential": True}
    if text:
        summary["text"] = fingerprint(text)
    values = dict(
        at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.name,
        ip_address=actor.ip_address or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        summary=summary,
    )
    entry = AuditEntry(**values, content_hash=content_hash(**values))
    db.session.add(entry)
    return entry


# --- Sealing -----------------------------------------------------------------------------------
def seal(batch_size: int = SEAL_BATCH) -> int:
    """Chain every committed entry not yet sealed; return how many were sealed.

    Commits its own transactions (call it outside a unit of work, as the worker does). Returns 0
    without waiting when another sealer is at work.
    """
    total = 0
    while True:
        try:
            sealed = _seal_batch(batch_size)
        except (IntegrityError, OperationalError) as exc:  # another sealer won the race, or SQLite is busy
            db.session.rollback()
            log.info("audit sealing skipped this round: %s", exc.__class__.__name__)
            return total
        total += sealed
        if sealed < batch_size:
            return total


def _seal_batch(batch_size: int) -> int:
    session = db.session
    if db.engine.dialect.name == "postgresql":
        if not session.scalar(sql_text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": SEAL_LOCK_KEY}):
            session.rollback()
            return 0
    head = session.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one_or_none()
    if head is None:
        session.add(AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH))
        session.flush()  # a concurrent first sealer makes this fail: it will seal instead
        last_seq, last_hash = 0, GENESIS_HASH
    else:
        last_seq, last_hash = head.last_seq, head.last_hash
    rows = session.execute(
        select(AuditEntry).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id).limit(batch_size)
        .execution_options(populate_existing=True)
    ).scalars().all()
    if not rows:
        session.rollback()
        return 0
    updates = []
    seq, prev = last_seq, last_hash
    for entry in rows:
        seq += 1
        digest = entry_hash(seq=seq, prev_hash=prev, **_fields(entry))
        updates.append({"b_id": entry.id, "b_seq": seq, "b_prev": prev, "b_hash": digest})
        prev = digest
    moved = session.execute(
        update(AuditHead).where(AuditHead.id == 1, AuditHead.last_seq == last_seq).values(last_seq=seq, last_hash=prev)
    ).rowcount
    if moved != 1:  # another sealer moved the head since we read it
        session.rollback()
        return 0
    table = AuditEntry.__table__
    session.connection().execute(
        update(table).where(table.c.id == bindparam("b_id"), table.c.seq.is_(None))
        .values(seq=bindparam("b_seq"), prev_hash=bindparam("b_prev"), hash=bindparam("b_hash")),
        updates,
    )
    session.commit()
    session.expire_all()
    return len(rows)


periodic("audit.seal", SEAL_EVERY_SECONDS, seal)


# --- Verifying ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: Optional[int] = None
    problem: str = ""
    first_bad_label: str = ""  # "bản ghi số 3", or an unsealed entry by its id
    unsealed: int = 0
    stale_unsealed: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        """The one-paragraph Vietnamese report `eoffice audit verify` prints."""
        if self.ok:
            text = f"Nhật ký toàn vẹn: đã kiểm tra {self.checked} bản ghi."
            if self.unsealed:
                text += f" {self.unsealed} bản ghi mới chưa niêm phong vào chuỗi; nội dung của chúng vẫn khớp."
        else:
            text = (f"Nhật ký bị can thiệp tại {self.first_bad_label or f'bản ghi số {self.first_bad_seq}'}: "
                    f"{self.problem}. ({self.checked} bản ghi trước đó vẫn toàn vẹn.)")
        return " ".join([text, *self.notes])


def _unsealed_label(entry: AuditEntry) -> str:
    return f"bản ghi chưa niêm phong mã {entry.id} ({entry.action}, {entry.at:%d/%m/%Y %H:%M:%S} UTC)"


def verify(entries: Optional[Iterable[AuditEntry]] = None) -> VerifyResult:
    """Recompute the chain from the first entry and check the unsealed ones; stop at the first mismatch."""
    head = db.session.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).one_or_none()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
    if entries is None:
        entries = db.session.execute(
            select(AuditEntry).where(AuditEntry.seq.is_not(None)).order_by(AuditEntry.seq)
        ).scalars().yield_per(1000)
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"thiếu bản ghi số {expected_seq} (đã bị xóa)")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.seq, "liên kết với bản ghi trước không khớp (bị xóa, chèn hoặc đổi thứ tự)")
        if entry_hash(seq=entry.seq, prev_hash=entry.prev_hash, **_fields(entry)) != entry.hash or (
            entry.content_hash is not None and content_hash(**_fields(entry)) != entry.content_hash
        ):
            return VerifyResult(False, checked, entry.seq, "nội dung đã bị sửa sau khi ghi")
        if entry.seq == head_seq and entry.hash != head_hash:
            return VerifyResult(False, checked, entry.seq, "không khớp với đầu chuỗi đã niêm phong")
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    if checked < head_seq:
        return VerifyResult(False, checked, checked + 1, "các bản ghi cuối chuỗi đã bị xóa")
    if head is None and checked:
        return VerifyResult(False, checked, checked, "mất dòng đầu chuỗi (audit_head): không còn kiểm được các bản ghi cuối")
    return _verify_unsealed(checked)


def _verify_unsealed(checked: int) -> VerifyResult:
    stale_before = utcnow() - UNSEALED_GRACE
    unsealed = stale = 0
    rows = db.session.execute(
        select(AuditEntry).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id)
    ).scalars().yield_per(1000)
    for entry in rows:
        if entry.content_hash is None or content_hash(**_fields(entry)) != entry.content_hash:
            return VerifyResult(False, checked, None, "nội dung đã bị sửa sau khi ghi", first_bad_label=_unsealed_label(entry))
        unsealed += 1
        stale += entry.at < stale_before
    notes: tuple[str, ...] = ()
    if stale:
        minutes = int(UNSEALED_GRACE.total_seconds() // 60)
        notes = (f"Cảnh báo: {stale} bản ghi chưa được niêm phong sau hơn {minutes} phút — tiến trình nền "
                 "(eoffice worker) có đang chạy không? Khi chưa niêm phong, việc xóa một bản ghi chưa thể bị phát hiện.",)
    return VerifyResult(True, checked + unsealed, unsealed=unsealed, stale_unsealed=stale, notes=notes)
