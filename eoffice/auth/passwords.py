"""Password hashing with Argon2id (argon2-cffi) and the minimum password policy."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
MIN_LENGTH = 8

# A fixed hash to verify against when the user does not exist, so that response time does not
# reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("eoffice-dummy-password")


class WeakPassword(ValueError):
    def __init__(self) -> None:
        self.message = f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự, gồm cả chữ và số."
        super().__init__(self.message)


def check_policy(password: str) -> None:
    if (
        len(password) < MIN_LENGTH
        or not any(c.isdigit() for c in password)
        or not any(c.isalpha() for c in password)
    ):
        raise WeakPassword()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
