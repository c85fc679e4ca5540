"""Ten desk officers receiving at the same moment get codes 0001…n of the day with no gap and
no repeat, and a failed intake in the middle gives its number back."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from eoffice.db import db
from eoffice.onestop.models import Dossier
from tests.integration.onestop.conftest import MORNING, Clock, receive

PARALLEL = 10
PER_OFFICER = 3


@pytest.fixture
def pg_app(make_app, postgres_database, monkeypatch):  # type: ignore[no-untyped-def]
    """Row locks under real concurrency: PostgreSQL only (SQLite serialises its writers)."""
    from eoffice.demo import load_demo
    from eoffice.onestop import clock

    application = make_app(postgres_database)
    with application.app_context():
        load_demo(with_documents=False)
        monkeypatch.setattr(clock, "now", Clock(MORNING))
        yield application


@pytest.mark.postgres
def test_parallel_intakes_get_gap_free_codes_of_the_day(pg_app):
    app = pg_app
    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []
    refused: list[str] = []

    def officer(number: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                for round_ in range(PER_OFFICER):
                    if number == 0 and round_ == 1:
                        try:
                            receive(provided=[])  # a missing component: refused, no code kept
                        except Exception as exc:  # noqa: BLE001 - asserted below
                            refused.append(getattr(exc, "code", type(exc).__name__))
                        continue
                    receive(applicant_name=f"Người nộp {number}-{round_}")
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [] and refused == ["missing_components"]
    db.session.expire_all()
    codes = sorted(db.session.scalars(select(Dossier.code)))
    expected = PARALLEL * PER_OFFICER - 1
    assert codes == [f"H34.01.01-261203-{n:04d}" for n in range(1, expected + 1)]
