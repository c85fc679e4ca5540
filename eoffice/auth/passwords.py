"""Password hashing with Argon2id (argon2-cffi) and the password policy of NIST SP 800-63B.

The policy is what the guideline asks, and nothing it advises against:
- a minimum length (8, `EOFFICE_PASSWORD_MIN_LENGTH` raises it) and a generous maximum;
- not a common or breached password: `data/common-passwords.txt` is the 19,640-entry list
  Django ships (Royce Williams' list of the most common passwords in breach corpora, see
  `data/common-passwords.LICENSE.txt`), plus `data/common-passwords-vi.txt`, Vietnamese ones;
- not built from the account itself (its username or full name) or from this service's name;
- not one or two characters repeated;
- no composition rules ("an uppercase letter and a digit"): they make passwords harder to
  remember without making them harder to guess, and SP 800-63B says not to impose them.

The messages recommend a passphrase of 15 characters or more: that is the minimum the 2025
revision (SP 800-63B-4) sets when a password is the only factor, as it is here. The default
minimum stays 8 (what SP 800-63B rev. 3 requires and every existing account already meets);
an office that wants 15 enforced sets EOFFICE_PASSWORD_MIN_LENGTH=15.

Passwords are compared and hashed after Unicode NFC normalisation, so the same Vietnamese
password typed with a composed or a decomposed keyboard (Unikey, macOS) is the same password.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
MIN_LENGTH = 8
MAX_LENGTH = 256
RECOMMENDED_LENGTH = 15
SERVICE_WORDS = ("eoffice",)
_DATA = Path(__file__).resolve().parent / "data"
_LISTS = ("common-passwords.txt", "common-passwords-vi.txt")

# A fixed hash to verify against when the user does not exist, so that response time does not
# reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("eoffice-dummy-password")


class WeakPassword(ValueError):
    """The password breaks the policy; `message` says why and what to do, in Vietnamese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def normalize(password: str) -> str:
    """NFC, nothing else: spaces and case are part of the password."""
    return unicodedata.normalize("NFC", password)


def _fold(text: str) -> str:
    """Lower case without diacritics or separators: 'Nguyễn Văn Đức' -> 'nguyenvanduc'."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, read once (about 20,000 entries, a few hundred kilobytes)."""
    entries: set[str] = set()
    for name in _LISTS:
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                entries.add(line.strip().casefold())
    return frozenset(entries)


def policy_hint(min_length: int = MIN_LENGTH) -> str:
    """One sentence for forms, next to a new-password field."""
    return (
        f"Ít nhất {min_length} ký tự; nên dùng một cụm từ dễ nhớ từ {RECOMMENDED_LENGTH} ký tự trở lên. "
        "Không dùng mật khẩu phổ biến hay mật khẩu chứa tên đăng nhập, họ tên. Không bắt buộc chữ hoa, số hay ký hiệu."
    )


def check_policy(password: str, *, username: str = "", full_name: str = "", min_length: int = MIN_LENGTH) -> None:
    """Raise WeakPassword with a message that says what to choose instead."""
    password = normalize(password)
    choose = f"Hãy chọn mật khẩu khác, ví dụ một cụm từ {RECOMMENDED_LENGTH} ký tự trở lên ghép từ vài từ không liên quan đến nhau."
    if len(password) < min_length:
        raise WeakPassword(
            f"Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự (mới có {len(password)}). "
            f"Nên dùng một cụm từ dễ nhớ từ {RECOMMENDED_LENGTH} ký tự trở lên, ví dụ ghép vài từ không liên quan đến nhau."
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Mật khẩu dài quá {MAX_LENGTH} ký tự. Hãy chọn mật khẩu ngắn hơn.")
    if password.casefold() in common_passwords() or _fold(password) in common_passwords():
        raise WeakPassword(
            "Mật khẩu này nằm trong danh sách mật khẩu phổ biến hoặc đã bị lộ, kẻ gian sẽ thử nó đầu tiên. " + choose
        )
    if len(set(password.casefold())) <= 2:
        raise WeakPassword("Mật khẩu chỉ lặp lại một hai ký tự nên rất dễ đoán. " + choose)
    folded = _fold(password)
    login = _fold(username)
    if len(login) >= 3 and login in folded:
        raise WeakPassword("Mật khẩu không được chứa tên đăng nhập. " + choose)
    name = _fold(full_name)
    given = _fold(full_name.split()[-1]) if full_name.split() else ""
    if (len(name) >= 4 and name in folded) or (len(given) >= 4 and given in folded):
        raise WeakPassword("Mật khẩu không được chứa họ tên của người dùng. " + choose)
    if any(word in folded for word in SERVICE_WORDS):
        raise WeakPassword("Mật khẩu không được chứa tên hệ thống (eoffice). " + choose)


def hash_password(password: str) -> str:
    return _hasher.hash(normalize(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; a hash made before NFC normalisation still verifies as typed then."""
    candidates = [normalize(password)] + ([password] if normalize(password) != password else [])
    for candidate in candidates:
        try:
            if _hasher.verify(stored_hash or _DUMMY_HASH, candidate) and stored_hash is not None:
                return True
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
    return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
