"""Account rules: signing in with throttling, sessions, passwords, managing users, roles and tokens.

Services take an `Actor`, check permissions, change the database in one transaction and
write the audit entry in that same transaction.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Iterable, Optional

from sqlalchemy import func, select

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth import passwords, sessions, throttle
from eoffice.auth.models import ApiToken, LoginAttempt, Membership, RoleGrant, User
from eoffice.auth.throttle import Throttle
from eoffice.auth.permissions import authorize
from eoffice.auth.roles import Role
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import Conflict, NotFound, ServiceError
from eoffice.org.models import Unit
from eoffice.text import nfc

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
TOKEN_PREFIX = "eot_"


class LoginFailed(ServiceError):
    status = 401


class Throttled(LoginFailed):
    """Too many wrong passwords from this (account, address): wait, then try again."""

    status = 429


def normalize_username(raw: str) -> str:
    return nfc(raw).lower()


# --- Signing in ------------------------------------------------------------------------------
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (chú ý bộ gõ tiếng Việt và phím Caps Lock)."


def _throttled(wait: Throttle) -> Throttled:
    """One message whether or not the username exists, and whatever kind of wait it is."""
    local = wait.until.astimezone(_tz()).strftime("%H:%M:%S")
    return Throttled(
        "throttled",
        f"Đã nhập sai nhiều lần nên tạm dừng đăng nhập từ máy này đến {local}. Hãy chờ rồi thử lại; "
        "nếu quên mật khẩu, hãy nhờ quản trị hệ thống của cơ quan đặt lại.",
    )


def authenticate(username: str, password: str, ip_address: str) -> User:
    """Return the user or raise LoginFailed; every attempt is logged (see eoffice.auth.throttle)."""
    settings = current_settings()
    now = utcnow()
    username = normalize_username(username)
    user = db.session.scalar(select(User).where(User.username == username))
    reset_at = user.password_changed_at if user is not None else None

    waiting, reason = throttle.pair_throttle(username, ip_address, now, settings, reset_at), "throttled"
    address_wait = throttle.address_throttle(ip_address, now, settings) if waiting is None else None
    if address_wait is not None and not throttle.trusted_pair(username, ip_address, now):
        waiting, reason = address_wait, "ip_throttled"
    if waiting is not None:
        # Refused without looking at the password, and not counted as a failure.
        _log_attempt(username, ip_address, False, reason, now)
        db.session.commit()
        raise _throttled(waiting)

    if not passwords.verify_password(user.password_hash if user else None, password):
        _log_attempt(username, ip_address, False, "unknown_user" if user is None else "bad_password", now)
        db.session.flush()
        _audit_if_throttled(username, ip_address, user, now, settings)
        db.session.commit()
        if address_wait is not None:
            # An account trusted at a throttled address gets the same answer as any other:
            # only the right password tells them apart.
            raise _throttled(address_wait)
        raise LoginFailed("bad_credentials", BAD_CREDENTIALS)

    assert user is not None
    if not user.is_enabled:
        _log_attempt(username, ip_address, False, "disabled", now)
        db.session.commit()
        raise LoginFailed(
            "account_disabled",
            "Tài khoản này đã bị vô hiệu hóa. Liên hệ quản trị hệ thống của cơ quan để được mở lại.",
        )

    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash) or passwords.normalize(password) != password:
        user.password_hash = passwords.hash_password(password)
    _log_attempt(username, ip_address, True, "", now)
    audit.record(Actor(user, ip_address), "auth.login", "user", user.id, {})
    db.session.commit()
    return user


def _audit_if_throttled(username: str, ip_address: str, user: Optional[User], now: datetime, settings) -> None:  # type: ignore[no-untyped-def]
    """A failure that starts or lengthens a wait goes into the audit log (the security trail)."""
    failures = throttle.pair_failure_count(username, ip_address, now, user.password_changed_at if user else None)
    wait = throttle.wait_after(failures, settings)
    if wait:
        audit.record(
            Actor.system(), "auth.throttle", "user", user.id if user else "",
            {"username": username, "ip": ip_address, "failures": failures, "wait_seconds": int(wait.total_seconds())},
        )


def start_session(user: User, ip_address: str, user_agent: str) -> str:
    """A server-side session for a user who just signed in; returns the secret for the cookie."""
    return sessions.start(user, ip_address, user_agent)


def load_session_user(user_id: str, secret: Optional[str]) -> Optional[User]:
    """Flask-Login loader: only a live server-side session counts, not merely a signed cookie."""
    return sessions.load_user(user_id, secret)


def record_logout(actor: Actor, secret: Optional[str]) -> None:
    """End this browser's session on the server, so a saved copy of the cookie is worthless."""
    sessions.end(secret, "logout")
    if actor.user is not None:
        audit.record(actor, "auth.logout", "user", actor.user.id, {})
    db.session.commit()


def _log_attempt(username: str, ip: str, ok: bool, reason: str, at: datetime) -> None:
    db.session.add(LoginAttempt(username=username[:64], ip_address=ip[:64], succeeded=ok, reason=reason, at=at))


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo(current_settings().timezone)


