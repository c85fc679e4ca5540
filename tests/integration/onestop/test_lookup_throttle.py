"""The throttle against enumerating dossier codes lives in the database: two app processes on
the same database count the same failures, so spreading guesses over workers gains nothing;
the window slides, and a failure is remembered even though the lookup itself is refused. A
throttled address is told plainly (429) that it tried too often and when to try again, while a
wrong code and a wrong secret still get one and the same answer."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eoffice.calendar.timezone import to_local
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.onestop import citizen
from eoffice.onestop.models import LookupFailure
from tests.helpers import csrf_token
from tests.integration.onestop.conftest import receive


def test_two_apps_on_one_database_share_the_lookup_throttle(desk, app, make_app, database_url):
    dossier = receive()
    first, second = app.test_client(), make_app(database_url).test_client()
    good, wrong = f"/tra-cuu?ma={dossier.code}&xn=3456", f"/tra-cuu?ma={dossier.code}&xn=0000"
    assert second.get(good).status_code == 200
    for attempt in range(citizen.MAX_FAILURES):
        client = first if attempt % 2 else second  # the guesses alternate between the two processes
        assert client.get(wrong).status_code == 404
    for client in (first, second):
        refused = client.get(good)
        assert refused.status_code == 429 and "quá nhiều lần" in refused.get_data(as_text=True)
        assert "Nguyễn Văn An" not in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LookupFailure.id))) == citizen.MAX_FAILURES


def test_the_window_slides_and_old_failures_are_dropped(desk, monkeypatch):
    dossier = receive()
    start = utcnow()
    monkeypatch.setattr(citizen.THROTTLE, "_now", lambda: start)
    for _ in range(citizen.MAX_FAILURES):
        with pytest.raises(ServiceError):
            citizen.lookup(dossier.code, "0000", "10.0.0.7")
    with pytest.raises(ServiceError) as blocked:
        citizen.lookup(dossier.code, "3456", "10.0.0.7")
    assert blocked.value.code == "too_many_lookups"
    later = start + timedelta(seconds=citizen.WINDOW_SECONDS + 1)
    monkeypatch.setattr(citizen.THROTTLE, "_now", lambda: later)
    assert citizen.lookup(dossier.code, "3456", "10.0.0.7").id == dossier.id
    with pytest.raises(ServiceError):
        citizen.lookup(dossier.code, "0000", "10.0.0.7")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(LookupFailure.id))) == 1, "the expired failures went with the new one"


def test_a_throttled_address_is_told_when_to_try_again_and_wrong_code_and_secret_look_alike(desk, app):
    dossier = receive()
    client = app.test_client()
    missing_code = client.get("/tra-cuu?ma=H34.01.01-000000-9999&xn=3456")
    wrong_secret = client.get(f"/tra-cuu?ma={dossier.code}&xn=0000")
    assert missing_code.status_code == wrong_secret.status_code == 404
    shown = [re.search(r'data-testid="lookup-error">([^<]+)<', r.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
             for r in (missing_code, wrong_secret)]
    assert shown[0] == shown[1] == citizen.NOT_FOUND
    assert "Nguyễn Văn An" not in wrong_secret.get_data(as_text=True)
    first_failure = db.session.scalar(select(func.min(LookupFailure.at)))
    for _ in range(citizen.MAX_FAILURES - 2):
        client.get(f"/tra-cuu?ma={dossier.code}&xn=1111")
    blocked = client.get(f"/tra-cuu?ma={dossier.code}&xn=3456")
    html = blocked.get_data(as_text=True)
    assert blocked.status_code == 429, "the right secret too: the address waits"
    retry_at = first_failure + timedelta(seconds=citizen.WINDOW_SECONDS)
    assert "Bạn đã tra cứu sai quá nhiều lần" in html and f"lúc {to_local(retry_at):%H:%M}" in html
    assert 0 < int(blocked.headers["Retry-After"]) <= citizen.WINDOW_SECONDS + 1
    assert "Nguyễn Văn An" not in html and citizen.NOT_FOUND not in html
    kiosk = client.post("/kiosk/tra-cuu", data={"csrf_token": csrf_token(client, "/kiosk/tra-cuu"), "ma": dossier.code,
                                                "xn": "3456"})
    assert kiosk.status_code == 429 and "quá nhiều lần" in kiosk.get_data(as_text=True)
