"""Citizen accounts on the public side: register with a phone number or an e-mail and a
password, prove the contact with a one-time code, sign in and out, reset a forgotten password
by code, and see one's own dossiers.

Why this shape:
- One contact per account (phone or e-mail), the one the codes go to and the notices use: an
  account is usable only once that contact is proved, so a dossier's notices never go to an
  address nobody confirmed.
- Codes are six digits, kept as a digest, valid `CODE_MINUTES`, `MAX_ATTEMPTS` wrong tries,
  one use; a new code replaces the old, at most one per `RESEND_SECONDS` and `MAX_CODES_PER_HOUR`
  an hour, so the form cannot be used to flood someone's phone.
- An unverified registration does not hold the contact: registering again with it replaces the
  name and password (only the contact's owner can ever confirm it), so nobody can squat a phone.
- Sessions are rows of their own (`CitizenSession`), never flask-login's: a citizen is never
  `current_user`, so no staff page or API opens for them.
- Wrong passwords and unknown contacts get the same answer, counted per address by the lookup
  throttle's table (its own prefix).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Optional

from sqlalchemy import select, update

from eoffice.auth.passwords import WeakPassword, check_policy, hash_password, verify_password
from eoffice.db import db, utcnow
from eoffice.errors import NotFound, ServiceError
from eoffice.onestop.citizen import Throttled, _Throttle, wait_text
from eoffice.onestop.models import CitizenAccount, CitizenCode, CitizenSession, Dossier
from eoffice.text import nfc
from eoffice.work.unit_of_work import operation

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_CODES_PER_HOUR = 5
SESSION_HOURS = 12
SIGN_IN_THROTTLE = _Throttle(prefix="cd:", max_failures=10, window_seconds=900)
PURPOSES = {"verify": "xác nhận tài khoản", "reset": "đặt lại mật khẩu"}
BAD_SIGN_IN = ("Số điện thoại/thư điện tử hoặc mật khẩu không đúng. Hãy kiểm tra lại, "
               "hoặc chọn «Quên mật khẩu» để đặt lại bằng mã gửi tới số điện thoại/thư điện tử.")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_contact(raw: str) -> tuple[str, str]:
    """('email', 'an@example.vn') or ('phone', '0905123456'); a clear error otherwise.
    Phones are written the Vietnamese way: +84 / 84 becomes 0, spaces and dots are dropped."""
    text = nfc(raw)
    if "@" in text:
        email = text.lower()
        if len(email) > 200 or not _EMAIL.match(email):
            raise ServiceError("bad_contact", f"«{text}» không phải địa chỉ thư điện tử hợp lệ. Hãy nhập lại, ví dụ ten@example.vn.")
        return "email", email
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0[0-9]{9}", digits):
        raise ServiceError("bad_contact", "Hãy nhập số điện thoại di động 10 chữ số (ví dụ 0905 123 456) "
                                          "hoặc một địa chỉ thư điện tử.")
    return "phone", digits


def _by_contact(contact: str) -> Optional[CitizenAccount]:
    kind, value = parse_contact(contact)
    column = CitizenAccount.phone if kind == "phone" else CitizenAccount.email
    return db.session.scalar(select(CitizenAccount).where(column == value))


def _digest(account_id: int, code: str) -> str:
    return hashlib.sha256(f"{account_id}:{code}".encode()).hexdigest()


def _send_code(account: CitizenAccount, purpose: str) -> None:
    """A new code for `purpose`, replacing any unused one, within the resend limits; sent at
    once through the account's channel (inside the caller's unit of work: a channel that fails
    leaves nothing behind)."""
    from eoffice.onestop.notices import ADAPTERS

    now = utcnow()
    sent = list(db.session.scalars(select(CitizenCode.sent_at).where(
        CitizenCode.account_id == account.id, CitizenCode.purpose == purpose,
        CitizenCode.sent_at > now - timedelta(hours=1)).order_by(CitizenCode.sent_at.desc())))
    if sent and sent[0] > now - timedelta(seconds=RESEND_SECONDS):
        wait = RESEND_SECONDS - int((now - sent[0]).total_seconds())
        raise ServiceError("resend_too_soon", f"Mã vừa được gửi. Hãy chờ {wait} giây rồi bấm «Gửi lại mã».")
    if len(sent) >= MAX_CODES_PER_HOUR:
        raise Throttled(f"Đã gửi {MAX_CODES_PER_HOUR} mã trong một giờ. Hãy thử lại {wait_text(sent[-1] + timedelta(hours=1))}.",
                        sent[-1] + timedelta(hours=1), "too_many_codes")
    db.session.execute(update(CitizenCode).where(
        CitizenCode.account_id == account.id, CitizenCode.purpose == purpose, CitizenCode.used_at.is_(None),
    ).values(used_at=now))
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(CitizenCode(account_id=account.id, purpose=purpose, code_hash=_digest(account.id, code), sent_at=now,
                               expires_at=now + timedelta(minutes=CODE_MINUTES)))
    db.session.flush()
    text = (f"Mã {PURPOSES[purpose]} trên cổng dịch vụ công: {code}. Mã có hiệu lực {CODE_MINUTES} phút. "
            "Không đưa mã này cho bất kỳ ai.")
    try:
        ADAPTERS[account.channel]().send(account.contact, text)
    except Exception as exc:  # noqa: BLE001 - whatever the channel raised, the person must know
        raise ServiceError("code_not_sent", "Chưa gửi được mã tới " + account.contact + ". Hãy thử lại sau ít phút "
                                            "hoặc dùng số điện thoại/thư điện tử khác.") from exc


def _password(password: str, full_name: str, contact: str) -> str:
    try:
        check_policy(password, username=contact, full_name=full_name)
    except WeakPassword as exc:
        raise ServiceError("weak_password", exc.message) from None
    return hash_password(password)


@operation
def register(full_name: str, contact: str, password: str) -> CitizenAccount:
    """A new account, not usable until its contact is confirmed; the code is sent now."""
    name = nfc(full_name)
    if not name or len(name) > 200:
        raise ServiceError("bad_name", "Hãy nhập họ và tên (tối đa 200 ký tự).")
    kind, value = parse_contact(contact)
    account = _by_contact(value)
    if account is not None and account.verified_at is not None:
        raise ServiceError("contact_taken", f"Đã có tài khoản với {value}. Hãy đăng nhập, "
                                            "hoặc chọn «Quên mật khẩu» nếu không nhớ mật khẩu.")
    hashed = _password(password, name, value)
    if account is None:
        account = CitizenAccount(full_name=name, password_hash=hashed, **{kind: value})
        db.session.add(account)
        db.session.flush()
    else:  # an unconfirmed registration does not hold the contact
        account.full_name, account.password_hash, account.password_changed_at = name, hashed, utcnow()
    _send_code(account, "verify")
    return account


@operation
def resend(contact: str, purpose: str = "verify") -> None:
    """Another code; silently nothing when no account fits (the answer never says whether a
    contact has an account)."""
    account = _by_contact(contact)
    if account is None or (purpose == "verify" and account.verified_at is not None):
        return
    _send_code(account, purpose)


def _count_wrong(code_id: int) -> None:
    @operation
    def record() -> None:
        db.session.execute(update(CitizenCode).where(CitizenCode.id == code_id).values(attempts=CitizenCode.attempts + 1))

    record()


def _checked_code(contact: str, purpose: str, code: str) -> tuple[CitizenAccount, CitizenCode]:
    """The account and its live code, if `code` is it. Called outside any unit of work, so a
    wrong try is counted in its own transaction and stays counted although the try fails."""
    account = _by_contact(contact)
    again = "Hãy bấm «Gửi lại mã» để nhận mã mới."
    row = None if account is None else db.session.scalar(select(CitizenCode).where(
        CitizenCode.account_id == account.id, CitizenCode.purpose == purpose, CitizenCode.used_at.is_(None),
    ).order_by(CitizenCode.id.desc()).limit(1))
    if account is None or row is None:
        raise ServiceError("no_code", "Không có mã nào đang chờ cho số điện thoại/thư điện tử này. " + again)
    if row.attempts >= MAX_ATTEMPTS:
        raise ServiceError("too_many_attempts", f"Đã nhập sai mã {MAX_ATTEMPTS} lần nên mã này bị hủy. " + again)
    if row.expires_at <= utcnow():
        raise ServiceError("code_expired", f"Mã đã hết hạn (mã chỉ dùng được {CODE_MINUTES} phút). " + again)
    given = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(_digest(account.id, given), row.code_hash):
        left = MAX_ATTEMPTS - row.attempts - 1
        _count_wrong(row.id)
        raise ServiceError("wrong_code", f"Mã không đúng. Còn {left} lần thử." if left else
                           "Mã không đúng và đã sai quá số lần cho phép. " + again)
    return account, row


def confirm(contact: str, code: str) -> CitizenAccount:
    """The contact is proved: the account becomes usable."""
    account, row = _checked_code(contact, "verify", code)

    @operation
    def verified() -> CitizenAccount:
        row.used_at = utcnow()
        account.verified_at = account.verified_at or utcnow()
        return account

    return verified()


@operation
def request_reset(contact: str) -> None:
    """Forgotten password: a reset code to the account's contact (the same answer whether or
    not the account exists)."""
    resend(contact, "reset")


def reset_password(contact: str, code: str, password: str) -> CitizenAccount:
    """A new password by code; every session of the account ends (whoever knew the old one is
    out). A password the policy refuses leaves the code usable."""
    account, row = _checked_code(contact, "reset", code)
    return _new_password(account, row, password)


@operation
def _new_password(account: CitizenAccount, row: CitizenCode, password: str) -> CitizenAccount:
    row.used_at = utcnow()
    account.password_hash = _password(password, account.full_name, account.contact)
    account.password_changed_at = utcnow()
    account.verified_at = account.verified_at or utcnow()  # the code proved the contact too
    db.session.execute(update(CitizenSession).where(CitizenSession.account_id == account.id,
                                                    CitizenSession.ended_at.is_(None)).values(ended_at=utcnow()))
    return account


def _session_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def sign_in(contact: str, password: str, address: str) -> str:
    """Open a citizen session; return the cookie's secret."""
    retry_at = SIGN_IN_THROTTLE.retry_at(address)
    if retry_at is not None:
        raise Throttled(f"Đăng nhập sai quá nhiều lần. Hãy thử lại {wait_text(retry_at)}.", retry_at, "too_many_sign_ins")
    try:
        account = _by_contact(contact)
    except ServiceError:
        account = None
    if not verify_password(account.password_hash if account else None, password):
        SIGN_IN_THROTTLE.fail(address)
        raise ServiceError("bad_sign_in", BAD_SIGN_IN)
    assert account is not None
    if account.verified_at is None:
        raise ServiceError("not_verified", f"Tài khoản chưa được xác nhận. Hãy nhập mã đã gửi tới {account.contact} "
                                           "(hoặc bấm «Gửi lại mã»), rồi đăng nhập.", contact=account.contact)
    return _open_session(account)


