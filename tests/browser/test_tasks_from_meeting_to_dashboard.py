"""Tasks clicked through in Chromium, the issue's "done when": the chairperson creates a plan
and gives tasks to two units from a meeting's conclusions; the unit head splits one between two
specialists; one finishes early, the other asks for an extension that the head approves, and
the other unit's task goes overdue; the dashboard and the exported Excel report show exactly
those figures, and the reminder e-mails arrived at a real local SMTP server (aiosmtpd); the
unit head's and the specialist's own boards, reached from the menu, show their part of it."""
from __future__ import annotations

import io
import logging
import socket
import threading
import time
from datetime import timedelta
from typing import Any, Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_incoming_flow import sign_in
from tests.conftest import _build_app, _migrate
from tests.integration.tasks.conftest import _Inbox

pytestmark = pytest.mark.browser

MEETING = "Thông báo kết luận số 45/TB-UBND của Chủ tịch UBND tỉnh"
PLAN = "Kế hoạch CCHC năm 2026 (kiểm thử)"


class Office:
    def __init__(self, url: str, app: Any, inbox: _Inbox) -> None:
        self.url, self.app, self.inbox = url, app, inbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """A live server on the demo office that mails through a local SMTP server, with a second
    specialist in Phòng Kinh tế."""
    from aiosmtpd.controller import Controller
    from waitress.server import create_server

    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import Role
    from eoffice.db import db
    from eoffice.demo import load_demo
    from eoffice.org.models import Unit

    logging.getLogger("mail.log").setLevel(logging.ERROR)
    inbox = _Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    data_dir = tmp_path_factory.mktemp("tasks-live")
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir, smtp_url=f"smtp://127.0.0.1:{smtp.port}")
    with app.app_context():
        load_demo(with_documents=False)
        kt = db.session.scalars(select(Unit).where(Unit.short_name == "KT")).one()
        accounts.create_user(Actor.operator("kiểm thử"), username="chuyenvien2", full_name="Lê Thị Mai",
                             password="Demo@2026", email="chuyenvien2@demo.eoffice.local", unit_id=kt.id,
                             position="Chuyên viên", roles=[Role.SPECIALIST])
        db.session.commit()
    port = _free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    from eoffice.outbox.worker import start_in_thread

    stop_worker = start_in_thread(app)
    yield Office(f"http://127.0.0.1:{port}", app, inbox)
    stop_worker.set()
    server.close()
    smtp.stop()


def _open_task(page: Page, base: str, title: str) -> None:
    page.goto(f"{base}/tasks/?tab=cua_toi")
    page.get_by_role("link", name=title).click()


def _wait_for_mail(inbox: _Inbox, address: str, words: str, seconds: float = 20) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = [m for m in inbox.to(address) if words in m.get_content()]
        if found:
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no e-mail to {address} containing {words!r}; got {[m['Subject'] for _, m in inbox.messages]}")


