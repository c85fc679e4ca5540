"""Sign-in throttling computed from the login-attempt log.

Why this shape:
- Per (account, address) pair, not per account: an attacker's wrong guesses slow down the
  attacker's own address only, so nobody can lock a colleague (or the chairman) out by typing
  their username wrong five times, and the real user signing in from another machine is not
  affected.
- Per pair, not per address: a whole office behind one NAT address is not locked out because
  one person forgot their password.
- An exponential wait (after `login_max_failures` failures: `login_delay_seconds`, doubling
  with each further failure, capped at `login_lockout_minutes`) rather than a lockout: a
  person who mistypes waits seconds, a guesser gets about a hundred tries a day per pair.
- The username is taken as typed, whether or not such an account exists, so the answer is the
  same for known and unknown usernames and reveals nothing.
- Attempts refused while throttled are logged (reason `throttled` / `ip_throttled`) but are
  not failures: hammering the form does not lengthen the wait.
- An address guessing across many accounts (wrong passwords for `ip_max_failures` different
  usernames within `login_lockout_minutes`) is throttled as a whole, except for accounts that signed in
  successfully from that address in the last `TRUSTED_DAYS` days: the office keeps working.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Optional

from sqlalchemy import func, select

from eoffice.auth.models import LoginAttempt
from eoffice.db import db

# Reasons that count as a wrong guess; the rest (throttled, disabled, success) do not.
FAILURE_REASONS = ("bad_password", "unknown_user", "bad_current_password")
# Consecutive failures of a pair are counted over this window at most.
FAILURE_WINDOW = timedelta(hours=24)
TRUSTED_DAYS = 30


@dataclass(frozen=True)
class Throttle:
    until: datetime
    failures: int


def wait_after(failures: int, settings: Any) -> timedelta:
    """The wait a pair owes after `failures` consecutive failures (zero below the threshold)."""
    if failures < settings.login_max_failures:
        return timedelta(0)
    exponent = min(failures - settings.login_max_failures, 30)
    seconds = min(settings.login_delay_seconds * 2 ** exponent, settings.login_lockout_minutes * 60)
    return timedelta(seconds=seconds)


def _pair_failures(username: str, ip_address: str, since: datetime) -> list[datetime]:
    last_success = db.session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.ip_address == ip_address, LoginAttempt.succeeded.is_(True),
        )
    )
    if last_success is not None and last_success > since:
        since = last_success
    return list(db.session.scalars(
        select(LoginAttempt.at).where(
            LoginAttempt.username == username, LoginAttempt.ip_address == ip_address,
            LoginAttempt.reason.in_(FAILURE_REASONS), LoginAttempt.at > since,
        ).order_by(LoginAttempt.at.desc())
    ))


def pair_throttle(username: str, ip_address: str, now: datetime, settings: Any,
                  reset_at: Optional[datetime] = None) -> Optional[Throttle]:
    """The wait in force for this (username, address), if any.

    Failures before the last success of the pair, before `reset_at` (the account's last
    password change) or older than FAILURE_WINDOW are forgotten.
    """
    since = now - FAILURE_WINDOW
    if reset_at is not None and reset_at > since:
        since = reset_at
    failures = _pair_failures(username, ip_address, since)
    if not failures:
        return None
    until = failures[0] + wait_after(len(failures), settings)
    return Throttle(until, len(failures)) if until > now else None


def pair_failure_count(username: str, ip_address: str, now: datetime, reset_at: Optional[datetime] = None) -> int:
    since = now - FAILURE_WINDOW
    if reset_at is not None and reset_at > since:
        since = reset_at
    return len(_pair_failures(username, ip_address, since))


def address_throttle(ip_address: str, now: datetime, settings: Any) -> Optional[Throttle]:
    """The wait in force for an address guessing across accounts, if any.

    Counted in different usernames, not in failures: one person retrying their own password
    is handled by the pair's wait and never throttles the colleagues behind the same address.
    """
    window = timedelta(minutes=settings.login_lockout_minutes)
    latest = func.max(LoginAttempt.at)
    recent = list(db.session.execute(
        select(LoginAttempt.username, latest).where(
            LoginAttempt.ip_address == ip_address, LoginAttempt.reason.in_(FAILURE_REASONS),
            LoginAttempt.at >= now - window,
        ).group_by(LoginAttempt.username).order_by(latest.desc()).limit(settings.ip_max_failures)
    ))
    if len(recent) < settings.ip_max_failures:
        return None
    # Lifted when the oldest of those accounts' last failures leaves the window.
    return Throttle(recent[-1][1] + window, len(recent))


def trusted_pair(username: str, ip_address: str, now: datetime) -> bool:
    """Has this account signed in from this address recently?"""
    return db.session.scalar(
        select(LoginAttempt.id).where(
            LoginAttempt.username == username, LoginAttempt.ip_address == ip_address,
            LoginAttempt.succeeded.is_(True), LoginAttempt.at >= now - timedelta(days=TRUSTED_DAYS),
        ).limit(1)
    ) is not None
