"""Sending notices: rows for the in-app bell, written in the caller's transaction."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import func, select, update

from eoffice.db import db, utcnow
from eoffice.notify.models import Notification


def notify(user_ids: Iterable[int], kind: str, text: str, link: str = "") -> None:
    for user_id in dict.fromkeys(user_ids):
        db.session.add(Notification(user_id=user_id, kind=kind, text=text[:500], link=link[:300]))


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ) or 0


def recent(user_id: int, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id.desc()).limit(limit)
    ))


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=utcnow())
    )
    db.session.commit()
