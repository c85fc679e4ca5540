"""Recording what happens to a work item: the history users read, the audit entry that makes
it tamper-evident, who may read it now, and the search update — all in the caller's
transaction, for every kind alike."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import delete

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.db import db
from eoffice.indexing import queue_index
from eoffice.work.kinds import kind_of
from eoffice.work.models import Assignment, WorkEvent, WorkItem, WorkReader


def record(
    actor: Actor,
    item: WorkItem,
    kind: str,
    text: str = "",
    *,
    assignment: Optional[Assignment] = None,
    file_id: Optional[int] = None,
    data: Optional[dict[str, Any]] = None,
) -> WorkEvent:
    """Add a history line `kind` (e.g. "routed") to `item` and audit it as `<item kind>.<kind>`."""
    event = WorkEvent(
        work_item_id=item.id,
        assignment_id=assignment.id if assignment else None,
        actor_id=actor.user_id,
        actor_name=actor.name,
        kind=kind,
        text=text,
        file_id=file_id,
        data=data or {},
    )
    db.session.add(event)
    refresh_readers(item)
    # The audit entry keeps a fingerprint of the text, never the text: administrators read the
    # audit log, and only the item's readers may read what was written on it.
    audit.record(actor, f"{item.kind}.{kind}", item.kind, item.id,
                 {"assignment": assignment.id if assignment else None, **(data or {})},
                 text=text, confidential=item.is_confidential)
    queue_index(item.kind, item.id)
    return event


def refresh_readers(item: WorkItem) -> None:
    """Re-materialise who may read the item (see WorkReader) from its kind's rule."""
    db.session.flush()
    db.session.expire(item, ["assignments"])
    db.session.execute(delete(WorkReader).where(WorkReader.work_item_id == item.id))
    for principal in readers_of(item):
        db.session.add(WorkReader(work_item_id=item.id, principal=principal))


def readers_of(item: WorkItem) -> list[str]:
    return sorted(set(kind_of(item).readers(item)))
