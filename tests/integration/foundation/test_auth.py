"""Signing in and out, lockout, sessions, CSRF and API tokens — on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.auth import service as accounts
from eoffice.auth.models import ApiToken, LoginAttempt, User, UserSession
from eoffice.auth.roles import Role
from eoffice.audit.models import AuditEntry
from eoffice.db import db
from tests.helpers import csrf_token, login


def make_user(operator, username="nguyenvana", password="MatKhau2026", roles=(Role.SPECIALIST,)):
    return accounts.create_user(operator, username=username, full_name="Nguyễn Văn A", password=password, roles=list(roles))


def test_a_user_signs_in_with_the_right_password_and_lands_on_the_home_page(app, client, operator):
    make_user(operator)
    response = login(client, "nguyenvana", "MatKhau2026")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Nguyễn Văn A" in home.get_data(as_text=True)


def test_username_is_case_insensitive(app, client, operator):
    make_user(operator)
    assert login(client, "  NguyenVanA ", "MatKhau2026").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_vietnamese_message(app, client, operator):
    make_user(operator)
    wrong = login(client, "nguyenvana", "sai-mat-khau1")
    unknown = login(client, "khongtontai", "sai-mat-khau1")
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_admin_password_reset_ends_every_session_of_the_user(app, operator):
    make_user(operator)
    first, second = app.test_client(), app.test_client()
    login(first, "nguyenvana", "MatKhau2026")
    assert first.get("/").status_code == 200
    user = accounts.find_user("nguyenvana")
    accounts.reset_password(operator, user, "MatKhauMoi2026")
    assert first.get("/").status_code == 302, "the old session must end after a reset"
    assert login(second, "nguyenvana", "MatKhauMoi2026").status_code == 302
    ended = db.session.scalars(select(UserSession.end_reason).where(UserSession.ended_at.is_not(None))).all()
    assert ended == ["password_reset"]


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(app, client, operator):
    user = make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    saved = client.get_cookie("session").value
    accounts.set_enabled(operator, user, False)
    assert client.get("/").status_code == 302
    response = login(client, "nguyenvana", "MatKhau2026")
    assert response.status_code == 401
    assert "vô hiệu hóa" in response.get_data(as_text=True)
    accounts.set_enabled(operator, user, True)
    assert _with_cookie(app, saved).get("/").status_code == 302, "re-enabling must not revive an old session"


def _with_cookie(app, value):
    """Another browser holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_session_cookie_copied_before_logout_no_longer_works_after(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    saved = client.get_cookie("session").value
    assert _with_cookie(app, saved).get("/").status_code == 200, "the copy works while the session lives"
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    replay = _with_cookie(app, saved).get("/")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]
    record = db.session.scalar(select(UserSession))
    assert record.end_reason == "logout" and record.ended_at is not None


def test_the_database_keeps_only_a_hash_of_the_session_secret(app, client, operator):
    from eoffice.auth.sessions import SESSION_KEY

    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    with client.session_transaction() as cookie_session:
        secret = cookie_session[SESSION_KEY]
    stored = db.session.scalar(select(UserSession))
    assert stored.secret_hash != secret and len(secret) >= 40


def test_a_session_past_its_lifetime_is_refused(app, client, operator, monkeypatch):
    from datetime import timedelta

    from eoffice.auth import sessions
    from eoffice.db import utcnow

    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    hours = app.extensions["eoffice.settings"].session_hours
    later = utcnow() + timedelta(hours=hours, minutes=1)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert client.get("/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app, client, operator):
    make_user(operator)
    response = client.post("/login", data={"username": "nguyenvana", "password": "MatKhau2026"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert db.session.scalar(select(LoginAttempt.id)) is None


def test_logout_needs_a_post_with_csrf(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite(app, client, operator):
    make_user(operator)
    response = login(client, "nguyenvana", "MatKhau2026")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_api_tokens_are_hashed_at_rest_scoped_to_their_user_and_revocable(app, operator):
    user = make_user(operator)
    plaintext, token = accounts.create_token(operator, user, "Cổng dịch vụ công")
    assert plaintext not in {token.token_hash, token.prefix}
    assert db.session.scalar(select(ApiToken.token_hash)) != plaintext
    client = app.test_client()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert me.status_code == 200 and me.json["username"] == "nguyenvana"
    accounts.revoke_token(operator, token)
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert refused.status_code == 401
    assert refused.json["error"]["code"] == "unauthorized"


def test_the_api_does_not_accept_the_browser_session_cookie(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and "Bearer" in response.json["error"]["message"]


def test_a_bearer_token_decides_who_calls_even_with_a_session_cookie(app, client, operator):
    make_user(operator)
    other = make_user(operator, username="tranthib")
    plaintext, _ = accounts.create_token(operator, other, "Tích hợp")
    login(client, "nguyenvana", "MatKhau2026")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert me.status_code == 200 and me.json["username"] == "tranthib"
    wrong = client.get("/api/v1/me", headers={"Authorization": "Bearer eot_khong-hop-le"})
    assert wrong.status_code == 401, "a bad token is not rescued by the cookie"
    assert client.get("/").status_code == 200, "the browser session itself is untouched"


def test_a_token_of_a_disabled_user_stops_working(app, operator):
    user = make_user(operator)
    plaintext, _ = accounts.create_token(operator, user, "Tích hợp")
    accounts.set_enabled(operator, user, False)
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401


def test_a_user_creates_and_revokes_their_own_token_in_the_ui(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", "MatKhau2026")
    token = csrf_token(client, "/account/tokens")
    page = client.post("/account/tokens", data={"csrf_token": token, "name": "Phần mềm kế toán", "expires_in_days": "30"})
    html = page.get_data(as_text=True)
    assert "eot_" in html and "Phần mềm kế toán" in html
    stored = db.session.scalar(select(ApiToken))
    assert stored.expires_at is not None
    revoke = client.post(f"/account/tokens/{stored.id}/revoke", data={"csrf_token": csrf_token(client, "/account/tokens")})
    assert revoke.status_code == 302
    db.session.refresh(stored)
    assert stored.revoked_at is not None


def test_deactivating_a_user_keeps_their_history(app, operator):
    user = make_user(operator)
    accounts.set_enabled(operator, user, False)
    assert db.session.get(User, user.id) is not None
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(user.id))).all()
    assert {"user.create", "user.disable"} <= set(actions)
