"""Sign-in throttling per (account, address): an exponential wait, no enumeration, no lockout of
the real user or of a whole office, attempts while waiting not counted, and audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eoffice.auth import service as accounts
from eoffice.auth.models import LoginAttempt
from eoffice.auth.roles import Role
from eoffice.audit.models import AuditEntry
from eoffice.db import db, utcnow
from tests.helpers import login

PASSWORD = "MatKhau2026"
WRONG = "sai-mat-khau1"


class Clock:
    """The service's idea of now, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def app(make_app, database_url):  # type: ignore[no-untyped-def]
    """A smaller address-wide limit than the default 30, so the test stays quick."""
    application = make_app(database_url, ip_max_failures=8)
    with application.app_context():
        yield application


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    clock = Clock()
    monkeypatch.setattr(accounts, "utcnow", clock)
    return clock


@pytest.fixture
def user(operator):  # type: ignore[no-untyped-def]
    return accounts.create_user(operator, username="nguyenvana", full_name="Nguyễn Văn A", password=PASSWORD,
                                roles=[Role.SPECIALIST])


def browser(app, ip):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def attempt(app, ip, username, password):  # type: ignore[no-untyped-def]
    return login(browser(app, ip), username, password)


def reasons():  # type: ignore[no-untyped-def]
    return db.session.scalars(select(LoginAttempt.reason).order_by(LoginAttempt.id)).all()


def settings(app):  # type: ignore[no-untyped-def]
    return app.extensions["eoffice.settings"]


def fail_until_throttled(app, ip, username):  # type: ignore[no-untyped-def]
    for _ in range(settings(app).login_max_failures):
        assert attempt(app, ip, username, WRONG).status_code == 401


def test_after_repeated_failures_the_pair_waits_even_with_the_right_password(app, user, clock):
    fail_until_throttled(app, "10.0.0.9", "nguyenvana")
    refused = attempt(app, "10.0.0.9", "nguyenvana", PASSWORD)
    assert refused.status_code == 401
    assert "tạm dừng đăng nhập" in refused.get_data(as_text=True)
    assert reasons()[-1] == "throttled"
    clock.advance(seconds=settings(app).login_delay_seconds + 1)
    assert attempt(app, "10.0.0.9", "nguyenvana", PASSWORD).status_code == 302, "the wait ends by itself"


def test_the_wait_doubles_with_each_further_failure_up_to_the_cap(app, user, clock):
    config = settings(app)
    fail_until_throttled(app, "10.0.0.9", "nguyenvana")
    waits = []
    for _ in range(8):
        clock.advance(seconds=1)
        wait = accounts.throttle.pair_throttle("nguyenvana", "10.0.0.9", clock.now, config)
        waits.append(round((wait.until - clock.now).total_seconds()) + 1)
        clock.advance(seconds=waits[-1])
        assert attempt(app, "10.0.0.9", "nguyenvana", WRONG).status_code == 401
    base, cap = config.login_delay_seconds, config.login_lockout_minutes * 60
    assert waits[:3] == [base, 2 * base, 4 * base]
    assert max(waits) == cap and waits[-1] == cap


def test_unknown_and_known_usernames_get_the_same_answers(app, user, clock):
    answers = {}
    for name, ip in (("nguyenvana", "10.0.0.1"), ("khongtontai", "10.0.0.2")):
        statuses = [attempt(app, ip, name, WRONG) for _ in range(settings(app).login_max_failures + 1)]
        answers[name] = [(r.status_code, _message(r)) for r in statuses]
    known, unknown = answers["nguyenvana"], answers["khongtontai"]
    assert [status for status, _ in known] == [status for status, _ in unknown]
    assert [m.split(" đến ")[0] for _, m in known] == [m.split(" đến ")[0] for _, m in unknown]
    assert "tạm dừng đăng nhập" in known[-1][1]


def _message(response):  # type: ignore[no-untyped-def]
    import re

    match = re.search(r'data-testid="login-error">([^<]+)<', response.get_data(as_text=True))
    return match.group(1).strip() if match else ""


def test_attempts_made_while_waiting_are_not_counted_as_failures(app, user, clock):
    fail_until_throttled(app, "10.0.0.9", "nguyenvana")
    for _ in range(20):
        attempt(app, "10.0.0.9", "nguyenvana", WRONG)
    assert reasons().count("throttled") == 20
    assert reasons().count("bad_password") == settings(app).login_max_failures
    clock.advance(seconds=settings(app).login_delay_seconds + 1)
    assert attempt(app, "10.0.0.9", "nguyenvana", PASSWORD).status_code == 302, "hammering did not lengthen the wait"


def test_an_attackers_failures_do_not_lock_out_the_real_user_elsewhere(app, user, clock):
    fail_until_throttled(app, "203.0.113.66", "nguyenvana")
    assert attempt(app, "203.0.113.66", "nguyenvana", PASSWORD).status_code == 401
    assert attempt(app, "10.0.0.7", "nguyenvana", PASSWORD).status_code == 302


def test_one_colleague_forgetting_a_password_does_not_lock_out_the_office_behind_one_address(app, user, operator, clock):
    accounts.create_user(operator, username="tranthib", full_name="Trần Thị B", password="LichNam@2026")
    fail_until_throttled(app, "10.0.0.1", "tranthib")
    for _ in range(10):
        attempt(app, "10.0.0.1", "tranthib", WRONG)
    assert attempt(app, "10.0.0.1", "nguyenvana", PASSWORD).status_code == 302


def test_an_address_guessing_across_many_accounts_waits_but_accounts_used_there_before_still_sign_in(app, user, clock):
    assert attempt(app, "10.0.0.1", "nguyenvana", PASSWORD).status_code == 302  # used from this office before
    for i in range(settings(app).ip_max_failures):
        attempt(app, "10.0.0.1", f"nguoi{i}", WRONG)
    sprayed = attempt(app, "10.0.0.1", "nguoimoi", WRONG)
    assert "tạm dừng đăng nhập" in sprayed.get_data(as_text=True) and reasons()[-1] == "ip_throttled"
    # A wrong password for the trusted account gets the same answer (no hint that it is trusted)…
    assert "tạm dừng đăng nhập" in attempt(app, "10.0.0.1", "nguyenvana", WRONG).get_data(as_text=True)
    # …but its owner with the right password gets in.
    assert attempt(app, "10.0.0.1", "nguyenvana", PASSWORD).status_code == 302
    clock.advance(minutes=settings(app).login_lockout_minutes + 1)
    assert "không đúng" in attempt(app, "10.0.0.1", "nguoimoi", WRONG).get_data(as_text=True)


def test_a_wait_is_audited_with_the_account_and_address(app, user, clock):
    fail_until_throttled(app, "10.0.0.9", "nguyenvana")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.throttle"))
    assert entry is not None and entry.object_id == str(user.id)
    assert entry.summary["ip"] == "10.0.0.9" and entry.summary["failures"] == settings(app).login_max_failures
    assert entry.summary["wait_seconds"] == settings(app).login_delay_seconds


def test_an_admin_reset_lifts_the_wait(app, user, operator, clock):
    fail_until_throttled(app, "10.0.0.9", "nguyenvana")
    clock.advance(seconds=1)
    accounts.reset_password(operator, user, "MatKhauMoi2026")
    clock.advance(seconds=1)
    assert attempt(app, "10.0.0.9", "nguyenvana", "MatKhauMoi2026").status_code == 302