def test_from_a_meetings_conclusions_to_the_dashboard_and_the_report(office: Office, page: Page, screenshot_dir):
    base = office.url
    # The chairperson: a plan, then two units' tasks from the meeting's conclusions.
    sign_in(page, base, "chutich")
    page.goto(f"{base}/tasks/plans")
    page.get_by_label("Tên kế hoạch").fill(PLAN)
    page.get_by_label("Năm").fill("2026")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_test_id("plan-total")).to_have_text("0/0 nhiệm vụ hoàn thành")
    page.get_by_role("link", name="Giao từ kết luận cuộc họp").click()
    page.get_by_label("Cuộc họp (tên, số thông báo kết luận)").fill(MEETING)
    page.get_by_label("Kết luận 1", exact=True).fill("Hoàn thiện đề án chuyển đổi số")
    page.get_by_label("Đơn vị chủ trì 1", exact=True).select_option(label="Phòng Kinh tế")
    page.get_by_label("Lĩnh vực 1", exact=True).fill("Chuyển đổi số")
    page.get_by_label("Số ngày làm việc 1", exact=True).fill("10")
    page.get_by_label("Kết luận 2", exact=True).fill("Rà soát văn bản quy phạm pháp luật")
    page.get_by_label("Đơn vị chủ trì 2", exact=True).select_option(label="Sở Tư pháp")
    page.get_by_label("Lĩnh vực 2", exact=True).fill("Cải cách thể chế")
    page.get_by_label("Số ngày làm việc 2", exact=True).fill("2")
    page.get_by_role("button", name="Giao các nhiệm vụ").click()
    expect(page.get_by_text("Đã giao 2 nhiệm vụ từ kết luận cuộc họp.")).to_be_visible()

    # The head of Phòng Kinh tế splits it between two specialists.
    sign_in(page, base, "truongphong")
    _open_task(page, base, "Hoàn thiện đề án chuyển đổi số")
    split = page.get_by_test_id("split-form")
    split.get_by_label("Nhiệm vụ con 1").fill("Khảo sát hiện trạng")
    split.get_by_label("Chuyên viên 1").select_option(label="Phạm Văn Đức")
    split.get_by_label("Số ngày làm việc 1").fill("5")
    split.get_by_label("Nhiệm vụ con 2").fill("Dự thảo đề án")
    split.get_by_label("Chuyên viên 2").select_option(label="Lê Thị Mai")
    split.get_by_label("Số ngày làm việc 2").fill("6")
    split.get_by_role("button", name="Giao nhiệm vụ con").click()
    expect(page.get_by_test_id("children")).to_contain_text("Lê Thị Mai")

    # One specialist finishes early, with the evidence attached.
    sign_in(page, base, "chuyenvien")
    _open_task(page, base, "Khảo sát hiện trạng")
    page.get_by_role("button", name="Nhận nhiệm vụ").click()
    page.get_by_label("Kết quả thực hiện").fill("Đã khảo sát 20 cơ quan, có báo cáo kèm theo.")
    page.get_by_label("Tài liệu minh chứng").set_input_files(
        files=[{"name": "bao-cao-khao-sat.txt", "mimeType": "text/plain", "buffer": "Báo cáo khảo sát".encode()}])
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Đã hoàn thành (chờ xác nhận)")
    expect(page.get_by_test_id("timeliness")).to_have_text("Trước hạn")

    # The other asks for more time; the head approves; the original deadline stays on record.
    sign_in(page, base, "chuyenvien2")
    _open_task(page, base, "Dự thảo đề án")
    page.get_by_label("Tiến độ (%)").fill("150")
    page.get_by_label("Nội dung báo cáo").fill("Đã có đề cương")
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    expect(page.locator("#progress-percent-error")).to_contain_text("vượt quá 100%")
    page.get_by_label("Tiến độ (%)").fill("30")
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    expect(page.get_by_test_id("task-progress")).to_have_text("Tiến độ 30%")
    page.get_by_label("hoặc số ngày làm việc kể từ hôm nay").fill("8")
    page.get_by_label("Lý do xin gia hạn").fill("Chờ số liệu của các sở")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    sign_in(page, base, "truongphong")
    page.goto(f"{base}/tasks/?tab=toi_giao")
    page.get_by_role("link", name="Dự thảo đề án").click()
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page.get_by_test_id("extensions")).to_contain_text("Đã đồng ý")
    expect(page.get_by_test_id("task-deadline")).to_contain_text("hạn ban đầu")

    # Two working days pass for Sở Tư pháp: its task is now overdue, and the job reminds.
    from eoffice.db import db
    from eoffice.outbox.service import drain
    from eoffice.tasks.models import Task
    from eoffice.tasks.reminders import send_due_reminders

    with office.app.app_context():
        stp_task = db.session.scalars(select(Task).where(Task.title == "Rà soát văn bản quy phạm pháp luật")).one()
        stp_task.deadline = stp_task.deadline - timedelta(days=14)  # (WorkItem's column)
        db.session.commit()
        assert send_due_reminders() >= 1
        drain()
    overdue_mail = _wait_for_mail(office.inbox, "giamdocstp@demo.eoffice.local", "đã quá hạn")
    assert "Rà soát văn bản quy phạm pháp luật" in overdue_mail.get_content()
    _wait_for_mail(office.inbox, "chutich@demo.eoffice.local", "đã quá hạn")

    # The chairperson's dashboard shows exactly those figures, and the report the same.
    sign_in(page, base, "chutich")
    page.goto(f"{base}/tasks/dashboard")
    page.screenshot(path=str(screenshot_dir / "tasks-dashboard.png"), full_page=True)
    overall = page.get_by_test_id("overall")
    expect(overall).to_contain_text("2 nhiệm vụ")
    expect(overall).to_contain_text("2 đang thực hiện")
    expect(overall).to_contain_text("1 quá hạn")
    by_unit = page.get_by_test_id("by-unit")
    stp = by_unit.locator('tr[data-row="Sở Tư pháp"]')
    expect(stp.locator('[data-col="overdue"]')).to_have_text("1")
    kt = by_unit.locator('tr[data-row="Phòng Kinh tế"]')
    expect(kt.locator('[data-col="open"]')).to_have_text("1")
    by_person = page.get_by_test_id("by-person")
    expect(by_person.locator('tr[data-row="Phạm Văn Đức"] [data-col="early"]')).to_have_text("1")
    expect(by_person.locator('tr[data-row="Lê Thị Mai"] [data-col="in_time"]')).to_have_text("1")
    stp.locator('[data-col="overdue"] a').click()
    expect(page.get_by_test_id("task-list")).to_contain_text("Rà soát văn bản quy phạm pháp luật")
    expect(page.get_by_test_id("task-list").locator("tbody tr")).to_have_count(1)

    page.goto(f"{base}/tasks/dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo Excel").click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
    # Tổng số, Đã hoàn thành, Trước hạn, Đúng hạn, Hoàn thành quá hạn, Đang thực hiện, Trong hạn, Sắp đến hạn, Quá hạn
    assert rows["Sở Tư pháp"][:9] == (1, 0, 0, 0, 0, 1, 0, 0, 1)
    assert rows["Tổng cộng"][0] == 2 and rows["Tổng cộng"][8] == 1
    page.goto(f"{base}/tasks/plans")
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_test_id("plan-total")).to_have_text("0/2 nhiệm vụ hoàn thành")

    # The unit head's own board, from the menu: the unit's people and the sub-tasks split.
    sign_in(page, base, "truongphong")
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Theo dõi nhiệm vụ đơn vị").click()
    board = page.get_by_test_id("unit-board")
    expect(board.get_by_test_id("unit-people").locator('tr[data-row="Phạm Văn Đức"] [data-col="early"]')).to_have_text("1")
    expect(board.get_by_test_id("unit-people").locator('tr[data-row="Lê Thị Mai"] [data-col="in_time"]')).to_have_text("1")
    expect(board.get_by_test_id("unit-split").locator('[data-col="total"]')).to_have_text("2")
    page.screenshot(path=str(screenshot_dir / "tasks-unit-dashboard.png"), full_page=True)
    # A specialist's queue, from the menu; its number opens the list behind it.
    sign_in(page, base, "chuyenvien2")
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Bảng việc của tôi").click()
    expect(page.get_by_test_id("open")).to_contain_text("1 Đang thực hiện")
    page.get_by_test_id("open").get_by_role("link").click()
    expect(page.get_by_test_id("task-list").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("task-list")).to_contain_text("Dự thảo đề án")


