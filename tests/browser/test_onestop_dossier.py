"""A one-stop dossier clicked through in Chromium: the desk officer receives a marriage
registration at the desk and prints the receipt with its QR, the commune's civil-status officer
processes it, the desk sends the apology letter with a new date because it will be late, the
chairperson signs, the desk returns the result — and the citizen, on a phone-sized screen and
without an account, opens the receipt's lookup link, reads the status and rates the service."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from eoffice.calendar import national_calendar
from eoffice.calendar.timezone import now
from tests.browser.test_incoming_flow import sign_in

pytestmark = pytest.mark.browser


def open_dossier(page: Page, base: str, code: str) -> None:
    page.goto(f"{base}/onestop/?tab=cho_toi")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()


def test_a_dossier_from_the_desk_to_the_citizens_rating(page: Page, live_server: str, browser: Browser):
    base = live_server
    sign_in(page, base, "motcua")
    page.goto(f"{base}/onestop/new")
    page.get_by_label("Thủ tục hành chính").select_option(label="1.000894 – Thủ tục đăng ký kết hôn (5 ngày làm việc)")
    page.get_by_role("button", name="Chọn thủ tục").click()
    page.get_by_label("Họ tên người nộp").fill("Trương Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0988 765 432")
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(page.locator(".field-error, .error").first).to_contain_text("Tờ khai đăng ký kết hôn theo mẫu")
    expect(page.get_by_label("Họ tên người nộp")).to_have_value("Trương Thị Hoa")  # nothing typed is lost
    page.get_by_label(re.compile("Tờ khai đăng ký kết hôn theo mẫu")).check()
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    code = page.get_by_test_id("receipt-code").inner_text()
    secret = page.get_by_test_id("receipt-secret").inner_text()
    expect(page.get_by_test_id("receipt-qr")).to_be_visible()
    assert re.fullmatch(r"H34\.01\.01-\d{6}-\d{4}", code)

    sign_in(page, base, "tuphapnt")
    open_dossier(page, base, code)
    page.get_by_label("Kết quả xử lý").fill("Đủ điều kiện đăng ký kết hôn")
    page.get_by_role("button", name="Hoàn thành và chuyển bước tiếp theo").click()
    expect(page.get_by_text("Đã chuyển bước tiếp theo.")).to_be_visible()

    # It will be late: the desk apologises with a new date, once.
    cal = national_calendar()
    new_day = cal.next_working_day(now().date() + timedelta(days=21), include_self=True)
    sign_in(page, base, "motcua")
    page.goto(f"{base}/onestop/?tab=dang_giai_quyet")
    page.get_by_role("link", name=code).click()
    page.get_by_label("Ngày giờ hẹn trả mới").fill(f"{new_day:%Y-%m-%d}T09:00")
    page.get_by_label("Lý do chậm").fill("Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây")
    page.get_by_role("button", name="Gửi phiếu xin lỗi và hẹn lại").click()
    expect(page.get_by_test_id("dossier-due")).to_contain_text(f"{new_day:%d/%m/%Y}")
    page.get_by_label("Ngày giờ hẹn trả mới").fill(f"{new_day + timedelta(days=7):%Y-%m-%d}T09:00")
    page.get_by_label("Lý do chậm").fill("Lần hai")
    page.get_by_role("button", name="Gửi phiếu xin lỗi và hẹn lại").click()
    expect(page.get_by_text(re.compile("chỉ được hẹn lại một lần"))).to_be_visible()

    sign_in(page, base, "chutichnt")
    open_dossier(page, base, code)
    page.get_by_role("button", name="Hoàn thành và chuyển bước tiếp theo").click()
    sign_in(page, base, "motcua")
    open_dossier(page, base, code)
    page.get_by_role("button", name="Trả kết quả cho công dân").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã trả kết quả")
    rows = page.get_by_test_id("control-sheet").locator("tbody tr")
    expect(rows).to_have_count(4)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    citizen = phone.new_page()
    citizen.goto(f"{base}/tra-cuu?ma={code}&xn={secret}")  # what the receipt's QR opens
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đã trả kết quả")
    expect(citizen.get_by_text("Xin lỗi và hẹn lại ngày trả")).to_be_visible()
    form = citizen.get_by_test_id("rating-form")
    for fieldset in form.locator("fieldset").all():
        fieldset.get_by_label("Rất hài lòng").check()
    form.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_text("Cảm ơn ông/bà đã đánh giá.")).to_be_visible()
    phone.close()