def _check_password(password: str, username: str, full_name: str) -> None:
    try:
        passwords.check_policy(
            password, username=username, full_name=full_name, min_length=current_settings().password_min_length,
        )
    except passwords.WeakPassword as exc:
        raise ServiceError("weak_password", exc.message) from exc


# --- Managing users --------------------------------------------------------------------------
def get_user(user_id: int) -> User:
    return get_or_not_found(User, user_id, "người dùng")


def find_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise NotFound(f"người dùng '{username}'")
    return user


def create_user(
    actor: Actor,
    *,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    unit_id: Optional[int] = None,
    position: str = "",
    roles: Iterable[Role] = (),
) -> User:
    authorize(actor, "admin.users.manage")
    username = normalize_username(username)
    full_name = nfc(full_name)
    if not USERNAME_PATTERN.match(username):
        raise ServiceError(
            "invalid_username",
            "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang (2–64 ký tự), ví dụ: nguyenvana.",
        )
    if not full_name:
        raise ServiceError("missing_full_name", "Hãy nhập họ và tên đầy đủ.")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("duplicate_username", f"Tên đăng nhập '{username}' đã có người dùng. Hãy chọn tên khác.")
    _check_password(password, username, full_name)
    user = User(
        username=username,
        full_name=full_name,
        email=(email or "").strip() or None,
        phone=(phone or "").strip() or None,
        password_hash=passwords.hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    if unit_id is not None:
        _add_membership(user, unit_id, position, primary=True)
    for role in roles:
        _grant(user, Role(role), None)
    audit.record(
        actor, "user.create", "user", user.id,
        {"after": {"username": username, "full_name": full_name, "unit_id": unit_id, "roles": sorted(r.value for r in user.roles)}},
    )
    db.session.commit()
    return user


def update_user(actor: Actor, user: User, *, full_name: str, email: str, phone: str) -> User:
    authorize(actor, "admin.users.manage")
    before = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    full_name = nfc(full_name)
    if not full_name:
        raise ServiceError("missing_full_name", "Hãy nhập họ và tên đầy đủ.")
    user.full_name = full_name
    user.email = (email or "").strip() or None
    user.phone = (phone or "").strip() or None
    audit.record(actor, "user.update", "user", user.id,
                 {"before": before, "after": {"full_name": user.full_name, "email": user.email, "phone": user.phone}})
    db.session.commit()
    return user


def set_enabled(actor: Actor, user: User, enabled: bool) -> User:
    """Disable or re-enable; disabling ends every session and keeps all history."""
    authorize(actor, "admin.users.manage")
    if not enabled and actor.user is not None and actor.user.id == user.id:
        raise ServiceError("cannot_disable_self", "Bạn không thể tự vô hiệu hóa tài khoản đang dùng.")
    if user.is_enabled == enabled:
        return user
    user.is_enabled = enabled
    if not enabled:
        sessions.end_all(user, "disabled")
    for token in user_tokens(user):
        if not enabled and token.revoked_at is None:
            token.revoked_at = utcnow()
    audit.record(actor, "user.enable" if enabled else "user.disable", "user", user.id, {"username": user.username})
    db.session.commit()
    return user


def reset_password(actor: Actor, user: User, new_password: str) -> None:
    """An administrator (or the CLI) sets a new password: every session of the user ends, and
    earlier failed sign-ins stop slowing the account down. Users change their own password
    with `change_own_password`, which asks for the current one."""
    authorize(actor, "admin.users.manage")
    _check_password(new_password, user.username, user.full_name)
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    ended = sessions.end_all(user, "password_reset")
    audit.record(actor, "user.reset_password", "user", user.id, {"username": user.username, "sessions_ended": ended})
    db.session.commit()


def change_own_password(actor: Actor, current_password: str, new_password: str, keep_secret: Optional[str] = None) -> int:
    """A user changes their own password; every other session of theirs ends (the one holding
    `keep_secret`, the browser they are using, stays). Returns how many sessions ended.

    A wrong current password counts as a failed sign-in of (account, address), so a stolen
    session cannot be used to guess the password faster than the login page allows.
    """
    user = actor.user
    if user is None:
        raise ServiceError("not_signed_in", "Hãy đăng nhập trước khi đổi mật khẩu.")
    settings = current_settings()
    now = utcnow()
    waiting = throttle.pair_throttle(user.username, actor.ip_address, now, settings, user.password_changed_at)
    if waiting is not None:
        _log_attempt(user.username, actor.ip_address, False, "throttled", now)
        db.session.commit()
        raise _throttled(waiting)
    if not passwords.verify_password(user.password_hash, current_password):
        _log_attempt(user.username, actor.ip_address, False, "bad_current_password", now)
        db.session.flush()
        _audit_if_throttled(user.username, actor.ip_address, user, now, settings)
        db.session.commit()
        raise ServiceError("wrong_current_password", "Mật khẩu hiện tại không đúng. Hãy nhập lại mật khẩu bạn đang dùng để đăng nhập.")
    if passwords.normalize(new_password) == passwords.normalize(current_password):
        raise ServiceError("same_password", "Mật khẩu mới phải khác mật khẩu hiện tại.")
    _check_password(new_password, user.username, user.full_name)
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = now
    ended = sessions.end_all(user, "password_changed", keep_secret=keep_secret)
    audit.record(actor, "user.change_password", "user", user.id, {"sessions_ended": ended})
    db.session.commit()
    return ended


def grant_role(actor: Actor, user: User, role: Role, unit_id: Optional[int] = None) -> RoleGrant:
    authorize(actor, "admin.users.manage")
    grant = _grant(user, role, unit_id)
    audit.record(actor, "user.grant_role", "user", user.id, {"role": role.value, "unit_id": unit_id})
    db.session.commit()
    return grant


def revoke_role(actor: Actor, user: User, role: Role, unit_id: Optional[int] = None) -> None:
    authorize(actor, "admin.users.manage")
    for grant in list(user.role_grants):
        if grant.role == role.value and grant.unit_id == unit_id:
            if role is Role.ADMIN and _is_last_admin(user):
                raise ServiceError("last_admin", "Không thể bỏ vai trò quản trị của quản trị viên cuối cùng.")
            user.role_grants.remove(grant)
            audit.record(actor, "user.revoke_role", "user", user.id, {"role": role.value, "unit_id": unit_id})
            db.session.commit()
            return
    raise NotFound(f"vai trò '{role.label}' của người dùng này")


def add_membership(actor: Actor, user: User, unit_id: int, position: str, primary: bool = False) -> Membership:
    authorize(actor, "admin.users.manage")
    membership = _add_membership(user, unit_id, position, primary)
    audit.record(actor, "user.add_membership", "user", user.id, {"unit_id": unit_id, "position": position})
    db.session.commit()
    return membership


def remove_membership(actor: Actor, user: User, unit_id: int) -> None:
    authorize(actor, "admin.users.manage")
    for membership in list(user.memberships):
        if membership.unit_id == unit_id:
            user.memberships.remove(membership)
            audit.record(actor, "user.remove_membership", "user", user.id, {"unit_id": unit_id})
            db.session.commit()
            return
    raise NotFound("đơn vị công tác này của người dùng")


def _add_membership(user: User, unit_id: int, position: str, primary: bool) -> Membership:
    unit = get_or_not_found(Unit, unit_id, "đơn vị")
    if not unit.is_active:
        raise ServiceError("unit_inactive", f"Đơn vị '{unit.name}' đã ngừng hoạt động; hãy chọn đơn vị khác.")
    if any(m.unit_id == unit_id for m in user.memberships):
        raise Conflict("duplicate_membership", f"Người dùng đã thuộc đơn vị '{unit.name}'.")
    if primary:
        for m in user.memberships:
            m.is_primary = False
    membership = Membership(unit_id=unit_id, position=nfc(position), is_primary=primary or not user.memberships)
    user.memberships.append(membership)
    db.session.flush()
    return membership


def _grant(user: User, role: Role, unit_id: Optional[int]) -> RoleGrant:
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise NotFound("đơn vị")
    for grant in user.role_grants:
        if grant.role == role.value and grant.unit_id == unit_id:
            return grant
    grant = RoleGrant(role=role.value, unit_id=unit_id)
    user.role_grants.append(grant)
    db.session.flush()
    return grant


def _is_last_admin(user: User) -> bool:
    admins = db.session.scalar(
        select(func.count(func.distinct(RoleGrant.user_id)))
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == Role.ADMIN.value, User.is_enabled.is_(True))
    )
    return admins <= 1 and Role.ADMIN in user.roles