def test_the_weeks_schedule_is_approved_published_and_prints_on_one_a4_page(office: Office, page: Page, tmp_path):
    from datetime import date

    from pypdf import PdfReader

    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.calendar import service as calendar
    from eoffice.db import db
    from eoffice.tasks import schedule
    from eoffice.tasks.schemas import ScheduleEntryIn

    base = office.url
    with office.app.app_context():
        monday = schedule.monday_of(calendar.now().date()) + timedelta(days=7)
        chief = Actor(db.session.scalars(select(User).where(User.username == "chanhvanphong")).one())
        leaders = {u.username: u.id for u in schedule.leaders()}
        for offset in range(5):  # a full week: two lines a day for each of the two leaders
            day: date = monday + timedelta(days=offset)
            for leader in ("chutich", "phochutich"):
                schedule.add_entry(chief, ScheduleEntryIn(day=day, start="08:00", end="10:00", leader_id=leaders[leader],
                                                          content=f"Họp chuyên đề ngày {day:%d/%m}", place="Phòng họp số 1",
                                                          attendees="Lãnh đạo các sở, ngành liên quan", preparer="Văn phòng UBND tỉnh"))
    sign_in(page, base, "chanhvanphong")
    page.goto(f"{base}/tasks/schedule?week={monday.isoformat()}")
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Ngày").fill(monday.isoformat())
    form.get_by_label("Lãnh đạo").select_option(label="Đặng Quốc Hùng – Chủ tịch")
    form.get_by_label("Từ giờ").fill("09:00")
    form.get_by_label("Đến giờ").fill("09:30")
    form.get_by_label("Nội dung").fill("Tiếp khách")
    form.get_by_role("button", name="Thêm vào lịch").click()
    expect(page.locator("#entry-start-error")).to_contain_text("đã có lịch")
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Từ giờ").fill("14:00")
    form.get_by_label("Đến giờ").fill("16:00")
    form.get_by_role("button", name="Thêm vào lịch").click()
    expect(page.get_by_test_id("schedule")).to_contain_text("Tiếp khách")
    sign_in(page, base, "chutich")
    page.goto(f"{base}/tasks/schedule?week={monday.isoformat()}")
    page.get_by_role("button", name="Duyệt lịch tuần").click()
    sign_in(page, base, "chanhvanphong")
    page.goto(f"{base}/tasks/schedule?week={monday.isoformat()}")
    page.get_by_role("button", name="Công bố lịch tuần").click()
    expect(page.get_by_test_id("schedule-status")).to_have_text("Đã công bố")
    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/tasks/schedule?week={monday.isoformat()}")
    page.get_by_test_id("print-link").click()
    pdf = tmp_path / "lich-cong-tac.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1, f"the week's schedule took {len(reader.pages)} pages"
    assert "Tiếp khách" in reader.pages[0].extract_text()
