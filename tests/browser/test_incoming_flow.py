"""The daily path of an incoming document, clicked through in Chromium by four people.

A clerk registers a scanned letter, the chairperson routes it to a lead and a coordinating
unit, the lead unit's head assigns a specialist, the specialist completes it and the unit head
closes it; at every step the queues and their counts move as they should, and the register
prints with the document in it.
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from eoffice.calendar import add_working_days_to_date, national_calendar
from eoffice.calendar.timezone import now as vn_now
from eoffice.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SUBJECT = "Về việc kiểm tra công tác phòng chống thiên tai năm 2026 tại xã Đông Hòa"


def scanned_letter(path) -> None:  # type: ignore[no-untyped-def]
    """An image-only PDF, as a scanner makes it: no text layer for the app to read."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for line, y in (("UY BAN NHAN DAN XA DONG HOA", 120), ("So: 87/UBND-VP", 200), ("Kiem tra phong chong thien tai", 400)):
        draw.text((150, y), line, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    path.write_bytes(buffer.getvalue())


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def count(page: Page, base: str, tab: str) -> int:
    page.goto(f"{base}/incoming/?tab={tab}")
    return int(page.get_by_test_id(f"count-{tab}").inner_text())


def open_document(page: Page, base: str, tab: str) -> None:
    page.goto(f"{base}/incoming/?tab={tab}")
    page.get_by_test_id("incoming-list").get_by_role("link", name=SUBJECT).click()
    expect(page.locator("h1")).to_have_text(SUBJECT)


def test_a_scanned_letter_goes_from_the_clerk_to_done_and_into_the_register(page: Page, live_server: str, tmp_path, screenshot_dir) -> None:
    base = live_server
    scan = tmp_path / "cong-van-87.pdf"
    scanned_letter(scan)
    issued = date(2026, 11, 2)
    deadline = add_working_days_to_date(vn_now().date(), 5, calendar=national_calendar())

    # Before: what the four people have in their queues now (the demo office is not empty).
    sign_in(page, base, "chutich")
    chair_waiting = count(page, base, "cho_chi_dao")
    sign_in(page, base, "truongphong")
    head_to_do = count(page, base, "can_xu_ly")
    sign_in(page, base, "giamdocstp")
    coordinating_to_do = count(page, base, "can_xu_ly")
    sign_in(page, base, "chuyenvien")
    specialist_to_do = count(page, base, "can_xu_ly")
    specialist_done = count(page, base, "da_xu_ly")

    # 1. The clerk uploads the scan, fills in what the scan cannot tell, and registers it.
    sign_in(page, base, "vanthu")
    registered_today = count(page, base, "da_vao_so")
    page.goto(f"{base}/incoming/new")
    page.get_by_label("Văn bản chính").set_input_files(str(scan))
    page.get_by_role("button", name="Tải lên và đọc thông tin").click()
    expect(page.get_by_label("Trích yếu nội dung")).to_be_visible()
    page.get_by_label("Cơ quan ban hành (tác giả)").fill("Ủy ban nhân dân xã Đông Hòa")
    page.get_by_label("Số", exact=True).fill("87")
    page.get_by_label("Ký hiệu").fill("UBND-VP")
    page.get_by_label("Ngày văn bản").fill(issued.isoformat())
    page.get_by_label("Tên loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    page.get_by_label("Số trang").fill("1")
    page.get_by_label("Trình lãnh đạo").select_option(label="Đặng Quốc Hùng – Chủ tịch")
    page.get_by_role("button", name="Vào sổ").click()
    expect(page.get_by_test_id("doc-status")).to_have_text("Chờ ý kiến chỉ đạo")
    arrival = page.get_by_test_id("arrival-number").inner_text().split(" ")[0]
    page.screenshot(path=str(screenshot_dir / "incoming-1-registered.png"), full_page=True)
    assert count(page, base, "da_vao_so") == registered_today + 1

    # The worker indexes it in the background: typed without accents, it is found and highlighted.
    for _ in range(20):
        page.goto(f"{base}/search?q=phong+chong+thien+tai+dong+hoa")
        if page.get_by_test_id("search-results").count():
            break
        page.wait_for_timeout(500)
    expect(page.get_by_test_id("search-results").get_by_role("link", name=SUBJECT)).to_be_visible()
    expect(page.get_by_test_id("search-results").locator("mark").first).to_be_visible()

    # 2. The chairperson sees it waiting and routes it: lead unit, coordinating unit, deadline.
    sign_in(page, base, "chutich")
    assert count(page, base, "cho_chi_dao") == chair_waiting + 1
    open_document(page, base, "cho_chi_dao")
    form = page.get_by_test_id("route-form")
    form.get_by_label("Ý kiến chỉ đạo").fill("Giao Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp kiểm tra và báo cáo.")
    form.get_by_label("Chủ trì: Phòng Kinh tế", exact=True).check()
    form.get_by_label("Hạn của đơn vị chủ trì").fill(deadline.isoformat())
    form.get_by_label("Phối hợp: Sở Tư pháp", exact=True).check()
    form.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.get_by_test_id("doc-status")).to_have_text("Đang xử lý")
    expect(page.get_by_test_id("assignments")).to_contain_text("Phòng Kinh tế")
    expect(page.get_by_test_id("assignments")).to_contain_text("Sở Tư pháp")
    assert count(page, base, "cho_chi_dao") == chair_waiting

    # The coordinating unit has it too.
    sign_in(page, base, "giamdocstp")
    assert count(page, base, "can_xu_ly") == coordinating_to_do + 1

    # 3. The lead unit's head assigns a specialist.
    sign_in(page, base, "truongphong")
    assert count(page, base, "can_xu_ly") == head_to_do + 1
    open_document(page, base, "can_xu_ly")
    work = page.get_by_test_id("my-work-lead")
    work.get_by_label("Phạm Văn Đức – Chuyên viên").check()
    work.get_by_label("Nội dung giao").fill("Đồng chí Đức kiểm tra thực địa, dự thảo báo cáo.")
    work.get_by_role("button", name="Phân công").click()
    expect(page.get_by_test_id("assignments")).to_contain_text("Phạm Văn Đức")

    # 4. The specialist finds it in the queue and completes the part.
    sign_in(page, base, "chuyenvien")
    assert count(page, base, "can_xu_ly") == specialist_to_do + 1
    open_document(page, base, "can_xu_ly")
    mine = page.get_by_test_id("my-work-handler")
    mine.get_by_label("Kết quả xử lý").fill("Đã kiểm tra thực địa ngày 20/11, báo cáo kèm theo.")
    mine.get_by_role("button", name="Hoàn thành phần việc").click()
    expect(page.get_by_test_id("my-work-handler")).to_have_count(0)
    assert count(page, base, "can_xu_ly") == specialist_to_do
    assert count(page, base, "da_xu_ly") == specialist_done + 1

    # 5. The unit head closes the document for the lead unit.
    sign_in(page, base, "truongphong")
    page.goto(f"{base}/incoming/?tab=tat_ca&q=Đông Hòa")
    page.get_by_test_id("incoming-list").get_by_role("link", name=SUBJECT).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("close-form").get_by_label("Kết quả giải quyết").fill("Đã báo cáo Chủ tịch UBND tỉnh.")
    page.get_by_test_id("close-form").get_by_role("button", name="Kết thúc xử lý").click()
    # Sở Tư pháp has not finished its coordinating part: it stays open (documents.closing).
    expect(page.get_by_test_id("doc-status")).to_have_text("Chủ trì đã xong, còn phối hợp")
    page.screenshot(path=str(screenshot_dir / "incoming-2-closed.png"), full_page=True)
    assert count(page, base, "can_xu_ly") == head_to_do

    # 6. The clerk prints the register: the document is there, and the PDF downloads.
    sign_in(page, base, "vanthu")
    page.goto(f"{base}/incoming/registers/")
    page.get_by_label("Sổ", exact=True).select_option(index=0)
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_test_id("register-table")).to_contain_text("87/UBND-VP")
    expect(page.get_by_test_id("register-table")).to_contain_text(arrival.split("/")[0])
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.screenshot(path=str(screenshot_dir / "incoming-3-register.png"), full_page=True)
