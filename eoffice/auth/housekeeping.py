"""Keeping the account tables small: sessions that ended (or expired) long ago and old login
attempts are deleted by the worker, daily.

Login attempts are the security log and the throttle's memory: the throttle reads the last 24 h
of failures and the last TRUSTED_DAYS of successes per account and address, so the retention
(EOFFICE_LOGIN_LOG_RETENTION_DAYS) is never shorter than that, whatever is configured.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_

from eoffice.auth.models import LoginAttempt, UserSession
from eoffice.auth.throttle import TRUSTED_DAYS
from eoffice.db import db, utcnow
from eoffice.outbox.schedule import periodic

ENDED_SESSION_DAYS = 30  # an ended session stays visible in the user's session list this long


def drop_old_sessions_and_attempts() -> tuple[int, int]:
    """Delete sessions ended or expired more than ENDED_SESSION_DAYS ago and login attempts past
    the retention; commit; return (sessions, attempts) deleted."""
    from eoffice import current_settings

    now = utcnow()
    session_cutoff = now - timedelta(days=ENDED_SESSION_DAYS)
    sessions = db.session.execute(delete(UserSession).where(
        or_(UserSession.ended_at < session_cutoff, UserSession.expires_at < session_cutoff)
    ).execution_options(synchronize_session=False)).rowcount or 0
    keep_days = max(current_settings().login_log_retention_days, TRUSTED_DAYS + 1)
    attempts = db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.at < now - timedelta(days=keep_days)
    ).execution_options(synchronize_session=False)).rowcount or 0
    db.session.commit()
    return sessions, attempts


periodic("auth.drop_old_sessions_and_attempts", 24 * 3600, drop_old_sessions_and_attempts)
