"""Browser sessions that the server can end.

Flask keeps its session in a signed cookie: the server cannot take back a cookie it signed, so a
copy saved before logging out would keep working until it expired. Each sign-in therefore
creates a `UserSession` row; the cookie carries the row's random secret (the database only
its SHA-256), and every request looks the row up. Ending the row ends the session everywhere.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from eoffice import current_settings
from eoffice.auth.models import User, UserSession
from eoffice.db import db, utcnow

# The key under which the Flask session holds the secret.
SESSION_KEY = "_eo_session"
# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start(user: User, ip_address: str, user_agent: str) -> str:
    """Open a session for a user who just proved who they are; return the cookie's secret."""
    now = utcnow()
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        user_id=user.id, secret_hash=_digest(secret), created_at=now, last_seen_at=now,
        expires_at=now + timedelta(hours=current_settings().session_hours),
        ip_address=ip_address[:64], user_agent=(user_agent or "")[:200],
    ))
    db.session.commit()
    return secret


def find(secret: Optional[str]) -> Optional[UserSession]:
    if not secret:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.secret_hash == _digest(secret)))


def load_user(user_id: str, secret: Optional[str]) -> Optional[User]:
    """The user of a live session: not ended, not expired, of this user, account enabled.

    Every request asks this first, and nearly every page then reads the user's roles and
    units (menu, permissions): one query brings the session, the user, their role grants and
    memberships together instead of four round trips.
    """
    if not secret:
        return None
    record = db.session.scalars(
        select(UserSession).where(UserSession.secret_hash == _digest(secret))
        .options(joinedload(UserSession.user).options(joinedload(User.role_grants), joinedload(User.memberships)))
    ).unique().first()
    now = utcnow()
    if record is None or record.ended_at is not None or record.expires_at <= now:
        return None
    if str(record.user_id) != str(user_id) or not record.user.is_enabled:
        return None
    if now - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now
        db.session.commit()
    return record.user


def end(secret: Optional[str], reason: str) -> None:
    """End one session (the caller commits)."""
    record = find(secret)
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason


def end_all(user: User, reason: str, keep_secret: Optional[str] = None) -> int:
    """End every live session of a user, except the one holding `keep_secret` (the caller
    commits); return how many were ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_secret:
        query = query.where(UserSession.secret_hash != _digest(keep_secret))
    result = db.session.execute(query.values(ended_at=utcnow(), end_reason=reason).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def live_count(user: User) -> int:
    now = utcnow()
    return len(list(db.session.scalars(
        select(UserSession.id).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.expires_at > now)
    )))
