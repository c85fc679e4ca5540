"""A period with known dossiers: every figure is what happened, and the parts add up exactly."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.onestop import processing
from eoffice.onestop.schemas import ReasonIn, StepDoneIn, SupplementIn
from eoffice.onestop.statistics import period_figures
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import MORNING, receive


def _finish(dossier) -> None:  # type: ignore[no-untyped-def]
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())


def test_a_period_of_known_dossiers_adds_up_exactly(desk):
    desk.moment = datetime(2026, 11, 30, 9, 0, tzinfo=VN)  # Monday before the period
    carried = receive()
    desk.moment = MORNING  # Thursday 3 December
    early = receive()
    late = receive(channel="postal")
    waiting = receive()
    refused = receive()
    withdrawn = receive()
    open_in_time = receive()
    processing.request_supplement(actor("motcua"), waiting, SupplementIn(missing=["Ảnh chân dung"]))
    processing.refuse(actor("motcua"), refused, ReasonIn(reason="Không thuộc thẩm quyền"))
    processing.withdraw(actor("motcua"), withdrawn, ReasonIn(reason="Công dân rút"))
    desk.moment = MORNING + timedelta(days=1)
    _finish(early)
    _finish(carried)  # due Monday 7th 09:00: finished Friday 4th, early
    desk.moment = datetime(2026, 12, 11, 9, 0, tzinfo=VN)  # a day after late's due moment
    _finish(late)
    db.session.commit()
    figures = period_figures(date(2026, 12, 1), date(2026, 12, 31))
    assert figures.carried_over == 1 and figures.new == {"online": 0, "desk": 5, "postal": 1}
    assert figures.received == 7
    assert figures.resolved == {"early": 2, "on_time": 0, "late": 1}
    assert figures.in_progress == {"in_time": 0, "overdue": 1}  # open_in_time was due on the 10th
    assert (figures.supplement, figures.suspended, figures.refused, figures.withdrawn) == (1, 0, 1, 1)
    assert figures.accounted == figures.received
    assert figures.on_time_percent == 66.7 and figures.online_percent == 0.0
    assert open_in_time.status == "processing"
    # The week before: only the carried dossier, new then and still in progress at the end.
    before = period_figures(date(2026, 11, 30), date(2026, 11, 30))
    assert (before.received, before.in_progress, before.accounted) == (1, {"in_time": 1, "overdue": 0}, 1)


def test_the_statistics_page_shows_the_figures(desk, app):
    from eoffice.demo import DEMO_PASSWORD
    from tests.helpers import html_problems, login

    receive()
    client = app.test_client()
    login(client, "chutichnt", DEMO_PASSWORD)
    html = client.get("/onestop/stats?tu=01/12/2026&den=31/12/2026").get_data(as_text=True)
    assert 'data-testid="stat-received">1<' in html and "trực tiếp 1" in html and html_problems(html) == []