@operation
def _open_session(account: CitizenAccount) -> str:
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(CitizenSession(account_id=account.id, secret_hash=_session_digest(secret), created_at=now,
                                  expires_at=now + timedelta(hours=SESSION_HOURS)))
    return secret


def account_of(secret: Optional[str]) -> Optional[CitizenAccount]:
    """The account of a live session (not ended, not expired, opened after the last password change)."""
    if not secret:
        return None
    record = db.session.scalar(select(CitizenSession).where(CitizenSession.secret_hash == _session_digest(secret)))
    now = utcnow()
    if record is None or record.ended_at is not None or record.expires_at <= now:
        return None
    if record.account.verified_at is None or record.created_at < record.account.password_changed_at:
        return None
    return record.account


@operation
def sign_out(secret: Optional[str]) -> None:
    if secret:
        db.session.execute(update(CitizenSession).where(CitizenSession.secret_hash == _session_digest(secret),
                                                        CitizenSession.ended_at.is_(None)).values(ended_at=utcnow()))


def my_dossiers(account: CitizenAccount) -> list[Dossier]:
    """«Hồ sơ của tôi»: the dossiers submitted from this account, newest first."""
    return list(db.session.scalars(select(Dossier).where(Dossier.citizen_account_id == account.id)
                                   .order_by(Dossier.received_at.desc(), Dossier.id.desc())))


