import unicodedata

import pytest

from eoffice.auth import passwords


def test_passwords_are_stored_as_argon2id_hashes():
    stored = passwords.hash_password("Mật khẩu 2026")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "Mật khẩu 2026")
    assert not passwords.verify_password(stored, "mật khẩu 2026")


def test_unknown_user_still_costs_a_verification_and_fails():
    assert passwords.verify_password(None, "anything1") is False


def test_the_same_vietnamese_password_typed_composed_or_decomposed_is_the_same_password():
    composed = unicodedata.normalize("NFC", "Đường lên đỉnh Olympia")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert passwords.verify_password(passwords.hash_password(composed), decomposed)
    assert passwords.verify_password(passwords.hash_password(decomposed), composed)


def test_a_hash_made_before_normalisation_still_verifies():
    from argon2 import PasswordHasher

    decomposed = unicodedata.normalize("NFD", "Mùa thu Hà Nội")
    legacy = PasswordHasher().hash(decomposed)
    assert passwords.verify_password(legacy, decomposed)


@pytest.mark.parametrize("weak, why", [
    ("", "quá ngắn"),
    ("short1", "quá ngắn"),
    ("password1", "phổ biến"),
    ("12345678", "phổ biến"),
    ("iloveyou", "phổ biến"),
    ("PASSWORD1", "phổ biến"),
    ("matkhau123", "phổ biến"),
    ("zzzzzzzzzzzz", "lặp lại"),
    ("abababababab", "lặp lại"),
])
def test_short_common_and_repetitive_passwords_are_refused_with_the_reason(weak, why):
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_policy(weak)
    assert why in refused.value.message
    assert "Hãy chọn" in refused.value.message or "Nên dùng" in refused.value.message


@pytest.mark.parametrize("password", ["nguyenvana2026", "NguyenVanA!!", "2026nguyenvana"])
def test_a_password_containing_the_username_is_refused(password):
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_policy(password, username="nguyenvana", full_name="Nguyễn Văn A")
    assert "tên đăng nhập" in refused.value.message


@pytest.mark.parametrize("password", ["Trần Thị Thủy 1990", "tranthithuy@1990", "Thuy19901990"])
def test_a_password_containing_the_full_name_or_given_name_is_refused_even_without_diacritics(password):
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_policy(password, username="ttthuy", full_name="Trần Thị Thủy")
    assert "họ tên" in refused.value.message


def test_the_name_of_the_service_is_refused():
    with pytest.raises(passwords.WeakPassword):
        passwords.check_policy("eOffice-2026!")


@pytest.mark.parametrize("good", [
    "onlyletters",            # no composition rules: letters only is fine
    "correct horse battery",  # spaces are part of a passphrase
    "mưa rơi trên phố cổ",    # Vietnamese with diacritics
    "19730412",               # digits only, not a common one
])
def test_passwords_without_digits_capitals_or_symbols_are_accepted(good):
    passwords.check_policy(good, username="nguyenvana", full_name="Nguyễn Văn A")


def test_the_minimum_length_is_configurable():
    passwords.check_policy("tám ký tự!", min_length=8)
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_policy("mười một ký", min_length=15)
    assert "ít nhất 15" in refused.value.message


def test_the_shipped_list_is_the_real_one_and_read_from_the_package():
    common = passwords.common_passwords()
    assert len(common) > 19000
    assert {"123456", "qwerty", "password", "anhyeuem", "matkhau"} <= common


def test_an_overlong_password_is_refused_but_64_characters_are_fine():
    passwords.check_policy("x1y2z3 " * 9 + "q")  # 64 characters
    with pytest.raises(passwords.WeakPassword):
        passwords.check_policy("đ" * 300)
