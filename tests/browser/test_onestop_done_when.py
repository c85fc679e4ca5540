"""Issue 12's done-when, as one story in Chromium: a citizen registers an account on a phone
(390×844, scripts off), confirms the code e-mailed to them and submits a building permit online
(liên thông: the ward, then the Department of Justice, then the ward's chair); the desk takes it
in and asks for a supplement; the citizen answers from «Hồ sơ của tôi»; the ward's officer
passes it on, the Department's specialist is late with their step, so the desk sends the apology
letter with a new date; the Department's director and the ward's chair finish; the desk signs
the result with the agency's key and returns it; the citizen opens the receipt's QR, reads the
status and rates the service; the period's statistics show exactly that dossier in the right
columns, and every notice e-mail arrived at the local SMTP server.

Lateness is made by moving the one-stop clock (`eoffice.onestop.clock.now`, which every
deadline, the control sheet, the apology rule and the statistics read) past the Department's
step deadline: the live server runs in this process, as the neighbouring tests' clocks do."""
from __future__ import annotations

import base64
import io
import re
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from eoffice.calendar import Duration, add_duration, classify_timeliness
from eoffice.calendar import service as calendar_service
from eoffice.calendar.timezone import to_local
from eoffice.onestop import clock
from tests.browser.test_incoming_flow import sign_in
from tests.browser.test_onestop_dossier import Desk, open_dossier, reload_until, serve_desk, sign_and_return
from tests.helpers import sample_pdf
from tests.integration.onestop.conftest import procedure, smtp  # noqa: F401 - smtp: the local SMTP server fixture

pytestmark = pytest.mark.browser
EMAIL = "tran.bich@example.vn"
PASSWORD = "hoa sen nở giữa đầm lầy"
REAL_NOW = calendar_service.now