def my_dossier(account: CitizenAccount, code: str) -> Dossier:
    """One of the account's dossiers; someone else's is not found (not "forbidden")."""
    dossier = db.session.scalar(select(Dossier).where(Dossier.code == code.strip().upper(),
                                                      Dossier.citizen_account_id == account.id))
    if dossier is None:
        raise NotFound("hồ sơ này trong tài khoản của bạn")
    return dossier



# --- Housekeeping ---------------------------------------------------------------------------
def drop_old_codes_and_sessions() -> tuple[int, int]:
    """Delete one-time codes sent more than a day ago (the resend limits count the last hour's,
    a code lives CODE_MINUTES) and citizen sessions ended or expired more than
    `auth.housekeeping.ENDED_SESSION_DAYS` ago, as staff sessions are; commit; return
    (codes, sessions) deleted. Run daily by the worker."""
    from sqlalchemy import delete, or_

    from eoffice.auth.housekeeping import ENDED_SESSION_DAYS

    now = utcnow()
    codes = db.session.execute(delete(CitizenCode).where(CitizenCode.sent_at < now - timedelta(days=1))
                               .execution_options(synchronize_session=False)).rowcount or 0
    cutoff = now - timedelta(days=ENDED_SESSION_DAYS)
    sessions = db.session.execute(delete(CitizenSession).where(
        or_(CitizenSession.ended_at < cutoff, CitizenSession.expires_at < cutoff)
    ).execution_options(synchronize_session=False)).rowcount or 0
    db.session.commit()
    return codes, sessions
