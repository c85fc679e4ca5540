"""Health probes and the `eoffice` command."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.auth.models import User
from eoffice.cli import main
from eoffice.db import db


def test_healthz_says_the_process_is_up(app):
    assert app.test_client().get("/healthz").json == {"status": "ok"}


def test_readyz_reports_each_dependency(app):
    response = app.test_client().get("/readyz")
    body = response.json
    assert set(body["checks"]) == {"database", "storage", "search"}
    assert body["checks"]["database"]["ok"] is True
    assert response.status_code == (200 if all(c["ok"] for c in body["checks"].values()) else 503)


def test_init_creates_the_first_admin_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["init", "--admin-username", "admin", "--admin-password", "QuanTri2026"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert admin is not None and "quan_tri" in {r.value for r in admin.roles}
    again = runner.invoke(main, ["init", "--admin-password", "QuanTri2026"])
    assert again.exit_code == 0 and "không tạo thêm" in again.output


def test_init_without_a_password_and_no_terminal_fails_clearly(app):
    result = app.test_cli_runner().invoke(main, ["init"], input=None)
    assert result.exit_code == 2
    assert "EOFFICE_ADMIN_PASSWORD" in result.output


def test_init_refuses_a_weak_admin_password(app):
    result = app.test_cli_runner().invoke(main, ["init", "--admin-password", "123"])
    assert result.exit_code == 2 and "Mật khẩu" in result.output


def test_demo_is_idempotent_and_prints_the_accounts(app):
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert "vanthu" in first.output and "Demo@2026" in first.output
    count = db.session.query(User).count()
    second = runner.invoke(main, ["demo"])
    assert "thêm 0 đơn vị, 0 người dùng" in second.output
    assert db.session.query(User).count() == count


def test_user_commands_add_grant_disable_and_reset(app):
    runner = app.test_cli_runner()
    runner.invoke(main, ["demo"])
    added = runner.invoke(main, ["user", "add", "tranb", "--name", "Trần Văn B", "--password", "MatKhau2026",
                                 "--unit", "VP", "--position", "Chuyên viên", "--role", "chuyen_vien"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(main, ["user", "grant", "tranb", "van_thu"]).exit_code == 0
    bad_role = runner.invoke(main, ["user", "grant", "tranb", "vua"])
    assert bad_role.exit_code == 2 and "không tồn tại" in bad_role.output
    assert runner.invoke(main, ["user", "disable", "tranb"]).exit_code == 0
    assert runner.invoke(main, ["user", "reset-password", "tranb", "--password", "gió mùa đông bắc về"]).exit_code == 0
    missing = runner.invoke(main, ["user", "disable", "khongco"])
    assert missing.exit_code == 2 and "Không tìm thấy" in missing.output
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == "tranb"))
    assert not user.is_enabled and {r.value for r in user.roles} == {"chuyen_vien", "van_thu"}
    listing = runner.invoke(main, ["user", "list"])
    assert "tranb" in listing.output and "vô hiệu hóa" in listing.output


def test_a_database_older_than_the_code_gets_a_message_not_a_traceback(tmp_path):
    """A data folder whose database was never migrated (or is behind): exit 3, say what to run."""
    from tests.conftest import _build_app

    stale = _build_app(f"sqlite:///{tmp_path / 'cu.db'}", tmp_path)
    with stale.app_context():
        result = stale.test_cli_runner().invoke(main, ["calendar", "show", "2026"])
    assert result.exit_code == 3
    assert "eoffice init" in result.output and "Traceback" not in result.output