class MovedClock:
    """The real time plus an offset the story moves forward (time keeps running)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return REAL_NOW() + self.offset


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, smtp: Any) -> Iterator[tuple[Desk, Any]]:  # noqa: F811
    url, mailbox = smtp
    for served in serve_desk(tmp_path_factory, smtp_url=url, mail_from="motcua@nhatrang.khanhhoa.gov.vn"):
        yield served, mailbox


def _in_db(app: Any, work: Any) -> Any:
    with app.app_context():
        return work()


def _dossier_id(app: Any, code: str) -> int:
    from sqlalchemy import select

    from eoffice.db import db
    from eoffice.onestop.models import Dossier

    return _in_db(app, lambda: db.session.scalar(select(Dossier.id).where(Dossier.code == code)))


def _open_as_desk(page: Page, base: str, dossier_id: int, code: str) -> None:
    page.goto(f"{base}/onestop/{dossier_id}")
    expect(page.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()


def _mail_code(mailbox: Any) -> str:
    return re.search(r"\b(\d{6})\b", mailbox.messages[-1].get_content()).group(1)  # type: ignore[union-attr]


def _finish_step(page: Page, base: str, who: str, code: str, result: str = "") -> None:
    sign_in(page, base, who)
    open_dossier(page, base, code)
    if result:
        page.get_by_label("Kết quả xử lý").fill(result)
    page.get_by_role("button", name="Hoàn thành và chuyển bước tiếp theo").click()
    expect(page.get_by_text("Đã chuyển bước tiếp theo.")).to_be_visible()


def test_issue_12_done_when(page: Page, desk: tuple[Desk, Any], browser: Browser, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    import zxingcpp
    from PIL import Image

    server, mailbox = desk
    base, app = server.url, server.app
    moved = MovedClock()
    monkeypatch.setattr(clock, "now", moved)
    pdf = tmp_path / "don-de-nghi.pdf"
    pdf.write_bytes(sample_pdf())

    # The citizen registers on a phone, without scripts, and confirms the e-mailed code.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    citizen = phone.new_page()
    citizen.goto(f"{base}/cong-dan/dang-ky")
    citizen.get_by_label("Họ và tên").fill("Trần Thị Bích")
    citizen.get_by_label("Số điện thoại hoặc thư điện tử").fill(EMAIL)
    citizen.get_by_label("Mật khẩu").fill(PASSWORD)
    citizen.get_by_role("button", name="Đăng ký và nhận mã xác nhận").click()
    expect(citizen.get_by_text(f"Đã gửi mã xác nhận tới {EMAIL}")).to_be_visible()
    assert mailbox.messages[-1]["To"] == EMAIL
    citizen.get_by_label("Mã xác nhận").fill(_mail_code(mailbox))
    citizen.get_by_role("button", name="Xác nhận").click()
    expect(citizen.get_by_text("Đã xác nhận tài khoản.")).to_be_visible()
    citizen.get_by_label("Mật khẩu").fill(PASSWORD)
    citizen.get_by_role("button", name="Đăng nhập").click()
    expect(citizen.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390, "the account pages fit the phone"

    # … and submits the building permit online: name and contact come from the account.
    citizen.goto(f"{base}/nop-truc-tuyen")
    citizen.get_by_label("Thủ tục hành chính").select_option(value=str(_in_db(app, lambda: procedure("GPXD-NORL").id)))
    citizen.get_by_role("button", name="Chọn thủ tục").click()
    expect(citizen.get_by_test_id("online-account")).to_contain_text(EMAIL)
    form = citizen.get_by_test_id("online-form")
    for box in form.get_by_role("checkbox").all():
        box.check()
    form.locator('input[name="file_0"]').set_input_files(str(pdf))
    form.get_by_role("button", name="Nộp hồ sơ").click()
    code = citizen.get_by_test_id("online-code").inner_text()
    assert re.fullmatch(r"H34\.01\.01-\d{6}-\d{4}", code)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390, "the phone page does not scroll sideways"
    dossier_id = _dossier_id(app, code)

    # The desk takes it in, prints the receipt with its QR, and asks for a supplement.
    sign_in(page, base, "motcua")
    _open_as_desk(page, base, dossier_id, code)
    page.get_by_role("button", name="Tiếp nhận hồ sơ trực tuyến").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đang xử lý")
    page.goto(f"{base}/onestop/{dossier_id}/receipt")
    qr_png = base64.b64decode(page.get_by_test_id("receipt-qr").get_attribute("src").split(",", 1)[1])  # type: ignore[union-attr]
    qr_url = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png)))[0].text
    assert qr_url.startswith(f"{base}/tra-cuu?ma={code}&xn=")
    _open_as_desk(page, base, dossier_id, code)
    page.get_by_label(re.compile("Thành phần cần bổ sung")).fill("Bản vẽ thiết kế xây dựng có chữ ký của đơn vị thiết kế")
    page.get_by_role("button", name="Gửi phiếu yêu cầu bổ sung").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Yêu cầu bổ sung")

    # The citizen answers from «Hồ sơ của tôi».
    citizen.goto(f"{base}/cong-dan/ho-so")
    expect(citizen.get_by_test_id("my-dossier-status")).to_have_text("Yêu cầu bổ sung")
    citizen.get_by_role("link", name=code).click()
    expect(citizen.get_by_text("Bản vẽ thiết kế xây dựng có chữ ký của đơn vị thiết kế", exact=True)).to_be_visible()
    drawing = tmp_path / "ban-ve-co-chu-ky.pdf"
    drawing.write_bytes(sample_pdf())
    citizen.get_by_label("Bản vẽ thiết kế xây dựng").set_input_files(str(drawing))
    citizen.get_by_role("button", name="Gửi phần bổ sung").click()
    expect(citizen.get_by_text("Đã gửi phần bổ sung.")).to_be_visible()
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đang xử lý")

    # The ward's officer passes it on to the Department of Justice …
    _finish_step(page, base, "tuphapnt", code, "Hồ sơ đủ điều kiện, chuyển Sở Tư pháp thẩm định")

    # … whose specialist is late: the clock goes one working day past their step's deadline.
    def department_step() -> tuple[datetime, datetime, Any]:
        from eoffice.db import db
        from eoffice.onestop.access import open_step
        from eoffice.onestop.models import Dossier

        dossier = db.session.get(Dossier, dossier_id)
        step = open_step(dossier)
        assert step is not None and step.unit.short_name == "STP"
        return step.deadline, dossier.deadline, clock.calendar_of(dossier)

    step_due, dossier_due, cal = _in_db(app, department_step)
    late_moment = add_duration(step_due, Duration(working_days=Fraction(1)), calendar=cal)
    moved.offset = late_moment - REAL_NOW()
    assert late_moment < dossier_due, "late for the step, still before the dossier's due date"

    # The desk sends the apology letter with a new date (at least one working day ahead of the due date).
    new_day = cal.next_working_day(to_local(dossier_due).date() + timedelta(days=7), include_self=True)
    sign_in(page, base, "motcua")
    _open_as_desk(page, base, dossier_id, code)
    page.get_by_label("Ngày giờ hẹn trả mới").fill(f"{new_day:%Y-%m-%d}T09:00")
    page.get_by_label("Lý do chậm").fill("Sở Tư pháp cần thêm thời gian thẩm định hồ sơ thiết kế")
    page.get_by_role("button", name="Gửi phiếu xin lỗi và hẹn lại").click()
    expect(page.get_by_test_id("dossier-due")).to_contain_text(f"{new_day:%d/%m/%Y}")

    _finish_step(page, base, "chuyenvienstp", code, "Thẩm định xong, đủ điều kiện cấp phép")
    _finish_step(page, base, "giamdocstp", code, "Đồng ý")
    _finish_step(page, base, "chutichnt", code, "Ký giấy phép")

    # The desk signs the result with the agency's key and returns it.
    sign_in(page, base, "motcua")
    _open_as_desk(page, base, dossier_id, code)
    sign_and_return(page, tmp_path / "giay-phep-xay-dung.pdf")
    sheet = page.get_by_test_id("control-sheet").locator("tbody tr")
    department = sheet.filter(has=page.get_by_role("cell", name="Sở Tư pháp", exact=True))
    expect(department.first).to_contain_text("Quá hạn")  # the specialist's step, handed in late
    expect(department.nth(1)).not_to_contain_text("Quá hạn")

    # The citizen opens the receipt's QR on the phone, reads the status and rates.
    phone.clear_cookies()
    citizen.goto(qr_url)
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đã trả kết quả")
    expect(citizen.get_by_text("Xin lỗi và hẹn lại ngày trả")).to_be_visible()
    reload_until(citizen, "lookup-result-valid")
    rating = citizen.get_by_test_id("rating-form")
    for fieldset in rating.locator("fieldset").all():
        fieldset.get_by_label("Hài lòng", exact=True).check()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_text("Cảm ơn ông/bà đã đánh giá.")).to_be_visible()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    # The period's statistics: exactly this dossier, online, resolved in the column its timeliness says.
    def expected_column() -> tuple[str, datetime]:
        from eoffice.db import db
        from eoffice.onestop.models import Dossier

        dossier = db.session.get(Dossier, dossier_id)
        verdict = classify_timeliness(dossier.deadline, dossier.resolved_at, calendar=cal)
        assert verdict is not None and not verdict.is_late, "resolved before the apology's new date"
        return verdict.value, dossier.received_at

    column, received_at = _in_db(app, expected_column)
    first, last = to_local(received_at).date(), to_local(moved()).date()  # from its receipt to the rating
    sign_in(page, base, "motcua")
    page.goto(f"{base}/onestop/stats?tu={first:%d/%m/%Y}&den={last:%d/%m/%Y}")
    figures = {name: page.get_by_test_id(f"stat-{name}").inner_text() for name in (
        "received", "carried", "online", "desk", "postal", "resolved", "early", "on_time", "late", "in-progress",
        "supplement", "suspended", "refused", "withdrawn", "rated", "answers-hai_long", "on-time")}
    assert figures == {
        "received": "1", "carried": "0", "online": "1", "desk": "0", "postal": "0", "resolved": "1",
        "early": "1" if column == "early" else "0", "on_time": "1" if column == "on_time" else "0", "late": "0",
        "in-progress": "0", "supplement": "0", "suspended": "0", "refused": "0", "withdrawn": "0",
        "rated": "1", "answers-hai_long": "5", "on-time": "100.0"}

    # Every notice e-mail reached the local SMTP server (the worker sends them).
    expected = ["đã được gửi", "đã được tiếp nhận", "cần bổ sung", "đã nhận phần bổ sung", "xin lỗi", "đã có kết quả",
                "đã trả kết quả"]
    for _ in range(60):
        notices = [m.get_content() for m in mailbox.messages if code in str(m["Subject"])]
        if all(any(text in body for body in notices) for text in expected):
            break
        page.wait_for_timeout(500)
    assert all(m["To"] == EMAIL for m in mailbox.messages)
    assert [text for text in expected if not any(text in body for body in notices)] == []
