"""Users change their own password (page and API); the password policy applies on every way a
password is set: the page, the API, the admin form, `eoffice user add/reset-password`, `eoffice init`."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.auth import service as accounts
from eoffice.auth.models import User, UserSession
from eoffice.auth.roles import Role
from eoffice.audit.models import AuditEntry
from eoffice.cli import main
from eoffice.db import db
from tests.helpers import csrf_token, login

PASSWORD = "MatKhau2026"
NEW = "mùa thu Hà Nội lá vàng"


def make_user(operator, username="nguyenvana", roles=(Role.SPECIALIST,)):  # type: ignore[no-untyped-def]
    return accounts.create_user(operator, username=username, full_name="Nguyễn Văn A", password=PASSWORD, roles=list(roles))


def change(client, current, new, confirm=None):  # type: ignore[no-untyped-def]
    return client.post("/account/password", data={
        "csrf_token": csrf_token(client, "/account/password"), "current_password": current,
        "new_password": new, "confirm": new if confirm is None else confirm,
    })


def test_the_header_links_to_the_change_password_page(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account/password"' in home and "Đổi mật khẩu" in home
    page = client.get("/account/password").get_data(as_text=True)
    assert "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page and "15 ký tự" in page


def test_changing_ones_password_signs_out_the_other_browser_but_keeps_this_one(app, operator):
    make_user(operator)
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "nguyenvana", PASSWORD)
    login(elsewhere, "nguyenvana", PASSWORD)
    response = change(here, PASSWORD, NEW)
    assert response.status_code == 302
    followed = here.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã đổi mật khẩu" in followed and "1 phiên đăng nhập khác" in followed
    assert here.get("/").status_code == 200, "the browser that changed it stays signed in"
    assert elsewhere.get("/").status_code == 302, "the other browser is signed out"
    assert login(app.test_client(), "nguyenvana", PASSWORD).status_code == 401
    assert login(app.test_client(), "nguyenvana", NEW).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.change_password"))
    assert entry is not None and entry.summary == {"sessions_ended": 1}


def test_a_wrong_current_password_changes_nothing_and_says_so(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", PASSWORD)
    response = change(client, "khong-dung-1", NEW)
    assert response.status_code == 400
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)
    assert login(app.test_client(), "nguyenvana", PASSWORD).status_code == 302


def test_wrong_current_passwords_are_throttled_like_sign_in(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", PASSWORD)
    for _ in range(app.extensions["eoffice.settings"].login_max_failures):
        change(client, "khong-dung-1", NEW)
    refused = change(client, PASSWORD, NEW)
    assert refused.status_code == 400 and "tạm dừng" in refused.get_data(as_text=True)


def test_a_mismatched_confirmation_or_a_weak_new_password_is_refused(app, client, operator):
    make_user(operator)
    login(client, "nguyenvana", PASSWORD)
    mismatch = change(client, PASSWORD, NEW, confirm=NEW + "x")
    assert mismatch.status_code == 400 and "không giống nhau" in mismatch.get_data(as_text=True)
    weak = change(client, PASSWORD, "password1")
    assert weak.status_code == 400 and "phổ biến" in weak.get_data(as_text=True)
    own_name = change(client, PASSWORD, "nguyenvana2027")
    assert own_name.status_code == 400 and "tên đăng nhập" in own_name.get_data(as_text=True)
    same = change(client, PASSWORD, PASSWORD)
    assert same.status_code == 400 and "phải khác" in same.get_data(as_text=True)
    assert login(app.test_client(), "nguyenvana", PASSWORD).status_code == 302


def test_the_api_changes_the_callers_password_and_ends_their_browser_sessions(app, client, operator):
    user = make_user(operator)
    plaintext, _ = accounts.create_token(operator, user, "Ứng dụng di động")
    login(client, "nguyenvana", PASSWORD)
    headers = {"Authorization": f"Bearer {plaintext}"}
    wrong = app.test_client().post("/api/v1/me/password", json={"current_password": "x", "new_password": NEW}, headers=headers)
    assert wrong.status_code == 400 and wrong.json["error"]["code"] == "wrong_current_password"
    weak = app.test_client().post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "12345678"},
                                  headers=headers)
    assert weak.status_code == 400 and weak.json["error"]["code"] == "weak_password"
    done = app.test_client().post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW},
                                  headers=headers)
    assert done.status_code == 200 and done.json == {"changed": True, "sessions_ended": 1}
    assert client.get("/").status_code == 302
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 200, "the token is a separate credential"
    assert app.test_client().post("/api/v1/me/password", json={}).status_code == 401


def test_the_admin_form_refuses_a_common_password_with_the_reason(app, client, operator):
    make_user(operator, username="quantri", roles=(Role.ADMIN,))
    login(client, "quantri", PASSWORD)
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "Không bắt buộc chữ hoa" in form and "gồm cả chữ và số" not in form
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf_token(client, "/admin/users/new"), "username": "lethic", "full_name": "Lê Thị C",
        "password": "password1", "unit_id": "0", "role": "",
    })
    assert response.status_code == 400 and "phổ biến" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "lethic")) is None


def test_the_cli_refuses_common_passwords_and_the_username_plus_digits(app):
    runner = app.test_cli_runner()
    common = runner.invoke(main, ["user", "add", "tranb", "--name", "Trần Văn B", "--password", "password1"])
    assert common.exit_code == 2 and "phổ biến" in common.output
    own = runner.invoke(main, ["user", "add", "tranb", "--name", "Trần Văn B", "--password", "tranb2026"])
    assert own.exit_code == 2 and "tên đăng nhập" in own.output
    assert runner.invoke(main, ["user", "add", "tranb", "--name", "Trần Văn B", "--password", PASSWORD]).exit_code == 0
    reset = runner.invoke(main, ["user", "reset-password", "tranb", "--password", "iloveyou"])
    assert reset.exit_code == 2 and "phổ biến" in reset.output


def test_init_refuses_a_common_admin_password(app):
    result = app.test_cli_runner().invoke(main, ["init", "--admin-password", "qwerty123"])
    assert result.exit_code == 2 and "phổ biến" in result.output


def test_a_password_reset_keeps_no_session_alive(app, operator):
    user = make_user(operator)
    for _ in range(2):
        login(app.test_client(), "nguyenvana", PASSWORD)
    accounts.reset_password(operator, user, NEW)
    live = db.session.scalars(select(UserSession).where(UserSession.ended_at.is_(None))).all()
    assert live == []


def test_the_api_answers_429_while_wrong_current_passwords_are_being_throttled(app, operator):
    user = make_user(operator)
    plaintext, _ = accounts.create_token(operator, user, "Ứng dụng di động")
    headers = {"Authorization": f"Bearer {plaintext}"}
    for _ in range(app.extensions["eoffice.settings"].login_max_failures):
        app.test_client().post("/api/v1/me/password", json={"current_password": "x", "new_password": NEW}, headers=headers)
    refused = app.test_client().post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW},
                                     headers=headers)
    assert refused.status_code == 429 and refused.json["error"]["code"] == "throttled"
    assert "tạm dừng" in refused.json["error"]["message"]