# --- API tokens ------------------------------------------------------------------------------
def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(actor: Actor, user: User, name: str, expires_in_days: Optional[int] = None) -> tuple[str, ApiToken]:
    """Return the plaintext token (shown once) and its stored record (hash only)."""
    authorize(actor, "account.tokens.manage", None)
    if actor.user is not None and actor.user.id != user.id:
        authorize(actor, "admin.users.manage")
    name = nfc(name)
    if not name:
        raise ServiceError("missing_token_name", "Hãy đặt tên cho khóa API (ví dụ: 'Kết nối cổng dịch vụ công').")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ServiceError("bad_expiry", "Thời hạn khóa API phải từ 1 đến 3650 ngày.")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name[:120],
        prefix=plaintext[:12],
        token_hash=_token_digest(plaintext),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "token.create", "api_token", token.id, {"user_id": user.id, "name": token.name})
    db.session.commit()
    return plaintext, token


def revoke_token(actor: Actor, token: ApiToken) -> None:
    authorize(actor, "account.tokens.manage", token)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor, "token.revoke", "api_token", token.id, {"user_id": token.user_id, "name": token.name})
        db.session.commit()


def user_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def get_token(token_id: int) -> ApiToken:
    return get_or_not_found(ApiToken, token_id, "khóa API")


def user_for_token(plaintext: str) -> Optional[User]:
    """The enabled user behind a valid, unrevoked, unexpired token; None otherwise."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(plaintext)))
    now = utcnow()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_enabled:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
        db.session.commit()
    return token.user
