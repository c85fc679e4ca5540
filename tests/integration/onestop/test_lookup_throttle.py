"""The throttle against enumerating dossier codes lives in the database: two app processes on
the same database count the same failures, so spreading guesses over workers gains nothing;
the window slides, and a failure is remembered even though the lookup itself is refused."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.onestop import citizen
from eoffice.onestop.models import LookupFailure
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
        assert refused.status_code == 404 and "quá nhiều lần" in refused.get_data(as_text=True)
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
