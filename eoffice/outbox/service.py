"""Writing events (inside the caller's transaction) and draining them (in the worker).

Handlers are registered per topic. A handler that raises leaves its event pending with an
exponential backoff; events for the same key are handled once per batch (the handler reads the
current state from the database, so the last write wins and nothing is lost).
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta
from typing import Any, Callable, Optional

from sqlalchemy import or_, select, update

from eoffice.db import db, utcnow
from eoffice.outbox.models import OutboxEvent

log = logging.getLogger(__name__)

Handler = Callable[[list[OutboxEvent]], None]
_HANDLERS: dict[str, Handler] = {}
MAX_BACKOFF = timedelta(hours=1)


def handler(topic: str) -> Callable[[Handler], Handler]:
    """Register the function that carries out every event of `topic` (a batch at a time)."""

    def decorator(fn: Handler) -> Handler:
        _HANDLERS[topic] = fn
        return fn

    return decorator


def emit(topic: str, key: str = "", payload: Optional[dict[str, Any]] = None) -> None:
    """Add an event to the current transaction; it exists only if the transaction commits."""
    db.session.add(OutboxEvent(topic=topic, key=key, payload=payload or {}))


def pending_count() -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count(OutboxEvent.id)).where(OutboxEvent.processed_at.is_(None))) or 0


def worker_name() -> str:
    """Who claims events: host and process, as an operator reading the table wants to see."""
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


def _claim(batch_size: int, lease: timedelta) -> str:
    """Claim up to `batch_size` due events for this worker in one short transaction; return
    the claim's token. Another worker skips them until the lease runs out, which is also how
    the events of a worker killed halfway reach another one.

    The UPDATE repeats the "not claimed" condition, so two workers racing for the same rows
    (SQLite has no SKIP LOCKED) cannot both win them; PostgreSQL skips rows another worker
    is claiming at that moment instead of waiting for it.
    """
    now = utcnow()
    token = f"{worker_name()}:{secrets.token_hex(4)}"
    unclaimed = or_(OutboxEvent.claimed_until.is_(None), OutboxEvent.claimed_until < now)
    due = (
        select(OutboxEvent.id)
        .where(OutboxEvent.processed_at.is_(None), OutboxEvent.available_at <= now, unclaimed)
        .order_by(OutboxEvent.id)
        .limit(batch_size)
    )
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    if ids:
        db.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids), OutboxEvent.processed_at.is_(None), unclaimed)
            .values(claimed_by=token, claimed_until=now + lease)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return token


def drain(batch_size: Optional[int] = None, lease: Optional[timedelta] = None) -> int:
    """Handle up to `batch_size` due events; return how many were completed.

    Events are claimed first and committed as claimed (`_claim`), so a handler may commit its
    own work as it goes without another worker taking the same events. Each topic's outcome
    is committed on its own: one failing topic does not undo the others.
    """
    from eoffice import current_settings

    settings = current_settings()
    token = _claim(batch_size or settings.outbox_batch_size, lease or timedelta(seconds=settings.outbox_lease_seconds))
    events = list(db.session.scalars(select(OutboxEvent).where(OutboxEvent.claimed_by == token).order_by(OutboxEvent.id)))
    if not events:
        db.session.rollback()
        return 0
    by_topic: dict[str, list[OutboxEvent]] = {}
    for event in events:
        by_topic.setdefault(event.topic, []).append(event)
    done = 0
    for topic, topic_events in by_topic.items():
        fn = _HANDLERS.get(topic)
        try:
            if fn is None:
                raise RuntimeError(f"Không có bộ xử lý cho loại sự kiện '{topic}'.")
            fn(topic_events)
        except Exception as exc:  # noqa: BLE001 - every failure is retried later
            log.warning("outbox topic %s failed: %s", topic, exc)
            db.session.rollback()
            for event in topic_events:
                if event.processed_at is not None:  # the handler finished and committed this one
                    continue
                event.attempts += 1
                event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                delay = min(timedelta(seconds=2 ** min(event.attempts, 12)), MAX_BACKOFF)
                event.available_at = utcnow() + delay
                event.claimed_until = None
        else:
            for event in topic_events:
                event.processed_at = event.processed_at or utcnow()
                event.last_error = None
                event.claimed_until = None
            done += len(topic_events)
        db.session.commit()
    return done


def purge_processed(older_than: timedelta = timedelta(days=7)) -> int:
    """Delete handled events older than the given age (the audit log keeps the history)."""
    from sqlalchemy import delete

    result = db.session.execute(
        delete(OutboxEvent).where(OutboxEvent.processed_at.is_not(None), OutboxEvent.processed_at < utcnow() - older_than)
    )
    db.session.commit()
    return result.rowcount or 0
