import pytest

from eoffice.auth import passwords


def test_passwords_are_stored_as_argon2id_hashes():
    stored = passwords.hash_password("Mật khẩu 2026")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "Mật khẩu 2026")
    assert not passwords.verify_password(stored, "mật khẩu 2026")


def test_unknown_user_still_costs_a_verification_and_fails():
    assert passwords.verify_password(None, "anything1") is False


@pytest.mark.parametrize("weak", ["short1", "onlyletters", "12345678", ""])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(passwords.WeakPassword):
        passwords.check_policy(weak)
