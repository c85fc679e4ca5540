"""A period with known dossiers: every figure is what happened, and the parts add up exactly."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from eoffice.calendar.timezone import VN
from eoffice.org.models import Unit
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
    assert 'data-testid="stat-received">1<' in html and 'data-testid="stat-desk">1<' in html and html_problems(html) == []


def _returned_and_rated(values: dict[str, str], channel: str = "online"):  # type: ignore[no-untyped-def]
    from eoffice.onestop import citizen
    from eoffice.onestop.schemas import RatingIn

    dossier = receive()
    _finish(dossier)
    processing.return_result(actor("motcua"), dossier)
    citizen.rate(dossier, RatingIn(values=values, channel=channel))
    return dossier


def test_satisfaction_is_counted_per_period_and_agency_with_the_satisfied_share(desk):
    from eoffice.onestop.statistics import satisfaction

    criteria = ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian")
    desk.moment = datetime(2026, 11, 30, 9, 0, tzinfo=VN)  # rated in November: not in December's figures
    _returned_and_rated({key: "khong_hai_long" for key in criteria})
    desk.moment = MORNING
    first = _returned_and_rated({key: "rat_hai_long" for key in criteria}, channel="kiosk")
    _returned_and_rated({**{key: "hai_long" for key in criteria}, "thoi_gian": "khong_hai_long"})
    december = satisfaction(date(2026, 12, 1), date(2026, 12, 31))
    assert december.dossiers == 2 and december.answers == 10
    assert december.counts == {"rat_hai_long": 5, "hai_long": 4, "khong_hai_long": 1}
    assert december.satisfied_percent == 90.0
    assert december.by_criterion["thoi_gian"] == {"rat_hai_long": 1, "hai_long": 0, "khong_hai_long": 1}
    assert satisfaction(date(2026, 11, 1), date(2026, 11, 30)).satisfied_percent == 0.0
    assert satisfaction(date(2026, 12, 1), date(2026, 12, 31), first.agency_unit_id).dossiers == 2
    other = db.session.scalar(select(Unit.id).where(Unit.id != first.agency_unit_id))
    assert satisfaction(date(2026, 12, 1), date(2026, 12, 31), other).answers == 0
    assert satisfaction(date(2026, 12, 1), date(2026, 12, 31), other).satisfied_percent is None


def test_the_excel_and_pdf_exports_carry_the_pages_figures(desk, app):
    import io
    import re

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from eoffice.demo import DEMO_PASSWORD
    from tests.helpers import login

    _returned_and_rated({key: "hai_long" for key in ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "thoi_gian")})
    late = receive(channel="postal")
    receive()
    desk.moment = datetime(2026, 12, 11, 9, 0, tzinfo=VN)
    _finish(late)
    db.session.commit()
    client = app.test_client()
    login(client, "chutichnt", DEMO_PASSWORD)
    query = "tu=01/12/2026&den=31/12/2026"
    html = client.get(f"/onestop/stats?{query}").get_data(as_text=True)
    shown = {name: re.search(rf'data-testid="{name}">([^<]*)<', html).group(1)  # type: ignore[union-attr]
             for name in ("stat-received", "stat-on-time", "stat-rated", "stat-satisfied")}
    assert shown == {"stat-received": "3", "stat-on-time": "50.0", "stat-rated": "1", "stat-satisfied": "100.0"}
    assert 'href="/onestop/stats.xlsx?' in html and 'href="/onestop/stats.pdf?' in html

    workbook = client.get(f"/onestop/stats.xlsx?{query}")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Cơ quan giải quyết")
    total = next(r for r in rows if r and r[0] == "Tổng cộng")
    figures = dict(zip(header, total))
    assert figures["Tổng số tiếp nhận"] == 3 and figures["Mới: bưu chính"] == 1 and figures["Mới: trực tiếp"] == 2
    assert (figures["Đã giải quyết: trước hạn"], figures["Đã giải quyết: quá hạn"]) == (1, 1)
    assert figures["Đang giải quyết: quá hạn"] + figures["Đang giải quyết: trong hạn"] == 1
    assert figures["Tỷ lệ đúng hạn (%)"] == "50" and figures["Hồ sơ được đánh giá"] == 1 and figures["Hài lòng (%)"] == "100"
    agency_rows = [r for r in rows[rows.index(header) + 1:] if r and r[0] not in (None, "Tổng cộng") and isinstance(r[1], int)]
    assert sum(r[1] for r in agency_rows) == 3, "the agencies' rows add up to the total"

    pdf = client.get(f"/onestop/stats.pdf?{query}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text and "Tổng cộng" in text
    assert client.get(f"/onestop/stats.csv?{query}").status_code == 404
