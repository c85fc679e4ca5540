"""Writing and verifying the audit chain.

Every state change calls `record` inside the same transaction as the change itself, so an
entry exists exactly when the change was committed. Each entry's hash covers its content and
the previous entry's hash; `verify` recomputes the chain and names the first entry that does
not match (edited, removed or reordered).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from eoffice.db import db, utcnow


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor_id: Optional[int],
    actor_name: str,
    ip_address: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: dict[str, Any],
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        {
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "ip": ip_address,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _lock_head() -> AuditHead:
    head = db.session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH)
        db.session.add(head)
        db.session.flush()
    return head


def record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    summary: Optional[dict[str, Any]] = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction (the caller commits)."""
    head = _lock_head()
    summary = json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str))
    at = utcnow()
    seq = head.last_seq + 1
    values = dict(
        seq=seq,
        at=at,
        actor_id=actor.user_id,
        actor_name=actor.name,
        ip_address=actor.ip_address or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        summary=summary,
        prev_hash=head.last_hash,
    )
    digest = entry_hash(**values)
    entry = AuditEntry(**values, hash=digest)
    db.session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    db.session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: Optional[int] = None
    problem: str = ""


def verify(entries: Optional[Iterable[AuditEntry]] = None) -> VerifyResult:
    """Recompute the chain from the first entry; stop at the first mismatch."""
    if entries is None:
        entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().yield_per(1000)
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"thiếu bản ghi số {expected_seq} (đã bị xóa)")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.seq, "liên kết với bản ghi trước không khớp")
        recomputed = entry_hash(
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_name=entry.actor_name,
            ip_address=entry.ip_address,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            summary=entry.summary,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            return VerifyResult(False, checked, entry.seq, "nội dung đã bị sửa sau khi ghi")
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return VerifyResult(False, checked, checked + 1, "các bản ghi cuối chuỗi đã bị xóa")
    return VerifyResult(True, checked)
