"""Writing events (inside the caller's transaction) and draining them (in the worker).

Handlers are registered per topic. A handler that raises leaves its event pending with an
exponential backoff; events for the same key are handled once per batch (the handler reads the
current state from the database, so the last write wins and nothing is lost).
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Callable, Optional

from sqlalchemy import select

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


def drain(batch_size: int = 200) -> int:
    """Handle up to `batch_size` due events; return how many were completed."""
    now = utcnow()
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.processed_at.is_(None), OutboxEvent.available_at <= now)
        .order_by(OutboxEvent.id)
        .limit(batch_size)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    events = list(db.session.scalars(query))
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
            for event in topic_events:
                event.attempts += 1
                event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                delay = min(timedelta(seconds=2 ** min(event.attempts, 12)), MAX_BACKOFF)
                event.available_at = utcnow() + delay
        else:
            for event in topic_events:
                event.processed_at = utcnow()
                event.last_error = None
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
